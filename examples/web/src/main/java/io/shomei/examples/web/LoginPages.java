package io.shomei.examples.web;

import io.shomei.core.AccountCertificate;
import io.shomei.core.CertificateCheck;
import io.shomei.core.LoginResult;
import io.shomei.core.PasswordProof;
import io.shomei.core.Refusal;
import io.shomei.core.eligibility.Verdict;
import io.shomei.core.eligibility.VerdictKind;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.examples.web.http.FormData;
import io.shomei.examples.web.http.Html;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Session;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.Secret;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Manual 2.2, certificate login: the certificate step (L1-L3), the password screen (L4, L6), the
 * first-login change (L5) and the landing page with the certificate's validity (R4) and the
 * re-acquisition status.
 *
 * <p>The pending login stays in the server-side session and is bound to the certificate it was
 * made for: every later step must come over a TLS connection that presented the same certificate.
 *
 * <p><b>Locked accounts.</b> By design the SDK answers a wrong password, a locked account and an
 * unknown account alike at the password step, and says "locked" only at the certificate step
 * (which proves possession of the certificate's key). So after a wrong password this page runs the
 * certificate step again with the connection's certificate: the customer then reads "locked,
 * contact your branch" as soon as the lock engages, and nobody without the key learns anything.
 */
final class LoginPages {
  private final App app;

  LoginPages(App app) {
    this.app = app;
  }

  /** GET /{service}/: the login screen (A1, L1). */
  Response loginScreen(Request r) {
    if (r.query("logged-out") != null) {
      return app.loginPage(r, App.service(r),
          List.of(Notice.info(app.views.bundle(r).text("login.logged-out"))));
    }
    if (r.query("download-ended") != null) {
      return app.loginPage(r, App.service(r), List.of(app.refusals.download(r, App.service(r),
          io.shomei.core.DownloadRefusal.NOT_FOUND)));
    }
    return app.loginPage(r, App.service(r), List.of());
  }

  /** POST /{service}/login: the certificate step (L1-L3). */
  Response certificateStep(Request r) {
    String service = App.service(r);
    LoginResult.CertificateStep step =
        app.shomei.login().presentCertificate(service, r.peerCertificates());
    if (step instanceof LoginResult.Refused refused) {
      Session s = r.sessionOrCreate();
      s.remove(State.PENDING);
      return app.loginPage(r, service, List.of(app.refusals.login(r, service, refused)));
    }
    LoginResult.PasswordRequired p = (LoginResult.PasswordRequired) step;
    Session s = r.rotateSession();
    s.remove(State.SIGNED_IN);
    s.remove(State.JOB);
    s.remove(State.TICKET);
    s.put(State.PENDING, new State.Pending(service, p.pending(), p.certificate(),
        p.unusableFrom()));
    return Response.redirect("/" + service + "/password");
  }

  /** GET /{service}/password: the password screen (L4, L6). */
  Response passwordScreen(Request r) {
    String service = App.service(r);
    Session s = r.sessionOrCreate();
    Optional<State.Pending> pending = pending(r, s, service);
    if (pending.isEmpty()) {
      return app.loginPage(r, service, List.of(startAgain(r)));
    }
    if (pending.get().changeRequired() != null) {
      return Response.redirect("/" + service + "/change-password");
    }
    return passwordPage(r, s, pending.get(), List.of());
  }

  private Response passwordPage(Request r, Session s, State.Pending p, List<Notice> notices) {
    Map<String, Object> m = App.model(s, p.service());
    m.put("certificate", app.certificateTable(r, p.certificate()));
    List<Notice> all = new ArrayList<>(notices);
    Instant unusable = p.unusableFrom();
    if (unusable != null) {
      all.add(Notice.warning(app.views.bundle(r).format("password.unusable-from",
          Map.of("date", app.views.dateTime(r, unusable))))
          .withLink("/" + p.service() + "/acquire", app.views.bundle(r).text("link.acquire")));
    }
    return app.views.page(r, 200, new Views.Page(p.service(), "title.password",
        "/" + p.service() + "/password", all, app.views.fragment(r, "password", m)));
  }

  /** POST /{service}/password: the password step. */
  Response password(Request r) {
    String service = App.service(r);
    r.passwordForm();
    Session s = r.session().orElseThrow();
    Optional<State.Pending> pending = pending(r, s, service);
    FormData form = r.form();
    Secret password = form.secret("password", App.MAX_FIELD);
    if (pending.isEmpty()) {
      password.destroy();
      return app.loginPage(r, service, List.of(startAgain(r)));
    }
    LoginResult.PasswordStep step = app.shomei.login().password(pending.get().pending(), password);
    if (step instanceof LoginResult.Authenticated a) {
      return signIn(r, service, a);
    }
    if (step instanceof LoginResult.ChangeRequired c) {
      s.put(State.PENDING, pending.get().withChangeRequired(c));
      return Response.redirect("/" + service + "/change-password");
    }
    return afterRefusal(r, s, service, (LoginResult.Refused) step, false);
  }

  /** GET /{service}/change-password: the first-login change (L5). */
  Response changeScreen(Request r) {
    String service = App.service(r);
    Session s = r.sessionOrCreate();
    Optional<State.Pending> pending = pending(r, s, service);
    if (pending.isEmpty() || pending.get().proof() == null) {
      return app.loginPage(r, service, List.of(startAgain(r)));
    }
    return changePage(r, s, pending.get(), List.of());
  }

  private Response changePage(Request r, Session s, State.Pending p, List<Notice> notices) {
    Messages.Bundle b = app.views.bundle(r);
    LoginResult.ChangeRequired.Reason reason = p.changeRequired();
    Map<String, Object> m = App.model(s, p.service());
    m.put("reason", b.text("change.reason." + (reason == null ? "FIRST_LOGIN" : reason.name())));
    return app.views.page(r, 200, new Views.Page(p.service(), "title.change",
        "/" + p.service() + "/change-password", notices,
        app.views.fragment(r, "change-password", m)));
  }

  /**
   * POST /{service}/change-password: changes the password and completes the login. The current
   * password is not asked again: the password step's proof stands for it (the customer typed it a
   * moment ago).
   */
  Response change(Request r) {
    String service = App.service(r);
    r.passwordForm();
    Session s = r.session().orElseThrow();
    Optional<State.Pending> pending = pending(r, s, service);
    FormData form = r.form();
    Secret next = form.secret("newPassword", App.MAX_FIELD);
    Secret confirm = form.secret("confirmPassword", App.MAX_FIELD);
    PasswordProof proof = pending.map(State.Pending::proof).orElse(null);
    if (pending.isEmpty() || proof == null) {
      next.destroy();
      confirm.destroy();
      return app.loginPage(r, service, List.of(startAgain(r)));
    }
    Messages.Bundle b = app.views.bundle(r);
    boolean same = next.matches(confirm);
    confirm.destroy();
    if (!same || next.length() == 0) {
      next.destroy();
      return changePage(r, s, pending.get(), List.of(Notice.error(b.text("change.mismatch"))));
    }
    LoginResult.ChangeStep step = app.shomei.login().changePassword(proof, next);
    if (step instanceof LoginResult.Authenticated a) {
      return signIn(r, service, a);
    }
    if (step instanceof LoginResult.PolicyViolations v) {
      // one box, every broken rule listed; the SDK's words, and for a character that cannot be
      // used, which ones can (the characters typed are not shown back: they are the password's)
      List<String> items = new ArrayList<>(v.messages(Lang.of(r).locale()));
      if (v.violations().stream()
          .anyMatch(x -> x.code() == io.shomei.core.password.ViolationCode.DISALLOWED_CHARACTER)) {
        items.add(b.text("change.allowed-characters"));
      }
      return changePage(r, s, pending.get(),
          List.of(Notice.errors(b.text("change.violations"), items)));
    }
    return afterRefusal(r, s, service, (LoginResult.Refused) step, true);
  }

  /**
   * A refused password or change step. A wrong password runs the certificate step again (see the
   * class comment); anything else ends the pending login.
   */
  private Response afterRefusal(Request r, Session s, String service, LoginResult.Refused refused,
      boolean changing) {
    State.Pending old = s.remove(State.PENDING);
    if (refused.refusal() instanceof Refusal.InvalidCredentials && old != null) {
      LoginResult.CertificateStep again =
          app.shomei.login().presentCertificate(service, r.peerCertificates());
      if (again instanceof LoginResult.PasswordRequired p) {
        State.Pending fresh =
            new State.Pending(service, p.pending(), p.certificate(), p.unusableFrom());
        s.put(State.PENDING, fresh);
        if (changing) {
          // the password changed or locked meanwhile (another session): the password again
          return passwordPage(r, s, fresh, List.of(startAgain(r)));
        }
        Messages.Bundle b = app.views.bundle(r);
        List<Notice> notices = new ArrayList<>();
        notices.add(Notice.error(b.text("password.wrong")));
        // how many attempts are left before the lock (manual L6; the README asks hosts to say it)
        p.passwordAttemptsLeft().ifPresent(left -> notices.add(left <= 1
            ? Notice.warning(b.text("password.last-attempt"))
            : Notice.info(b.format("password.attempts-left", Map.of("n", String.valueOf(left))))));
        return passwordPage(r, s, fresh, notices);
      }
      return app.loginPage(r, service,
          List.of(app.refusals.login(r, service, (LoginResult.Refused) again)));
    }
    return app.loginPage(r, service, List.of(app.refusals.login(r, service, refused)));
  }

  private Response signIn(Request r, String service, LoginResult.Authenticated a) {
    Session s = r.rotateSession();
    s.remove(State.PENDING);
    s.put(State.SIGNED_IN, new State.SignedIn(service, a));
    return Response.redirect("/" + service + "/home");
  }

  /** GET /{service}/home: the landing page. */
  Response home(Request r) {
    String service = App.service(r);
    Session s = r.sessionOrCreate();
    State.SignedIn in = s.get(State.SIGNED_IN);
    if (in == null || !in.service().equals(service)) {
      return Response.redirect("/" + service + "/");
    }
    Messages.Bundle b = app.views.bundle(r);
    LoginResult.Authenticated a = in.authenticated();
    if (!stillUsable(r, a)) {
      r.invalidateSession();
      return app.loginPage(r, service, List.of(Notice.info(b.text("login.session-ended"))));
    }
    Map<String, Object> m = App.model(s, service);
    m.put("userId", a.account().userId());
    m.put("certificate", app.certificateTable(r, a.certificate()));
    Instant previous = a.previousLoginAt();
    m.put("lastLogin", previous == null ? b.text("home.first-login")
        : app.views.dateTime(r, previous));
    List<Notice> notices = new ArrayList<>();
    if (a.passwordChanged() && !in.changeNoticeShown()) {
      // once, right after the change; not on every later visit of the page
      notices.add(Notice.info(b.text("home.password-changed")));
      s.put(State.SIGNED_IN, in.withChangeNoticeShown());
    }
    AccountCertificate status =
        app.shomei.certificates().status(a.account().userId(), service);
    Verdict verdict = status instanceof AccountCertificate.Held held
        && held.certificate().serialHex().equals(a.certificate().serialHex())
        ? held.verdict() : null;
    String kind = verdict != null ? verdict.kind().name() : otherKind(status);
    m.put("verdict", kind);
    m.put("status", verdict != null ? status(r, b, verdict) : b.text("home.status." + kind));
    if (selfServiceNow(status)) {
      // signed in with the certificate: it proves possession, so the next one comes by renewal
      // (no certificate acquisition password); the acquisition stays for those without one
      m.put("statusLink", app.views.fragment(r, "link",
          Map.of("href", "/" + service + "/renew", "text", b.text("link.renew"))));
    } else {
      m.put("statusLink", Html.EMPTY);
    }
    return app.views.page(r, 200, new Views.Page(service, "title.home", "/" + service + "/home",
        notices, app.views.fragment(r, "home", m)));
  }

  /**
   * Whether the connection still presents the certificate the login used, and the SDK still finds
   * it usable for the account: a session ends with its certificate (revoked, superseded, or ended
   * by the rules).
   */
  private boolean stillUsable(Request r, LoginResult.Authenticated a) {
    List<X509Certificate> chain = r.peerCertificates();
    if (chain.isEmpty()) {
      return false;
    }
    CertificateCheck check = app.shomei.certificates().check(a.account().service(), chain);
    return check instanceof CertificateCheck.Usable usable
        && usable.account().equals(a.account())
        && usable.certificate().serialHex().equalsIgnoreCase(a.certificate().serialHex());
  }

  /**
   * The status when the signed-in certificate is no longer the account's active one:
   * {@code SUPERSEDED} once another certificate is, {@code REVOKED} once the account holds none
   * (the login proved it held this one); {@code UNKNOWN} otherwise.
   */
  private static String otherKind(AccountCertificate status) {
    if (status instanceof AccountCertificate.Held) {
      return VerdictKind.SUPERSEDED.name();
    }
    return status instanceof AccountCertificate.NotHeld ? VerdictKind.REVOKED.name() : "UNKNOWN";
  }

  private static boolean selfServiceNow(AccountCertificate status) {
    if (status instanceof AccountCertificate.Held held) {
      return held.selfServiceNow();
    }
    return status instanceof AccountCertificate.NotHeld notHeld && notHeld.selfServiceNow();
  }

  private String status(Request r, Messages.Bundle b, Verdict v) {
    String key = "home.status." + v.kind().name();
    Map<String, String> args = new HashMap<>();
    if (v instanceof Verdict.AffectedWaitUntil w) {
      args.put("unusable", app.views.dateTime(r, w.unusableFrom()));
      args.put("from", app.views.dateTime(r, w.reacquireFrom()));
    } else if (v instanceof Verdict.EligibleNow e) {
      Instant unusable = e.unusableFrom();
      if (unusable != null) {
        key = key + ".unusable";
        args.put("unusable", app.views.dateTime(r, unusable));
      }
    } else if (v instanceof Verdict.RenewalNotDueUntil d) {
      args.put("date", app.views.dateTime(r, d.dueFrom()));
    } else if (v instanceof Verdict.ExpiredSelfServiceUntil x) {
      args.put("date", app.views.dateTime(r, x.selfServiceUntil()));
    } else if (v instanceof Verdict.NotYetValid n) {
      args.put("date", app.views.dateTime(r, n.validFrom()));
    }
    return b.format(key, args);
  }

  /** POST /{service}/logout. */
  Response logout(Request r) {
    String service = App.service(r);
    r.invalidateSession();
    return Response.redirect("/" + service + "/?logged-out");
  }


  /**
   * The session's pending login for this service, if the connection presents the certificate it
   * was made for; otherwise the pending login is dropped.
   */
  private Optional<State.Pending> pending(Request r, Session s, String service) {
    State.Pending p = s.get(State.PENDING);
    if (p == null || !p.service().equals(service)) {
      return Optional.empty();
    }
    String presented = fingerprint(r.peerCertificates());
    if (!p.pending().sha256Fingerprint().equals(presented)) {
      s.remove(State.PENDING);
      return Optional.empty();
    }
    return Optional.of(p);
  }

  private static @Nullable String fingerprint(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      return null;
    }
    try {
      return CertificateRecord.fingerprintOf(chain.get(0).getEncoded());
    } catch (CertificateEncodingException e) {
      return null;
    }
  }

  private Notice startAgain(Request r) {
    return Notice.info(app.views.bundle(r).text("login.start-again"));
  }
}
