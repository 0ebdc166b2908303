package io.shomei.examples.web;

import io.shomei.core.DownloadTicketInfo;
import io.shomei.core.LoginResult;
import io.shomei.core.PasswordProof;
import io.shomei.core.PendingLogin;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.examples.web.http.Session;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a session holds, server-side only: a running acquisition, a download ticket, a pending
 * login, or a completed login. None of it ever goes into a URL, a form field or a cookie. When the
 * nodes share their sessions ({@link io.shomei.examples.web.http.JdbcSessionStore}),
 * {@link StateCodec} writes each of these to the database.
 */
final class State {
  private State() {}

  /**
   * An acquisition running on the issuing executor of the node that took the form (the A3
   * "issuing" screen polls for its outcome, which that node puts into the session as a
   * {@link Ticket} or a {@link Refused}, so the poll may reach any node).
   */
  record Job(String service, String userId, Instant startedAt) {
    Job {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /**
   * The download ticket of an acquired or renewed certificate (its id is a bearer secret), and
   * the certificate; {@code renewed} when the file is protected by the password the customer chose
   * at renewal rather than by the certificate acquisition password.
   */
  record Ticket(String service, String userId, DownloadTicketInfo info,
      CertificateSummary certificate, boolean renewed) {
    Ticket withInfo(DownloadTicketInfo next) {
      return new Ticket(service, userId, next, certificate, renewed);
    }
  }

  /**
   * A login whose certificate step passed; the next step is the password or its change. After
   * the password step asked for a change, {@code proof} stands for the password just given, so
   * the change screen asks only for the new one.
   */
  record Pending(String service, PendingLogin pending, CertificateSummary certificate,
      @Nullable Instant unusableFrom, LoginResult.ChangeRequired.@Nullable Reason changeRequired,
      @Nullable PasswordProof proof) {
    Pending(String service, PendingLogin pending, CertificateSummary certificate,
        @Nullable Instant unusableFrom) {
      this(service, pending, certificate, unusableFrom, null, null);
    }

    Pending withChangeRequired(LoginResult.ChangeRequired c) {
      return new Pending(service, pending, certificate, unusableFrom, c.reason(), c.proof());
    }
  }

  /** An acquisition's refusal, shown once by the form it sends the browser back to. */
  record Refused(String service, String userId, Notice notice) {}

  /** A completed login; {@code changeNoticeShown} once the "password changed" notice was shown. */
  record SignedIn(String service, LoginResult.Authenticated authenticated,
      boolean changeNoticeShown) {
    SignedIn(String service, LoginResult.Authenticated authenticated) {
      this(service, authenticated, false);
    }

    SignedIn withChangeNoticeShown() {
      return new SignedIn(service, authenticated, true);
    }
  }

  static final Session.Key<Job> JOB = new Session.Key<>("acquisition-job", Job.class);
  static final Session.Key<Ticket> TICKET = new Session.Key<>("download-ticket", Ticket.class);
  static final Session.Key<Pending> PENDING = new Session.Key<>("pending-login", Pending.class);
  static final Session.Key<Refused> REFUSED =
      new Session.Key<>("acquisition-refused", Refused.class);
  static final Session.Key<SignedIn> SIGNED_IN = new Session.Key<>("signed-in", SignedIn.class);
}
