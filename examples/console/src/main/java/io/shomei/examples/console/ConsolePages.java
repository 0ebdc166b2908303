package io.shomei.examples.console;

import io.shomei.core.AccountCertificate;
import io.shomei.core.AccountView;
import io.shomei.core.ApprovalResult;
import io.shomei.core.CredentialState;
import io.shomei.core.LoginResult;
import io.shomei.core.OperatorActions;
import io.shomei.core.OperatorOutcome;
import io.shomei.core.PasswordProof;
import io.shomei.core.PendingLogin;
import io.shomei.core.ProposalResult;
import io.shomei.core.SensitiveAction;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.Rule;
import io.shomei.core.eligibility.Verdict;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.letter.BankLetter;
import io.shomei.examples.letter.LetterContent;
import io.shomei.examples.web.http.FormData;
import io.shomei.examples.web.http.Html;
import io.shomei.examples.web.http.HttpError;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Session;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.Proposal;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The console's screens. Every decision is the SDK's: the login steps ({@link Shomei#login()} for
 * the {@link OperatorService#SERVICE}), what an operator may do ({@link OperatorActions} checks
 * the operators' roles for proposals and approvals), what an account's certificates are worth
 * ({@link Shomei#certificates()}). The pages read the operator's roles through the SDK
 * ({@link OperatorActions#roles()}) only to hide forms the operator cannot use, and to refuse the
 * console to an identity that holds no role at all.
 *
 * <p>A signed-in session is bound to the certificate of its login: each request must come over a
 * TLS connection that presented the same certificate, or the session is ended.
 */
final class ConsolePages {
  /** Longest field accepted from a form (the SDK checks the rest). */
  static final int MAX_FIELD = 128;
  /** How many of an account's newest audit records its page shows. */
  static final int EVENTS_SHOWN = 200;
  /** Revocation reasons a branch offers. */
  static final List<RevocationReason> BRANCH_REASONS = List.of(RevocationReason.KEY_COMPROMISE,
      RevocationReason.CESSATION_OF_OPERATION, RevocationReason.AFFILIATION_CHANGED);

  static final Session.Key<Pending> PENDING = new Session.Key<>("console-pending", Pending.class);
  static final Session.Key<SignedIn> SIGNED_IN =
      new Session.Key<>("console-signed-in", SignedIn.class);

  /** Between the certificate step and a completed login. */
  record Pending(PendingLogin pending, String fingerprint, @Nullable PasswordProof proof) {}

  /** A signed-in operator: the staff number and the certificate the login was made with. */
  record SignedIn(String operatorId, String fingerprint) {}

  /** The operator of a request and the roles they hold (never empty). */
  record Operator(String id, Set<OperatorRole> roles) {
    boolean may(OperatorRole role) {
      return roles.contains(role);
    }
  }

  private final Shomei shomei;
  private final ConsoleViews views;
  private final BankLetter letter;
  private final String bankName;
  private final Clock clock;
  private final Consumer<String> log;

  ConsolePages(Shomei shomei, ConsoleViews views, BankLetter letter, String bankName,
      Clock clock, Consumer<String> log) {
    this.shomei = shomei;
    this.views = views;
    this.letter = letter;
    this.bankName = bankName;
    this.clock = clock;
    this.log = log;
  }

  // ---------------------------------------------------------------- login

  /** GET /: the login page, or the search page once signed in. */
  Response home(Request r) {
    if (operator(r).isPresent()) {
      return Response.redirect("/accounts");
    }
    return loginPage(r, 200, Html.EMPTY);
  }

  private Response loginPage(Request r, int status, Html notices) {
    Session s = r.sessionOrCreate();
    return views.page(r, status, "title.login", "/", null, notices,
        views.fragment(r, "login", Map.of("csrf", s.csrfToken())));
  }

  /** POST /login: the certificate step, for the console's own service. */
  Response certificateStep(Request r) {
    List<X509Certificate> chain = r.peerCertificates();
    LoginResult.CertificateStep step =
        shomei.login().presentCertificate(OperatorService.SERVICE, chain);
    if (step instanceof LoginResult.Refused refused) {
      r.sessionOrCreate().remove(PENDING);
      log.accept("console login refused: " + refused.reason());
      return loginPage(r, 403, refusal(r, refused));
    }
    LoginResult.PasswordRequired p = (LoginResult.PasswordRequired) step;
    Session s = r.rotateSession();
    s.remove(SIGNED_IN);
    s.put(PENDING, new Pending(p.pending(), fingerprint(chain.get(0)), null));
    return Response.redirect("/password");
  }

  /** GET /password. */
  Response passwordScreen(Request r) {
    Optional<Pending> p = pending(r);
    if (p.isEmpty()) {
      return loginPage(r, 200, startAgain(r));
    }
    if (p.get().proof() != null) {
      return Response.redirect("/change-password");
    }
    return views.page(r, 200, "title.password", "/password", null, Html.EMPTY,
        views.fragment(r, "password", Map.of("csrf", r.sessionOrCreate().csrfToken())));
  }

  /** POST /password: the password step. */
  Response password(Request r) {
    r.passwordForm();
    Optional<Pending> p = pending(r);
    Secret password = r.form().secret("password", MAX_FIELD);
    if (p.isEmpty()) {
      password.destroy();
      return loginPage(r, 200, startAgain(r));
    }
    LoginResult.PasswordStep step = shomei.login().password(p.get().pending(), password);
    if (step instanceof LoginResult.Authenticated a) {
      return signIn(r, a, p.get());
    }
    if (step instanceof LoginResult.ChangeRequired c) {
      r.sessionOrCreate().put(PENDING, new Pending(c.pending(), p.get().fingerprint(), c.proof()));
      return Response.redirect("/change-password");
    }
    r.sessionOrCreate().remove(PENDING);
    return loginPage(r, 403, refusal(r, (LoginResult.Refused) step));
  }

  /** GET /change-password: the first console login changes the temporary password. */
  Response changeScreen(Request r) {
    Optional<Pending> p = pending(r);
    if (p.isEmpty() || p.get().proof() == null) {
      return loginPage(r, 200, startAgain(r));
    }
    return changePage(r, 200, Html.EMPTY);
  }

  private Response changePage(Request r, int status, Html notices) {
    return views.page(r, status, "title.change", "/change-password", null, notices,
        views.fragment(r, "change-password", Map.of("csrf", r.sessionOrCreate().csrfToken())));
  }

  /** POST /change-password. */
  Response change(Request r) {
    r.passwordForm();
    Optional<Pending> p = pending(r);
    FormData form = r.form();
    Secret next = form.secret("newPassword", MAX_FIELD);
    Secret confirm = form.secret("confirmPassword", MAX_FIELD);
    PasswordProof proof = p.map(Pending::proof).orElse(null);
    if (p.isEmpty() || proof == null) {
      next.destroy();
      confirm.destroy();
      return loginPage(r, 200, startAgain(r));
    }
    boolean same = next.matches(confirm);
    confirm.destroy();
    if (!same || next.length() == 0) {
      next.destroy();
      return changePage(r, 200, views.notice(r, "error",
          views.bundle(r).text("change.mismatch"), "MISMATCH"));
    }
    LoginResult.ChangeStep step = shomei.login().changePassword(proof, next);
    if (step instanceof LoginResult.Authenticated a) {
      return signIn(r, a, p.get());
    }
    if (step instanceof LoginResult.PolicyViolations v) {
      return changePage(r, 200, views.notice(r, "error", String.join(" ",
          v.messages(Locale.forLanguageTag(ConsoleViews.lang(r)))), "POLICY"));
    }
    r.sessionOrCreate().remove(PENDING);
    return loginPage(r, 403, refusal(r, (LoginResult.Refused) step));
  }

  /** The login completed: the console opens only to an identity that holds a role. */
  private Response signIn(Request r, LoginResult.Authenticated a, Pending p) {
    String id = a.account().userId();
    if (shomei.operator(id).roles().isEmpty()) {
      r.sessionOrCreate().remove(PENDING);
      log.accept("console login of an identity without a role refused");
      return loginPage(r, 403, views.notice(r, "error", views.bundle(r).text("login.no-role"),
          "NO_ROLE"));
    }
    Session s = r.rotateSession();
    s.remove(PENDING);
    s.put(SIGNED_IN, new SignedIn(id, p.fingerprint()));
    return Response.redirect("/accounts");
  }

  /** POST /logout. */
  Response logout(Request r) {
    r.invalidateSession();
    return Response.redirect("/");
  }

  private Optional<Pending> pending(Request r) {
    Optional<Session> s = r.session();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Pending p = s.get().get(PENDING);
    if (p == null || !sameCertificate(r, p.fingerprint())) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  /** The signed-in operator of this request, over a connection with the login's certificate. */
  Optional<Operator> operator(Request r) {
    Optional<Session> s = r.session();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    SignedIn in = s.get().get(SIGNED_IN);
    if (in == null) {
      return Optional.empty();
    }
    if (!sameCertificate(r, in.fingerprint())) {
      r.invalidateSession();
      return Optional.empty();
    }
    Set<OperatorRole> roles = shomei.operator(in.operatorId()).roles();
    if (roles.isEmpty()) {
      r.invalidateSession();
      return Optional.empty();
    }
    return Optional.of(new Operator(in.operatorId(), roles));
  }

  Operator requireOperator(Request r) {
    return operator(r).orElseThrow(
        () -> new HttpError(401, "error.sign-in", "no signed-in operator"));
  }

  private static boolean sameCertificate(Request r, String fingerprint) {
    List<X509Certificate> chain = r.peerCertificates();
    return !chain.isEmpty() && fingerprint(chain.get(0)).equals(fingerprint);
  }

  private static String fingerprint(X509Certificate c) {
    try {
      return CertificateRecord.fingerprintOf(c.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new HttpError(400, "error.bad-request", "unreadable certificate");
    }
  }

  private Html startAgain(Request r) {
    return views.notice(r, "warning", views.bundle(r).text("login.start-again"), "START_AGAIN");
  }

  /** A refused login step: its typed reason, in words, and its code for the record. */
  private Html refusal(Request r, LoginResult.Refused refused) {
    Messages.Bundle b = views.bundle(r);
    String code = refused.reason().name();
    var certificate = refused.certificateRefusal();
    String key = certificate != null && b.has("refusal.certificate." + certificate.name())
        ? "refusal.certificate." + certificate.name()
        : b.has("refusal." + code) ? "refusal." + code : "refusal.other";
    String shown = certificate == null ? code : code + "/" + certificate.name();
    return views.notice(r, "error", b.text(key), shown);
  }

  // ---------------------------------------------------------------- header

  Html operatorLine(Request r, Operator op) {
    List<String> roles = new ArrayList<>();
    for (OperatorRole role : OperatorRole.values()) {
      if (op.may(role)) {
        roles.add(views.bundle(r).text("role." + role.name()));
      }
    }
    return views.fragment(r, "operator-line", Map.of("id", op.id(),
        "roles", String.join(", ", roles), "csrf", r.sessionOrCreate().csrfToken()));
  }

  // ---------------------------------------------------------------- accounts

  /** GET /accounts?user=ID: search, and the account's state in every customer service. */
  Response accounts(Request r) {
    Operator op = requireOperator(r);
    String user = r.query("user");
    Messages.Bundle b = views.bundle(r);
    Map<String, Object> m = new HashMap<>();
    m.put("user", user == null ? "" : user);
    if (user == null || user.isEmpty()) {
      m.put("results", Html.EMPTY);
      return views.page(r, 200, "title.accounts", "/accounts", operatorLine(r, op), Html.EMPTY,
          views.fragment(r, "accounts", m));
    }
    if (!DataDir.USER_IDS.accepts(user)) {
      m.put("results", Html.EMPTY);
      return views.page(r, 400, "title.accounts", "/accounts", operatorLine(r, op),
          views.notice(r, "error", b.text("accounts.invalid-user"), "INVALID_USER_ID"),
          views.fragment(r, "accounts", m));
    }
    OperatorActions actions = shomei.operator(op.id());
    List<Html> sections = new ArrayList<>();
    for (String service : DataDir.SERVICES) {
      AccountKey key = new AccountKey(user, service);
      Optional<AccountView> view = actions.view(key);
      if (view.isPresent()) {
        sections.add(accountSection(r, op, view.get()));
      }
    }
    Html notices = sections.isEmpty()
        ? views.notice(r, "info", b.text("accounts.none"), "NO_SUCH_ACCOUNT") : Html.EMPTY;
    m.put("results", Html.join(sections));
    return views.page(r, sections.isEmpty() ? 404 : 200, "title.accounts",
        "/accounts?user=" + user, operatorLine(r, op), notices, views.fragment(r, "accounts", m));
  }

  private Html accountSection(Request r, Operator op, AccountView view) {
    AccountKey key = view.account();
    List<AuditRecord> events = shomei.audit().recordsOf(key, EVENTS_SHOWN);
    Messages.Bundle b = views.bundle(r);
    Map<String, Object> m = new HashMap<>();
    m.put("service", key.service());
    m.put("serviceName", b.text("service." + key.service()));
    m.put("credentials", credentials(r, view.credentials()));
    List<Html> rows = new ArrayList<>();
    CertificateRecord active = null;
    for (CertificateRecord c : view.certificates()) {
      rows.add(certificateRow(r, c, events));
      if (c.status() == CertificateStatus.ACTIVE) {
        active = c;
      }
    }
    m.put("certificates", rows.isEmpty()
        ? views.fragment(r, "no-certificates", Map.of()) : Html.join(rows));
    m.put("verdict", verdict(r, shomei.certificates().status(key.userId(), key.service())));
    m.put("actions", op.may(OperatorRole.BRANCH_OPERATOR)
        ? proposeForms(r, key, active) : Html.EMPTY);
    List<Html> eventRows = new ArrayList<>();
    for (AuditRecord e : events) {
      eventRows.add(views.fragment(r, "event-row", Map.of("seq", e.sequence(),
          "at", views.time(e.at()), "type", e.type(), "actor", e.actor(),
          "details", details(e.details()))));
    }
    m.put("events", Html.join(eventRows));
    m.put("eventCount", events.size());
    return views.fragment(r, "account", m);
  }

  private static String details(Map<String, String> details) {
    StringBuilder sb = new StringBuilder();
    details.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=')
        .append(v));
    return sb.toString();
  }

  private Html credentials(Request r, CredentialState c) {
    Messages.Bundle b = views.bundle(r);
    Instant now = clock.instant();
    Map<String, Object> m = new HashMap<>();
    m.put("loginPassword", !c.loginPasswordSet() ? b.text("credentials.none")
        : c.loginPasswordTemporary() ? b.text("credentials.temporary")
        : b.text("credentials.own"));
    Instant setAt = c.loginPasswordSetAt();
    m.put("setAt", views.time(setAt));
    m.put("age", setAt == null ? "-" : age(b, Duration.between(setAt, now)));
    m.put("expiresAt", views.time(c.loginPasswordExpiresAt()));
    m.put("loginFailures", c.loginFailures());
    m.put("loginLocked", c.loginLockedAt() == null ? b.text("credentials.not-locked")
        : b.text("credentials.locked-since") + " " + views.time(c.loginLockedAt()));
    m.put("loginLockedCode", c.loginLockedAt() == null ? "UNLOCKED" : "LOCKED");
    m.put("acquisitionIssuedAt", views.time(c.acquisitionPasswordIssuedAt()));
    m.put("acquisitionConsumedAt", views.time(c.acquisitionPasswordConsumedAt()));
    m.put("acquisitionFailures", c.acquisitionFailures());
    m.put("acquisitionLocked", c.acquisitionLockedAt() == null
        ? b.text("credentials.not-locked")
        : b.text("credentials.locked-since") + " " + views.time(c.acquisitionLockedAt()));
    m.put("lastLoginAt", views.time(c.lastLoginAt()));
    return views.fragment(r, "credentials", m);
  }

  private static String age(Messages.Bundle b, Duration d) {
    long days = Math.max(0, d.toDays());
    long hours = Math.max(0, d.minusDays(days).toHours());
    return b.format("credentials.age", Map.of("days", Long.toString(days),
        "hours", Long.toString(hours)));
  }

  /**
   * One certificate with its history: issued (recorded), downloaded and first login (from the
   * audit trail's events naming its serial), superseded and revoked (from its record).
   */
  private Html certificateRow(Request r, CertificateRecord c, List<AuditRecord> events) {
    String serial = c.serial().toString(16);
    Instant downloaded = null;
    Instant firstLogin = null;
    Instant superseded = null;
    for (AuditRecord e : events) {
      if (!serial.equals(e.details().get("serial"))) {
        continue;
      }
      if (downloaded == null && e.type().equals("CERTIFICATE_DOWNLOADED")) {
        downloaded = e.at();
      } else if (firstLogin == null && e.type().equals("LOGIN_SUCCEEDED")) {
        firstLogin = e.at();
      } else if (superseded == null && e.type().equals("CERTIFICATE_SUPERSEDED")) {
        superseded = e.at();
      }
    }
    if (superseded == null && c.status() == CertificateStatus.SUPERSEDED) {
      superseded = c.statusChangedAt();
    }
    Instant revoked = c.status() == CertificateStatus.REVOKED ? c.statusChangedAt() : null;
    RevocationReason reason = c.revocationReason();
    Map<String, Object> m = new HashMap<>();
    m.put("serial", serial);
    m.put("status", c.status().name());
    m.put("statusName", views.bundle(r).text("status." + c.status().name()));
    m.put("validity", views.time(c.notBefore()) + " – " + views.time(c.notAfter()));
    m.put("issued", views.time(c.recordedAt()));
    m.put("downloaded", views.time(downloaded));
    m.put("firstLogin", views.time(firstLogin));
    m.put("superseded", views.time(superseded));
    BigInteger successor = c.supersededBy();
    m.put("successor", successor == null ? "" : successor.toString(16));
    m.put("revoked", revoked == null ? "-"
        : views.time(revoked) + (reason == null ? "" : " (" + reason.name() + ")"));
    return views.fragment(r, "certificate-row", m);
  }

  /** The eligibility verdict of the account's certificate, with its explanation. */
  private Html verdict(Request r, AccountCertificate status) {
    Messages.Bundle b = views.bundle(r);
    Map<String, Object> m = new HashMap<>();
    ReacquisitionDecision next;
    boolean selfService;
    if (status instanceof AccountCertificate.Held h) {
      Verdict v = h.verdict();
      m.put("kind", v.kind().name());
      m.put("kindName", b.text("verdict." + v.kind().name()));
      m.put("usable", b.text(v.usableNow() ? "verdict.usable" : "verdict.not-usable"));
      Rule rule = v.rule();
      m.put("rule", rule == null ? b.text("verdict.no-rule")
          : rule.id() + " (" + rule.explanationCode() + ")");
      m.put("unusableFrom", views.time(v.unusableFrom()));
      m.put("reacquireFrom", views.time(v.reacquireFrom()));
      m.put("window", views.time(v.suggestedWindow().start()) + " – "
          + views.time(v.suggestedWindow().end()));
      next = h.reacquisition();
      selfService = h.selfServiceNow();
    } else if (status instanceof AccountCertificate.NotHeld n) {
      m.put("kind", "NOT_HELD");
      m.put("kindName", b.text(n.enrolled() ? "verdict.not-held" : "verdict.not-enrolled"));
      m.put("usable", "-");
      m.put("rule", "-");
      m.put("unusableFrom", "-");
      m.put("reacquireFrom", "-");
      m.put("window", "-");
      next = n.reacquisition();
      selfService = n.selfServiceNow();
    } else {
      return views.fragment(r, "no-verdict", Map.of());
    }
    String decision;
    if (next instanceof ReacquisitionDecision.Allowed) {
      decision = b.text("reacquisition.allowed");
    } else if (next instanceof ReacquisitionDecision.NotYet n) {
      decision = b.text("reacquisition.not-yet") + " " + views.time(n.from()) + " ("
          + n.reason().name() + ")";
    } else if (next instanceof ReacquisitionDecision.OperatorRequired o) {
      decision = b.text("reacquisition.operator") + " (" + o.reason().name() + ")";
    } else {
      decision = String.valueOf(next);
    }
    m.put("reacquisition", decision);
    m.put("selfService", b.text(selfService ? "verdict.yes" : "verdict.no"));
    return views.fragment(r, "verdict", m);
  }

  private Html proposeForms(Request r, AccountKey key, @Nullable CertificateRecord active) {
    Map<String, Object> m = new HashMap<>();
    m.put("csrf", r.sessionOrCreate().csrfToken());
    m.put("user", key.userId());
    m.put("service", key.service());
    if (active != null) {
      List<Html> options = new ArrayList<>();
      for (RevocationReason reason : BRANCH_REASONS) {
        options.add(views.fragment(r, "reason-option", Map.of("value", reason.name(),
            "name", views.bundle(r).text("reason." + reason.name()))));
      }
      m.put("revoke", views.fragment(r, "propose-revoke", Map.of("csrf",
          r.sessionOrCreate().csrfToken(), "user", key.userId(), "service", key.service(),
          "serial", active.serial().toString(16), "reasons", Html.join(options))));
    } else {
      m.put("revoke", Html.EMPTY);
    }
    return views.fragment(r, "propose", m);
  }

  // ---------------------------------------------------------------- dual control

  /** POST /propose: operator A proposes a sensitive action on an account. */
  Response propose(Request r) {
    Operator op = requireOperator(r);
    FormData form = r.form();
    String user = form.text("user", MAX_FIELD);
    String service = form.text("service", MAX_FIELD);
    if (!DataDir.SERVICES.contains(service) || !DataDir.USER_IDS.accepts(user)) {
      throw HttpError.badRequest("unknown account");
    }
    AccountKey key = new AccountKey(user, service);
    SensitiveAction action;
    try {
      action = switch (form.text("action", MAX_FIELD)) {
        case "RESET_ACQUISITION_PASSWORD" -> new SensitiveAction.ResetAcquisitionPassword(key);
        case "RESET_TEMPORARY_PASSWORD" -> new SensitiveAction.ResetTemporaryPassword(key);
        case "UNLOCK_LOGIN" -> new SensitiveAction.UnlockLogin(key);
        case "REVOKE" -> {
          RevocationReason reason = RevocationReason.valueOf(form.text("reason", MAX_FIELD));
          if (!BRANCH_REASONS.contains(reason)) {
            throw HttpError.badRequest("reason not offered");
          }
          yield new SensitiveAction.Revoke(key, new BigInteger(form.text("serial", 40), 16),
              reason);
        }
        default -> throw HttpError.badRequest("unknown action");
      };
    } catch (IllegalArgumentException e) { // a malformed serial or reason
      throw HttpError.badRequest("malformed action");
    }
    ProposalResult result = shomei.operator(op.id()).propose(action);
    if (result instanceof ProposalResult.Proposed p) {
      return Response.redirect("/proposals?proposed=" + p.proposal().id());
    }
    ProposalResult.Reason reason = ((ProposalResult.Refused) result).reason();
    Messages.Bundle b = views.bundle(r);
    return views.page(r, reason == ProposalResult.Reason.NO_SUCH_TARGET ? 409 : 403,
        "title.refused", "/accounts?user=" + user, operatorLine(r, op),
        views.notice(r, "error", b.text("proposal.refused." + reason.name()), reason.name()),
        views.fragment(r, "back", Map.of("href", "/accounts?user=" + user)));
  }

  /** GET /proposals: the proposals waiting for a second operator. */
  Response proposals(Request r) {
    Operator op = requireOperator(r);
    Messages.Bundle b = views.bundle(r);
    String proposed = r.query("proposed");
    List<Html> rows = new ArrayList<>();
    boolean listed = false;
    for (Proposal p : shomei.operator(op.id()).pendingProposals()) {
      listed |= p.id().equals(proposed);
      rows.add(views.fragment(r, "proposal-row", proposalModel(r, op, p)));
    }
    Html notices = proposed != null && listed
        ? views.notice(r, "info", b.format("proposals.proposed", Map.of("id", proposed)),
            "PROPOSED")
        : Html.EMPTY;
    return views.page(r, 200, "title.proposals", "/proposals", operatorLine(r, op), notices,
        views.fragment(r, "proposals", Map.of("rows", rows.isEmpty()
            ? views.fragment(r, "no-proposals", Map.of()) : Html.join(rows))));
  }

  private Map<String, Object> proposalModel(Request r, Operator op, Proposal p) {
    Messages.Bundle b = views.bundle(r);
    AccountKey account = p.account();
    Map<String, Object> m = new HashMap<>();
    m.put("id", p.id());
    m.put("action", p.action());
    m.put("actionName", b.has("action." + p.action()) ? b.text("action." + p.action())
        : p.action());
    m.put("account", account == null ? "-" : account.userId() + " / " + account.service());
    String serial = p.parameters().get("serial");
    String reason = p.parameters().get("reason");
    m.put("parameters", serial == null ? "" : serial + (reason == null ? "" : " " + reason));
    m.put("proposedBy", p.proposedBy());
    m.put("mine", p.proposedBy().equals(op.id()) ? b.text("proposals.mine") : "");
    m.put("proposedAt", views.time(p.proposedAt()));
    m.put("expiresAt", views.time(p.expiresAt()));
    m.put("csrf", r.sessionOrCreate().csrfToken());
    return m;
  }

  /**
   * POST /decide: operator B approves or rejects. An approval that hands out a password produces
   * the customer's letter at once, for this session's one download; the password itself is
   * destroyed as soon as the letter holds it.
   */
  Response decide(Request r) {
    Operator op = requireOperator(r);
    FormData form = r.form();
    String id = form.text("id", 64);
    boolean approve = switch (form.text("decision", 16)) {
      case "approve" -> true;
      case "reject" -> false;
      default -> throw HttpError.badRequest("unknown decision");
    };
    OperatorActions actions = shomei.operator(op.id());
    ApprovalResult result = approve ? actions.approve(id) : actions.reject(id);
    Messages.Bundle b = views.bundle(r);
    if (result instanceof ApprovalResult.Refused refused) {
      int status = switch (refused.reason()) {
        case UNKNOWN_OPERATOR, ROLE_NOT_ALLOWED, PROPOSER -> 403;
        case NOT_FOUND -> 404;
        case EXPIRED, ALREADY_DECIDED, UNKNOWN_ACTION -> 409;
      };
      return views.page(r, status, "title.refused", "/proposals", operatorLine(r, op),
          views.notice(r, "error", b.text("approval.refused." + refused.reason().name()),
              refused.reason().name()),
          views.fragment(r, "back", Map.of("href", "/proposals")));
    }
    if (result instanceof ApprovalResult.Rejected rejected) {
      return views.page(r, 200, "title.decided", "/proposals", operatorLine(r, op),
          views.notice(r, "info", b.format("approval.rejected",
              Map.of("id", rejected.proposal().id())), "REJECTED"),
          views.fragment(r, "back", Map.of("href", "/proposals")));
    }
    ApprovalResult.Approved approved = (ApprovalResult.Approved) result;
    Proposal p = approved.proposal();
    Html content;
    if (approved.outcome() instanceof ApprovalResult.ActionOutcome.OnAccount on
        && on.outcome() instanceof OperatorOutcome.NewPassword np) {
      boolean temporary = p.action().equals(SensitiveAction.Kind.RESET_TEMPORARY_PASSWORD.name());
      byte[] pdf;
      try (Secret password = np.newPassword()) {
        pdf = letter.render(new LetterContent(np.account().userId(),
            List.of(np.account().service()), temporary ? password : null,
            temporary ? null : password, bankName, LocalDate.now(clock.withZone(DataDir.ZONE))));
      }
      Session s = r.sessionOrCreate();
      Letters letters = s.get(Letters.KEY);
      if (letters == null) {
        letters = new Letters();
        s.put(Letters.KEY, letters);
      }
      letters.put(p.id(), new Letters.Letter(np.account().userId(), pdf));
      content = views.fragment(r, "letter", Map.of("id", p.id(), "csrf", s.csrfToken(),
          "user", np.account().userId()));
    } else {
      content = views.fragment(r, "back", Map.of("href", "/proposals"));
    }
    return views.page(r, 200, "title.decided", "/proposals", operatorLine(r, op),
        views.notice(r, "info", b.format("approval.approved", Map.of("id", p.id(),
            "outcome", outcome(approved.outcome()))), "APPROVED"), content);
  }

  private static String outcome(ApprovalResult.ActionOutcome o) {
    if (o instanceof ApprovalResult.ActionOutcome.OnAccount on) {
      return on.outcome() instanceof OperatorOutcome.NewPassword ? "NEW_PASSWORD"
          : on.outcome() instanceof OperatorOutcome.Done ? "DONE" : "NO_ACCOUNT";
    }
    if (o instanceof ApprovalResult.ActionOutcome.Revocation rev) {
      return "REVOCATION_" + rev.result().getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }
    return o.getClass().getSimpleName();
  }

  /** POST /letter: the approver's one download of the letter. */
  Response downloadLetter(Request r) {
    Operator op = requireOperator(r);
    String id = r.form().text("id", 64);
    Session s = r.sessionOrCreate();
    Letters letters = s.get(Letters.KEY);
    Letters.Letter l = letters == null ? null : letters.take(id);
    if (l == null) {
      Letters.Refusal why = letters == null ? Letters.Refusal.NO_LETTER : letters.refusal(id);
      log.accept("letter download refused: " + why);
      return views.page(r, 410, "title.refused", "/proposals", operatorLine(r, op),
          views.notice(r, "error", views.bundle(r).text("letter.refused." + why.name()),
              why.name()),
          views.fragment(r, "back", Map.of("href", "/proposals")));
    }
    return Response.bytes(200, "application/pdf", l.pdf())
        .header("Content-Disposition", "attachment; filename=\"letter-" + l.userId() + ".pdf\"")
        .header("Cache-Control", "no-store");
  }
}
