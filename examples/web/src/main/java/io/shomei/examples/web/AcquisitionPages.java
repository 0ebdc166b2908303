package io.shomei.examples.web;

import io.shomei.spi.Secret;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadRefusal;
import io.shomei.core.DownloadResult;
import io.shomei.core.DownloadTicketInfo;
import io.shomei.core.password.HashingBusyException;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.pkcs12.Pkcs12Profile;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.FormData;
import io.shomei.examples.web.http.HttpError;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Session;
import io.shomei.spi.AccountKey;
import io.shomei.spi.KeyCustodyException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Manual 2.1, certificate acquisition: the issuance authentication form (A2), the "issuing" screen
 * (A3), the download screen (A4) and the download itself (A5).
 *
 * <p>The acquisition runs on a small executor. The form's answer waits for it a moment
 * ({@link #QUICK_ANSWER_MILLIS}): a refusal (a wrong password, "no need") then comes back on the
 * form's own URL, and a quick issuance goes straight to the download screen. Only an issuance that
 * takes longer shows the A3 "issuing" screen, which reloads itself (a
 * {@code <meta http-equiv="refresh">}, no script) until the result is there; a refusal found
 * there also sends the browser back to the form's URL, with the notice. The
 * passwords go from the form straight into the SDK's request, which destroys them; the session
 * keeps only the running job and then the download ticket, never a password.
 */
final class AcquisitionPages {
  /**
   * How long the form's answer waits for the acquisition before showing the "issuing" screen:
   * authentication (two hash verifications) and a refusal take less; an issuance may take more.
   */
  static final long QUICK_ANSWER_MILLIS = 1500;

  /**
   * How long the "issuing" screen waits for an outcome before it takes the job for lost (its node
   * stopped): far above an issuance's time, even behind a full queue of them.
   */
  static final java.time.Duration LOST_AFTER = java.time.Duration.ofMinutes(2);

  /** The {@code Retry-After} of an acquisition refused because key custody could not sign. */
  static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 60;

  private final App app;
  private final ExecutorService issuing;

  AcquisitionPages(App app, ExecutorService issuing) {
    this.app = app;
    this.issuing = issuing;
  }

  /** GET /{service}/acquire: the issuance authentication screen (A2), with a refusal's notice. */
  Response form(Request r) {
    String service = App.service(r);
    Session session = r.session().orElse(null);
    State.Refused refused = session == null ? null : session.remove(State.REFUSED);
    if (refused != null && refused.service().equals(service)) {
      return formPage(r, service, refused.userId(), List.of(refused.notice()), 200);
    }
    return formPage(r, service, "", List.of(), 200);
  }

  private Response formPage(Request r, String service, String userId, List<Notice> notices,
      int status) {
    Session s = r.sessionOrCreate();
    Map<String, Object> m = App.model(s, service);
    m.put("userId", userId);
    return app.views.page(r, status, new Views.Page(service, "title.acquire",
        "/" + service + "/acquire", notices, app.views.fragment(r, "acquire", m)));
  }

  /** POST /{service}/acquire: starts the acquisition, then shows the A3 screen. */
  Response submit(Request r) {
    String service = App.service(r);
    r.passwordForm();
    // a new session id for what follows (the job, then the download ticket): an id planted in
    // the customer's browser before this form is worthless after it
    Session s = r.rotateSession();
    Messages.Bundle b = app.views.bundle(r);
    FormData form = r.form();
    String userId = form.text("userId", AccountKey.MAX_LENGTH).strip();
    Pkcs12Profile profile = profile(form.text("profile", 16), r.header("User-Agent"));
    Secret password = form.secret("password", App.MAX_FIELD);
    Secret acquisitionPassword = form.secret("acquisitionPassword", App.MAX_FIELD);
    if (userId.isEmpty() || password.length() == 0 || acquisitionPassword.length() == 0) {
      password.destroy();
      acquisitionPassword.destroy();
      return formPage(r, service, userId, List.of(Notice.error(b.text("acquire.missing"))), 200);
    }
    if (!r.limits().acquisitionFor(userId)) {
      password.destroy();
      acquisitionPassword.destroy();
      return formPage(r, service, userId, List.of(Notice.error(b.text("acquire.too-many"))), 429);
    }
    AcquisitionRequest request =
        AcquisitionRequest.of(userId, service, password, acquisitionPassword)
            .withPkcs12Profile(profile);
    s.remove(State.TICKET);
    s.remove(State.REFUSED);
    // the job is in the session before it runs: when the form's answer stops waiting, the
    // outcome goes into the session, where the "issuing" screen finds it on any node
    s.put(State.JOB, new State.Job(service, userId, app.clock.instant()));
    Handover handover = new Handover();
    Future<AcquisitionResult> result;
    try {
      result = issuing.submit(() -> {
        AcquisitionResult res;
        try {
          res = app.shomei.acquisition().acquire(request);
        } catch (RuntimeException e) {
          if (handover.finishedAfterHandover()) {
            publish(r, s, service, userId, null, e);
          }
          throw e;
        }
        if (handover.finishedAfterHandover()) {
          publish(r, s, service, userId, res, null);
        }
        return res;
      });
    } catch (RejectedExecutionException e) {
      request.close();
      s.remove(State.JOB);
      return formPage(r, service, userId, List.of(Notice.error(b.text("acquire.busy"))), 503);
    }
    try {
      result.get(QUICK_ANSWER_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (handover.handOver()) {
        // still issuing: the A3 screen, until the outcome is in the session
        return Response.redirect("/" + service + "/issuing");
      }
      // it finished just now: answered below
    } catch (ExecutionException e) {
      // answered below, as the issuing screen would
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "error.internal", "interrupted");
    }
    s.remove(State.JOB);
    return done(r, s, service, userId, result);
  }

  /**
   * Who answers for a job: the form's request while it waits, or, once it stopped waiting, the
   * job itself, which then puts its outcome into the session. Exactly one of them does.
   */
  private static final class Handover {
    private static final int WAITING = 0;
    private static final int HANDED_OVER = 1;
    private static final int FINISHED = 2;
    private final AtomicInteger state = new AtomicInteger(WAITING);

    /** The form's request stops waiting; {@code false} if the job finished first. */
    boolean handOver() {
      return state.compareAndSet(WAITING, HANDED_OVER);
    }

    /** The job finished; {@code true} if it must put its outcome into the session itself. */
    boolean finishedAfterHandover() {
      return !state.compareAndSet(WAITING, FINISHED);
    }
  }

  /**
   * A job's outcome for the "issuing" screen: the download ticket or the refusal's notice (in the
   * language of the form's request). Written only while the session still waits for this job.
   */
  private void publish(Request r, Session s, String service, String userId,
      @Nullable AcquisitionResult result, @Nullable RuntimeException failure) {
    State.Job job = s.get(State.JOB);
    if (job == null || !job.service().equals(service) || !job.userId().equals(userId)) {
      return; // the customer moved on (a login, another form): nobody waits for this outcome
    }
    if (result instanceof AcquisitionResult.Acquired acquired
        && acquired.downloadTicket().isPresent()) {
      s.put(State.TICKET, new State.Ticket(service, acquired.account().userId(),
          acquired.downloadTicket().get(),
          CertificateSummary.of(acquired.certificate(), DataDir.ZONE), false));
    } else if (result instanceof AcquisitionResult.Refused refused) {
      s.put(State.REFUSED, new State.Refused(service, userId,
          app.refusals.acquisition(r, service, refused)));
    } else {
      if (!(failure instanceof HashingBusyException)) {
        app.log.accept("acquisition failed: "
            + (failure == null ? "no download ticket" : failure.getClass().getName()));
      }
      s.put(State.REFUSED, new State.Refused(service, userId, Notice.error(
          app.views.bundle(r).text(failureKey(failure)))));
    }
    s.remove(State.JOB);
  }

  /**
   * The notice for an acquisition that ended in an exception rather than a result: busy (the
   * password hashing is saturated), unavailable (key custody could not sign: an HSM session lost,
   * a token removed; the SDK issued and recorded nothing, so the same passwords work again, on
   * this node once custody is back or on another node now), or failed (anything else).
   */
  static String failureKey(@Nullable Throwable failure) {
    if (failure instanceof HashingBusyException) {
      return "acquire.busy";
    }
    return failure instanceof KeyCustodyException ? "acquire.unavailable" : "acquire.failed";
  }

  /** GET /{service}/issuing: the A3 screen until the outcome is there, then A4 or the form. */
  Response issuing(Request r) {
    String service = App.service(r);
    Session s = r.sessionOrCreate();
    State.Ticket ticket = s.get(State.TICKET);
    if (ticket != null && ticket.service().equals(service)) {
      return Response.redirect("/" + service + "/download");
    }
    State.Refused refused = s.get(State.REFUSED);
    State.Job job = s.get(State.JOB);
    if (refused != null || job == null || !job.service().equals(service)) {
      return Response.redirect("/" + service + "/acquire");
    }
    if (!app.clock.instant().isBefore(job.startedAt().plus(LOST_AFTER))) {
      // the node that ran it stopped before it answered: the customer repeats this one step (an
      // issuance it committed is superseded by the next; nothing is left half done)
      s.remove(State.JOB);
      s.put(State.REFUSED, new State.Refused(service, job.userId(),
          Notice.error(app.views.bundle(r).text("acquire.failed"))));
      return Response.redirect("/" + service + "/acquire");
    }
    return app.views.page(r, 200, new Views.Page(service, "title.issuing",
        "/" + service + "/issuing", List.of(),
        app.views.fragment(r, "issuing", Map.of("service", service)), 1));
  }

  /** The answer to a finished acquisition: the download screen, or the form with the refusal. */
  private Response done(Request r, Session s, String service, String userId,
      Future<AcquisitionResult> job) {
    Messages.Bundle b = app.views.bundle(r);
    AcquisitionResult result;
    try {
      result = job.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String key = failureKey(cause);
      if (!(cause instanceof HashingBusyException)) {
        app.log.accept("acquisition failed: " + cause.getClass().getName());
      }
      Response page = formPage(r, service, userId, List.of(Notice.error(b.text(key))),
          key.equals("acquire.failed") ? 500 : 503);
      return key.equals("acquire.unavailable")
          ? page.header("Retry-After", Long.toString(UNAVAILABLE_RETRY_AFTER_SECONDS)) : page;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "error.internal", "interrupted");
    }
    if (result instanceof AcquisitionResult.Refused refused) {
      // back on the form's own URL (a reload does not post again), with the notice
      s.put(State.REFUSED, new State.Refused(service, userId,
          app.refusals.acquisition(r, service, refused)));
      return Response.redirect("/" + service + "/acquire");
    }
    AcquisitionResult.Acquired acquired = (AcquisitionResult.Acquired) result;
    Optional<DownloadTicketInfo> ticket = acquired.downloadTicket();
    if (ticket.isEmpty()) {
      throw new HttpError(500, "error.internal", "acquisition without a download ticket");
    }
    s.put(State.TICKET, new State.Ticket(service, acquired.account().userId(), ticket.get(),
        CertificateSummary.of(acquired.certificate(), DataDir.ZONE), false));
    return Response.redirect("/" + service + "/download");
  }

  /** GET /{service}/download: the download screen (A4) with the import steps (A5-A12). */
  Response downloadPage(Request r) {
    String service = App.service(r);
    Session s = r.sessionOrCreate();
    State.Ticket t = s.get(State.TICKET);
    if (t == null || !t.service().equals(service)) {
      // used up or never there: the login page says the download has ended and what to do
      return Response.redirect("/" + service + "/?download-ended");
    }
    return downloadScreen(r, s, t, List.of());
  }

  private Response downloadScreen(Request r, Session s, State.Ticket t, List<Notice> notices) {
    Map<String, Object> m = App.model(s, t.service());
    m.put("userId", t.userId());
    m.put("fileName", fileName(t.userId() + ".p12"));
    m.put("expiresAt", app.views.dateTime(r, t.info().expiresAt()));
    m.put("downloadsLeft", t.info().downloadsLeft());
    // the file opens with the certificate acquisition password, or with the one chosen at renewal
    m.put("passwordStep", app.views.bundle(r).text(
        t.renewed() ? "download.steps.password.renewal" : "download.steps.password"));
    // what was issued, as the login's selection screen will show it (R4): validity included
    m.put("certificate", app.certificateTable(r, t.certificate()));
    return app.views.page(r, 200, new Views.Page(t.service(), "title.download",
        "/" + t.service() + "/download", notices, app.views.fragment(r, "download", m)));
  }

  /** POST /{service}/download: the PKCS#12 file (A5). */
  Response download(Request r) {
    String service = App.service(r);
    Session s = r.session().orElseThrow();
    State.Ticket t = s.get(State.TICKET);
    if (t == null || !t.service().equals(service)) {
      return app.loginPage(r, service, List.of(app.refusals.download(r, service,
          DownloadRefusal.NOT_FOUND)));
    }
    DownloadResult result = app.shomei.acquisition().download(t.info().id());
    if (result instanceof DownloadResult.Refused refused) {
      s.remove(State.TICKET);
      return app.loginPage(r, service, List.of(app.refusals.download(r, service,
          refused.reason())));
    }
    DownloadResult.Downloaded d = (DownloadResult.Downloaded) result;
    if (d.downloadsLeft() > 0) {
      s.put(State.TICKET,
          t.withInfo(new DownloadTicketInfo(t.info().id(), d.expiresAt(), d.downloadsLeft())));
    } else {
      s.remove(State.TICKET);
    }
    return Response.bytes(200, d.contentType(), d.pkcs12())
        .header("Content-Disposition", "attachment; filename=\"" + fileName(d.fileName()) + "\"")
        .header("Cache-Control", "no-store");
  }

  /** The format chosen in the form's "details", or else the one for the customer's platform. */
  static Pkcs12Profile profile(String chosen, @Nullable String userAgent) {
    return "modern".equals(chosen) ? Pkcs12Profile.MODERN
        : "compat".equals(chosen) ? Pkcs12Profile.COMPAT : forPlatform(userAgent);
  }

  /**
   * The PKCS#12 format for the customer's platform, so that nobody has to choose one: the modern
   * file (AES) for Windows 10 and later (whose browsers say "Windows NT 10.0"), the compatible one
   * for everything else, which every Windows and macOS imports. The form's "details" override it.
   */
  static Pkcs12Profile forPlatform(@Nullable String userAgent) {
    return userAgent != null && userAgent.contains("Windows NT 10.0")
        ? Pkcs12Profile.MODERN : Pkcs12Profile.COMPAT;
  }

  /** A file name safe in a header and on any file system. */
  static String fileName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "certificate.p12" : safe;
  }
}
