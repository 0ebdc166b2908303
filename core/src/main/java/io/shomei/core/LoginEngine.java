package io.shomei.core;

import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.Rule;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.password.Admission;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.FailureResult;
import io.shomei.core.password.PasswordContext;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordKind;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.PasswordViolation;
import io.shomei.core.password.Verification;
import io.shomei.core.password.ViolationCode;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.StorageException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The engine behind {@link Login}: certificate step, password step, first-login change. Built
 * only by {@link Shomei.Builder}; see {@link Login} for the contract.
 */
final class LoginEngine implements Login {
  private final CertificateAcceptance acceptance;
  private final Map<String, Eligibility> eligibilityByService;
  private final CredentialStore credentials;
  private final CertificateStore certificates;
  private final DownloadTicketStore tickets;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final CredentialLockout lockout;
  private final SecretCheck secrets;
  private final AuditTrail audit;
  private final Clock clock;
  private final ZoneId zone;
  private final LoginOptions options;

  /**
   * What a certificate login does beyond the rules: the first-use housekeeping and the limits of
   * a pending login.
   *
   * @param retireSupersededAtFirstLogin revoke the predecessor at the first login of its successor
   * @param deleteTicketsAtFirstLogin delete the certificate's download tickets at its first login
   * @param requireChangeAtFirstLogin a first login must change the password
   * @param pendingLoginTimeout how long a certificate step stays good for the next step
   * @param seal makes and checks pending logins
   * @param noticing how a login's credential update writes the certificate's FIRST_USED notice
   */
  record LoginOptions(boolean retireSupersededAtFirstLogin, boolean deleteTicketsAtFirstLogin,
      boolean requireChangeAtFirstLogin, Duration pendingLoginTimeout, PendingLoginSeal seal,
      Noticing noticing) {
    LoginOptions {
      if (pendingLoginTimeout.isNegative() || pendingLoginTimeout.isZero()) {
        throw new IllegalArgumentException("pendingLoginTimeout must be positive");
      }
    }

    /** Options without notices. */
    LoginOptions(boolean retireSupersededAtFirstLogin, boolean deleteTicketsAtFirstLogin,
        boolean requireChangeAtFirstLogin, Duration pendingLoginTimeout, PendingLoginSeal seal) {
      this(retireSupersededAtFirstLogin, deleteTicketsAtFirstLogin, requireChangeAtFirstLogin,
          pendingLoginTimeout, seal, Noticing.NONE);
    }

    /** Options with a seal under a fresh random key. */
    LoginOptions(boolean retireSupersededAtFirstLogin, boolean deleteTicketsAtFirstLogin,
        boolean requireChangeAtFirstLogin, Duration pendingLoginTimeout) {
      this(retireSupersededAtFirstLogin, deleteTicketsAtFirstLogin, requireChangeAtFirstLogin,
          pendingLoginTimeout, PendingLoginSeal.random(new java.security.SecureRandom()));
    }
  }

  LoginEngine(CertificateAcceptance acceptance, Map<String, Eligibility> eligibilityByService,
      CredentialStore credentials, CertificateStore certificates, DownloadTicketStore tickets,
      PasswordHasher hasher, PasswordPolicy policy, CredentialLockout lockout, SecretCheck secrets,
      AuditTrail audit, Clock clock, ZoneId zone, LoginOptions options) {
    if (policy.lockoutThreshold() != lockout.threshold()) {
      throw new IllegalStateException("the password policy locks after " + policy.lockoutThreshold()
          + " failures but the credential lockout after " + lockout.threshold());
    }
    this.acceptance = acceptance;
    this.eligibilityByService = Map.copyOf(eligibilityByService);
    this.credentials = credentials;
    this.certificates = certificates;
    this.tickets = tickets;
    this.hasher = hasher;
    this.policy = policy;
    this.lockout = lockout;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
    this.zone = zone;
    this.options = options;
  }

  @Override
  public LoginResult.CertificateStep presentCertificate(String service, List<X509Certificate> chain) {
    Instant now = clock.instant();
    return certificateStep(service, acceptance.accept(chain, service, now), now);
  }

  @Override
  public LoginResult.CertificateStep presentEncodedCertificate(String service, List<byte[]> chain) {
    Instant now = clock.instant();
    return certificateStep(service, acceptance.acceptEncoded(chain, service, now), now);
  }

  private LoginResult.CertificateStep certificateStep(String service, AcceptanceResult accepted,
      Instant now) {
    if (accepted instanceof AcceptanceResult.Refused r) {
      CertificateRecord stored = r.storedRecord();
      // the record's account is the customer's only when the refusal concerns their own record
      AccountKey account = stored != null && r.reason() != AcceptanceRefusal.OTHER_ACCOUNT
          ? stored.account() : null;
      CertificateSummary summary = r.summary();
      audit(AuditEventType.LOGIN_CERTIFICATE_REFUSED, account, AuditDetails.of()
          .put("service", service)
          .put("refusal", LoginRefusal.CERTIFICATE_NOT_ACCEPTED)
          .put("certificate_refusal", r.reason())
          .put("serial", summary == null ? null : summary.serialHex())
          .put("fingerprint", summary == null ? null : summary.sha256Fingerprint()));
      return new LoginResult.Refused(rejected(r.reason(), stored), r.detail(), account, summary);
    }
    AcceptanceResult.Accepted a = (AcceptanceResult.Accepted) accepted;
    AccountKey account = a.account();
    CertificateRecord certificate = a.certificate();
    LoginDecision decision = eligibilityFor(service).checkLogin(certificate, now);
    if (decision instanceof LoginDecision.Refused refused) {
      return eligibilityRefusal(refused, account, certificate, a.summary(), "certificate");
    }
    Instant loginFrom = certificate.loginFrom();
    if (loginFrom != null && now.isBefore(loginFrom)) {
      // issued by the three secrets while a certificate that could renew existed: the
      // service's cooling-off runs until loginFrom (inclusive from then on)
      audit(AuditEventType.LOGIN_CERTIFICATE_REFUSED, account, AuditDetails.of()
          .put("refusal", LoginRefusal.COOLING_OFF)
          .put("serial", a.summary().serialHex())
          .put("login_from", loginFrom));
      return new LoginResult.Refused(new Refusal.CoolingOff(loginFrom),
          "the certificate was issued by the three secrets while the account held one that could"
              + " have renewed; it logs in from " + inZone(loginFrom) + " (cooling-off)",
          account, a.summary());
    }
    Optional<CredentialRecord> credential = credentials.find(account);
    Refusal.ContactBranch branch = accountRefusal(credential);
    if (branch != null) {
      audit(AuditEventType.LOGIN_CERTIFICATE_REFUSED, account, AuditDetails.of()
          .put("refusal", branch.code())
          .put("serial", a.summary().serialHex())
          .put("locked_at", branch.since()));
      return new LoginResult.Refused(branch, accountDetail(branch, zone), account, a.summary());
    }
    PendingLogin pending = options.seal().issue(
        account, certificate.serial(), certificate.sha256Fingerprint(), now);
    audit(AuditEventType.LOGIN_CERTIFICATE_ACCEPTED, account, AuditDetails.of()
        .put("serial", a.summary().serialHex())
        .put("fingerprint", certificate.sha256Fingerprint()));
    OptionalInt attemptsLeft = credential
        .map(c -> OptionalInt.of(Math.max(1, lockout.threshold() - c.loginFailures())))
        .orElse(OptionalInt.empty());
    return new LoginResult.PasswordRequired(
        pending, a.summary(), ((LoginDecision.Allowed) decision).unusableFrom(), attemptsLeft);
  }

  @Override
  public LoginResult.PasswordStep password(PendingLogin pending, Secret password) {
    Objects.requireNonNull(pending, "pending");
    try {
      Instant now = clock.instant();
      Binding binding = recheck(pending, now, "password");
      if (binding.refused != null) {
        return binding.refused;
      }
      Checked checked = checkPassword(pending, password, binding, "password");
      if (checked.refused != null) {
        return checked.refused;
      }
      CredentialRecord record = Objects.requireNonNull(checked.record);
      LoginPassword current = Objects.requireNonNull(checked.password);
      LoginResult.ChangeRequired.Reason change = null;
      if (checked.expired) {
        change = LoginResult.ChangeRequired.Reason.PASSWORD_EXPIRED;
      } else if (current.temporary()) {
        change = LoginResult.ChangeRequired.Reason.TEMPORARY_PASSWORD;
      } else if (options.requireChangeAtFirstLogin() && record.lastLoginAt() == null) {
        change = LoginResult.ChangeRequired.Reason.FIRST_LOGIN;
      }
      if (change != null) {
        audit(AuditEventType.LOGIN_SUCCEEDED, pending.account(), AuditDetails.of()
            .put("outcome", "CHANGE_REQUIRED")
            .put("change_reason", change)
            .put("serial", binding.summary().serialHex()));
        return new LoginResult.ChangeRequired(pending, change,
            options.seal().prove(pending, now, current.hash()));
      }
      Instant previous =
          recordLogin(pending.account(), Objects.requireNonNull(binding.certificate()), now);
      return complete(pending, binding, now, previous, false);
    } finally {
      password.destroy();
    }
  }

  @Override
  public LoginResult.ChangeStep changePassword(
      PendingLogin pending, Secret current, Secret newPassword) {
    Objects.requireNonNull(pending, "pending");
    try {
      Instant now = clock.instant();
      Binding binding = recheck(pending, now, "change");
      if (binding.refused != null) {
        return binding.refused;
      }
      Checked checked = checkPassword(pending, current, binding, "change");
      if (checked.refused != null) {
        return checked.refused;
      }
      CredentialRecord record = Objects.requireNonNull(checked.record);
      LoginPassword verified = Objects.requireNonNull(checked.password);
      return change(pending, binding, record, verified, checked.expired, newPassword,
          newPassword.matches(current), "retyped", now);
    } finally {
      current.destroy();
      newPassword.destroy();
    }
  }

  @Override
  public LoginResult.ChangeStep changePassword(PasswordProof proof, Secret newPassword) {
    Objects.requireNonNull(proof, "proof");
    try {
      PendingLogin pending = proof.pending();
      Instant now = clock.instant();
      Binding binding = recheck(pending, now, "change");
      if (binding.refused != null) {
        return binding.refused;
      }
      AccountKey account = pending.account();
      CredentialRecord record = credentials.find(account).orElse(null);
      LoginPassword verified = record == null ? null : record.loginPassword();
      String stale = null;
      if (record == null || verified == null) {
        stale = "no-login-password";
      } else if (record.loginLocked()) {
        stale = "login-locked";
      } else if (!options.seal().verify(proof, verified.hash())) {
        // another key, edited, or the password changed or was reset since the password step
        stale = "proof-stale";
      }
      if (stale != null || record == null || verified == null) {
        audit(AuditEventType.LOGIN_PASSWORD_REFUSED, account, AuditDetails.of()
            .put("step", "change")
            .put("refusal", LoginRefusal.PENDING_LOGIN_EXPIRED)
            .put("cause", stale)
            .put("serial", binding.summary().serialHex()));
        return new LoginResult.Refused(new Refusal.StartAgain(),
            "the password step this change relies on no longer holds (" + stale
                + "); present the certificate again", account, null);
      }
      Instant expiresAt = verified.expiresAt();
      boolean expired = expiresAt != null && !now.isBefore(expiresAt);
      if (expiresAt != null && expired && verified.temporary()) {
        audit(AuditEventType.LOGIN_PASSWORD_REFUSED, account, AuditDetails.of()
            .put("step", "change")
            .put("refusal", LoginRefusal.TEMPORARY_PASSWORD_EXPIRED)
            .put("expired_at", expiresAt));
        return new LoginResult.Refused(
            new Refusal.ContactBranch(Refusal.ContactBranch.Why.TEMPORARY_PASSWORD_EXPIRED,
                expiresAt),
            "the temporary password expired at " + inZone(expiresAt)
                + "; an operator must issue a new one", account, binding.summary());
      }
      return change(pending, binding, record, verified, expired, newPassword,
          secrets.same(newPassword, verified.hash()), "proof", now);
    } finally {
      newPassword.destroy();
    }
  }

  /** The part of a change after the current password is known good: policy, store, complete. */
  private LoginResult.ChangeStep change(PendingLogin pending, Binding binding,
      CredentialRecord record, LoginPassword verified, boolean expired, Secret newPassword,
      boolean sameAsCurrent, String verifiedBy, Instant now) {
    List<PasswordViolation> violations =
        new ArrayList<>(policy.validate(newPassword, PasswordContext.of(record)).violations());
    if (sameAsCurrent) {
      ViolationCode same = verified.temporary()
          ? ViolationCode.SAME_AS_TEMPORARY_PASSWORD : ViolationCode.REUSED_PASSWORD;
      addOnce(violations, PasswordViolation.of(same, verified.temporary() ? 0 : 1));
    }
    AcquisitionPassword acquisition = record.acquisitionPassword();
    if (acquisition != null && !has(violations, ViolationCode.SAME_AS_ACQUISITION_PASSWORD)
        && secrets.same(newPassword, acquisition.hash())) {
      violations.add(PasswordViolation.of(ViolationCode.SAME_AS_ACQUISITION_PASSWORD, 0));
    }
    if (!violations.isEmpty()) {
      audit(AuditEventType.LOGIN_PASSWORD_REFUSED, pending.account(), AuditDetails.of()
          .put("step", "change")
          .put("outcome", "POLICY_VIOLATIONS")
          .put("violations", violations.stream().map(v -> v.code().name()).distinct()
              .collect(Collectors.joining(","))));
      return new LoginResult.PolicyViolations(pending, violations);
    }

    String newHash;
    try {
      newHash = hasher.hash(newPassword);
    } catch (IllegalArgumentException e) {
      // longer than the hasher takes, or an unpaired surrogate, and the policy let it through
      return new LoginResult.PolicyViolations(pending, List.of(PasswordViolation.of(
          newPassword.length() > PasswordHasher.MAX_PASSWORD_LENGTH
              ? ViolationCode.TOO_LONG : ViolationCode.DISALLOWED_CHARACTER,
          newPassword.length() > PasswordHasher.MAX_PASSWORD_LENGTH
              ? PasswordHasher.MAX_PASSWORD_LENGTH : 0)));
    }
    CredentialRecord stored = storeNewPassword(record, verified, newHash,
        Objects.requireNonNull(binding.certificate()), now);
    if (stored == null) {
      // locked, reset or changed by someone else between verification and write
      return invalidCredentials(pending, binding, "change", "changed-concurrently");
    }
    audit(AuditEventType.PASSWORD_CHANGED, pending.account(), AuditDetails.of()
        .put("previous_temporary", verified.temporary())
        .put("expired", expired)
        .put("verified_by", verifiedBy)
        .put("history_entries", stored.passwordHistory().size()));
    return complete(pending, binding, now, record.lastLoginAt(), true);
  }

  // ---------------------------------------------------------------------------------------------

  /** The certificate's state re-read from the store: either refused, or the record and summary. */
  private record Binding(
      LoginResult.@Nullable Refused refused,
      @Nullable CertificateRecord certificate,
      @Nullable CertificateSummary summaryOrNull,
      LoginDecision.@Nullable Allowed allowed) {
    static Binding refusedWith(LoginResult.Refused r) {
      return new Binding(r, null, null, null);
    }

    CertificateSummary summary() {
      return Objects.requireNonNull(summaryOrNull);
    }
  }

  /** Re-checks at a later step that the pending login's certificate is still good. */
  private Binding recheck(PendingLogin pending, Instant now, String step) {
    AccountKey account = pending.account();
    if (!options.seal().verify(pending)) {
      // not made by this engine's key: edited in a session, or forged from certificate data
      audit(AuditEventType.LOGIN_PASSWORD_REFUSED, account, AuditDetails.of()
          .put("step", step)
          .put("refusal", LoginRefusal.PENDING_LOGIN_EXPIRED)
          .put("cause", "seal-mismatch")
          .put("serial", pending.certificateSerial().toString(16)));
      return Binding.refusedWith(new LoginResult.Refused(new Refusal.StartAgain(),
          "the certificate step is not known to this service; present the certificate again",
          account, null));
    }
    if (Duration.between(pending.issuedAt(), now).abs().compareTo(options.pendingLoginTimeout()) > 0) {
      audit(AuditEventType.LOGIN_PASSWORD_REFUSED, account, AuditDetails.of()
          .put("step", step)
          .put("refusal", LoginRefusal.PENDING_LOGIN_EXPIRED)
          .put("pending_since", pending.issuedAt()));
      return Binding.refusedWith(new LoginResult.Refused(new Refusal.StartAgain(),
          "the certificate step was at " + inZone(pending.issuedAt()) + ", more than "
              + options.pendingLoginTimeout() + " ago; present the certificate again",
          account, null));
    }
    Optional<CertificateRecord> found = certificates.findByFingerprint(pending.sha256Fingerprint());
    if (found.isEmpty()) {
      return Binding.refusedWith(certificateRefusal(account, null, AcceptanceRefusal.UNKNOWN_CERTIFICATE,
          "the bank has no record of this certificate", step, pending, null));
    }
    CertificateRecord record = found.get();
    CertificateSummary summary =
        CertificateSummary.of(StoredCertificates.parse(record.der()), zone);
    if (!record.sha256Fingerprint().equals(pending.sha256Fingerprint())
        || !record.serial().equals(pending.certificateSerial())
        || !record.account().equals(account)) {
      return Binding.refusedWith(certificateRefusal(account, summary,
          AcceptanceRefusal.OTHER_ACCOUNT, "the certificate is not recorded for this account",
          step, pending, null));
    }
    AcceptanceRefusal status = switch (record.status()) {
      case ACTIVE -> null;
      case ISSUED -> AcceptanceRefusal.NOT_ACTIVE;
      case SUPERSEDED -> AcceptanceRefusal.SUPERSEDED;
      case REVOKED -> record.replaced() ? AcceptanceRefusal.SUPERSEDED : AcceptanceRefusal.REVOKED;
    };
    if (status != null) {
      Instant changed = record.statusChangedAt();
      return Binding.refusedWith(certificateRefusal(account, summary, status,
          "the certificate is " + record.status()
              + (changed == null ? "" : " since " + inZone(changed)), step, pending, record));
    }
    if (!record.conforming()) {
      return Binding.refusedWith(certificateRefusal(account, summary,
          AcceptanceRefusal.NON_CONFORMING,
          "the certificate is recorded as not conforming to the mapping policy", step, pending, record));
    }
    if (now.isBefore(record.notBefore())) {
      return Binding.refusedWith(certificateRefusal(account, summary,
          AcceptanceRefusal.NOT_YET_VALID,
          "the certificate is valid from " + inZone(record.notBefore()), step, pending, record));
    }
    if (now.isAfter(record.notAfter())) {
      return Binding.refusedWith(certificateRefusal(account, summary, AcceptanceRefusal.EXPIRED,
          "the certificate expired at " + inZone(record.notAfter()), step, pending, record));
    }
    LoginDecision decision = eligibilityFor(account.service()).checkLogin(record, now);
    if (decision instanceof LoginDecision.Refused refused) {
      return Binding.refusedWith(eligibilityRefusal(refused, account, record, summary, step));
    }
    return new Binding(null, record, summary, (LoginDecision.Allowed) decision);
  }

  private LoginResult.Refused certificateRefusal(AccountKey account,
      @Nullable CertificateSummary summary, AcceptanceRefusal reason, String detail, String step,
      PendingLogin pending, @Nullable CertificateRecord stored) {
    audit(AuditEventType.LOGIN_PASSWORD_REFUSED, account, AuditDetails.of()
        .put("step", step)
        .put("refusal", LoginRefusal.CERTIFICATE_NOT_ACCEPTED)
        .put("certificate_refusal", reason)
        .put("serial", pending.certificateSerial().toString(16)));
    return new LoginResult.Refused(rejected(reason, stored), detail, account, summary);
  }

  private LoginResult.Refused eligibilityRefusal(LoginDecision.Refused refused, AccountKey account,
      CertificateRecord certificate, CertificateSummary summary, String step) {
    boolean campaign = refused.reason() == LoginDecision.Reason.REACQUIRE_REQUIRED;
    LoginRefusal reason =
        campaign ? LoginRefusal.REACQUIRE_REQUIRED : LoginRefusal.CERTIFICATE_NOT_USABLE;
    Rule rule = refused.verdict().rule();
    StringBuilder detail = new StringBuilder("the certificate (valid from ")
        .append(inZone(certificate.notBefore())).append(") ");
    switch (refused.reason()) {
      case REACQUIRE_REQUIRED -> detail.append("is unusable from ")
          .append(inZone(refused.since()));
      case EXPIRED -> detail.append("expired at ").append(inZone(refused.since()));
      case NOT_YET_VALID -> detail.append("is not valid before ").append(inZone(refused.since()));
      case SUPERSEDED -> detail.append("was superseded at ").append(inZone(refused.since()));
      case REVOKED -> detail.append("was revoked at ").append(inZone(refused.since()));
    }
    if (rule != null) {
      detail.append(" (rule ").append(rule.id()).append(')');
    }
    ReacquisitionDecision next = refused.next();
    Instant reacquireFrom = null;
    if (next instanceof ReacquisitionDecision.NotYet notYet) {
      reacquireFrom = notYet.from();
      detail.append("; re-acquisition is possible from ").append(inZone(notYet.from()));
    } else if (next instanceof ReacquisitionDecision.Allowed allowed) {
      detail.append("; re-acquire a certificate now");
      Instant until = allowed.until();
      if (until != null) {
        detail.append(" (until ").append(inZone(until)).append(')');
      }
    } else if (next instanceof ReacquisitionDecision.OperatorRequired operator) {
      detail.append("; only the branch can issue a new certificate (")
          .append(operator.reason()).append(')');
    }
    AuditDetails details = AuditDetails.of()
        .put("step", step)
        .put("refusal", reason)
        .put("eligibility_reason", refused.reason())
        .put("since", refused.since())
        .put("reacquire_from", reacquireFrom)
        .put("serial", summary.serialHex())
        .put("rule", rule == null ? null : rule.id());
    audit(step.equals("certificate")
        ? AuditEventType.LOGIN_CERTIFICATE_REFUSED : AuditEventType.LOGIN_PASSWORD_REFUSED,
        account, details);
    if (rule != null) {
      audit(AuditEventType.RULE_REFUSAL, account, AuditDetails.of()
          .put("action", "login")
          .put("rule", rule.id())
          .put("eligibility_reason", refused.reason())
          .put("serial", summary.serialHex()));
    }
    return new LoginResult.Refused(Refusal.MustReacquire.of(refused), detail.toString(), account,
        summary);
  }

  /** Outcome of a password check: refused, or the stored state the password matched. */
  private record Checked(
      LoginResult.@Nullable Refused refused,
      @Nullable CredentialRecord record,
      @Nullable LoginPassword password,
      boolean expired) {
    static Checked refusedWith(LoginResult.Refused r) {
      return new Checked(r, null, null, false);
    }
  }

  /**
   * Verifies the login password, counting failures. Locked, unknown and password-less accounts
   * cost one (dummy) hash verification like any other, and get the same refusal as a wrong
   * password.
   */
  private Checked checkPassword(
      PendingLogin pending, Secret attempt, Binding binding, String step) {
    AccountKey account = pending.account();
    SecretCheck.Outcome outcome =
        secrets.check(account, Map.of(PasswordKind.LOGIN, attempt), PasswordKind.LOGIN);
    if (outcome instanceof SecretCheck.Outcome.Unverified unverified) {
      return Checked.refusedWith(invalidCredentials(pending, binding, step, unverified.cause()));
    }
    if (outcome instanceof SecretCheck.Outcome.Mismatched mismatched) {
      FailureResult failure = mismatched.failure();
      AuditDetails details = AuditDetails.of()
          .put("step", step)
          .put("refusal", LoginRefusal.INVALID_CREDENTIALS)
          .put("cause", "mismatch")
          .put("serial", binding.summary().serialHex());
      if (failure instanceof FailureResult.Counted counted) {
        details.put("failures", counted.failures());
      } else if (failure instanceof FailureResult.LockedNow lockedNow) {
        details.put("failures", lockedNow.failures());
      }
      audit(AuditEventType.LOGIN_PASSWORD_REFUSED, account, details);
      if (failure instanceof FailureResult.LockedNow lockedNow) {
        audit(AuditEventType.LOGIN_LOCKED, account, AuditDetails.of()
            .put("failures", lockedNow.failures())
            .put("locked_at", lockedNow.lockedAt()));
      }
      return Checked.refusedWith(invalidRefusal(account));
    }
    SecretCheck.Outcome.Matched matched = (SecretCheck.Outcome.Matched) outcome;
    CredentialRecord record = matched.record();
    LoginPassword stored = Objects.requireNonNull(record.loginPassword());
    boolean expired = matched.admissions().get(PasswordKind.LOGIN) instanceof Admission.Expired;
    Verification.Match match = Objects.requireNonNull(matched.matches().get(PasswordKind.LOGIN));
    if (stored.temporary()) {
      AcquisitionPassword acquisition = record.acquisitionPassword();
      if (acquisition != null && secrets.same(attempt, acquisition.hash())) {
        audit(AuditEventType.LOGIN_PASSWORD_REFUSED, account, AuditDetails.of()
            .put("step", step)
            .put("refusal", LoginRefusal.TEMPORARY_PASSWORD_UNUSABLE));
        return Checked.refusedWith(new LoginResult.Refused(
            new Refusal.ContactBranch(Refusal.ContactBranch.Why.TEMPORARY_PASSWORD_UNUSABLE, null),
            "the temporary password equals the acquisition password; an operator must issue a "
                + "new temporary password", account, binding.summary()));
      }
    }
    if (!expired) {
      Admission success = lockout.recordSuccess(
          account, PasswordKind.LOGIN, stored.hash(), match.upgradedHash());
      if (success instanceof Admission.Admitted admitted) {
        CredentialRecord now = admitted.record();
        return new Checked(null, now, Objects.requireNonNull(now.loginPassword()), false);
      }
      if (!(success instanceof Admission.Expired)) {
        // locked or replaced between the check and the write
        return Checked.refusedWith(
            invalidCredentials(pending, binding, step,
                success instanceof Admission.Locked ? "login-locked" : "changed-concurrently"));
      }
      expired = true;
    }
    if (stored.temporary()) {
      Instant expiresAt = stored.expiresAt();
      audit(AuditEventType.LOGIN_PASSWORD_REFUSED, account, AuditDetails.of()
          .put("step", step)
          .put("refusal", LoginRefusal.TEMPORARY_PASSWORD_EXPIRED)
          .put("expired_at", expiresAt));
      return Checked.refusedWith(new LoginResult.Refused(
          new Refusal.ContactBranch(Refusal.ContactBranch.Why.TEMPORARY_PASSWORD_EXPIRED, expiresAt),
          "the temporary password expired"
              + (expiresAt == null ? "" : " at " + inZone(expiresAt))
              + "; an operator must issue a new one", account, binding.summary()));
    }
    return new Checked(null, record, stored, true);
  }

  private LoginResult.Refused invalidCredentials(
      PendingLogin pending, Binding binding, String step, String cause) {
    audit(AuditEventType.LOGIN_PASSWORD_REFUSED, pending.account(), AuditDetails.of()
        .put("step", step)
        .put("refusal", LoginRefusal.INVALID_CREDENTIALS)
        .put("cause", cause)
        .put("serial", binding.summary().serialHex()));
    return invalidRefusal(pending.account());
  }

  /**
   * The account's part of the certificate step, after the certificate was accepted and the rules
   * allow it: the account needs a login password and must not be locked. Shared by
   * {@link Certificates#check}, so that the check answers what the login answers.
   *
   * @param credential the account's credentials, if it was ever enrolled
   * @return the refusal, or {@code null} when the account may give its password
   */
  static Refusal.@Nullable ContactBranch accountRefusal(Optional<CredentialRecord> credential) {
    LoginPassword loginPassword = credential.map(CredentialRecord::loginPassword).orElse(null);
    if (credential.isEmpty() || loginPassword == null) {
      return new Refusal.ContactBranch(Refusal.ContactBranch.Why.NO_LOGIN_PASSWORD, null);
    }
    Instant lockedAt = credential.get().loginLockedAt();
    if (lockedAt != null) {
      return new Refusal.ContactBranch(Refusal.ContactBranch.Why.ACCOUNT_LOCKED, lockedAt);
    }
    return null;
  }

  /** The operators' explanation of an {@link #accountRefusal}. */
  static String accountDetail(Refusal.ContactBranch refusal, ZoneId zone) {
    Instant since = refusal.since();
    if (refusal.why() == Refusal.ContactBranch.Why.ACCOUNT_LOCKED && since != null) {
      return "the login password is locked since " + since.atZone(zone)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          + " after too many failures; an operator must unlock it";
    }
    return "the account has no login password; an operator must issue one";
  }

  /**
   * The refusal of a certificate the store knows or not: one replaced by a newer certificate of
   * the account (superseded, or revoked because superseded) is {@link Refusal.Superseded}, so that
   * the page can say "use your newer certificate" without reading the store itself.
   */
  static Refusal rejected(AcceptanceRefusal reason, @Nullable CertificateRecord stored) {
    boolean replaced = reason == AcceptanceRefusal.SUPERSEDED
        || (reason == AcceptanceRefusal.REVOKED && stored != null && stored.replaced());
    if (replaced) {
      return new Refusal.Superseded(stored == null ? null : stored.supersededBy(),
          stored == null ? null : stored.statusChangedAt());
    }
    return new Refusal.CertificateRejected(reason);
  }

  /** The one outward answer for wrong, locked and unknown: nothing in it tells them apart. */
  private static LoginResult.Refused invalidRefusal(AccountKey account) {
    return new LoginResult.Refused(new Refusal.InvalidCredentials(),
        "the password is not correct", account, null);
  }

  private static void addOnce(List<PasswordViolation> violations, PasswordViolation v) {
    if (!has(violations, v.code())) {
      violations.add(v);
    }
  }

  private static boolean has(List<PasswordViolation> violations, ViolationCode code) {
    return violations.stream().anyMatch(v -> v.code() == code);
  }

  /**
   * Stores the new password in one {@link CredentialStore#update}, unless the verified password
   * was locked or replaced meanwhile: the old permanent password goes to the history, failures and lock are
   * cleared, the last login is now. With notices, the certificate's FIRST_USED notice is written
   * in the same unit (once per certificate).
   *
   * @return the stored record, or {@code null} if the verified password was locked or replaced
   *     meanwhile
   */
  private @Nullable CredentialRecord storeNewPassword(CredentialRecord read,
      LoginPassword verified, String newHash, CertificateRecord certificate, Instant now) {
    UnaryOperator<CredentialRecord> change = current -> {
      LoginPassword p = current.loginPassword();
      if (current.loginLocked() || p == null || !p.hash().equals(verified.hash())) {
        return current; // locked, reset or changed by someone else: nothing to write
      }
      List<String> history = new ArrayList<>(current.passwordHistory());
      if (!p.temporary()) {
        history.add(0, p.hash());
      }
      while (history.size() > CredentialRecord.MAX_HISTORY) {
        history.remove(history.size() - 1);
      }
      return current.withLogin(new LoginPassword(newHash, false, now, null), history, 0, null)
          .withLastLogin(now);
    };
    CredentialStore.UpdateResult r = options.noticing().update(credentials, read.account(),
        change, (before, after) -> List.of(NoticeKeys.firstUsed(certificate, now)));
    return r instanceof CredentialStore.UpdateResult.Updated updated ? updated.after() : null;
  }

  /**
   * Sets the last login to {@code now}; with notices, in one unit with the certificate's
   * FIRST_USED notice (written once per certificate: its key is the serial's).
   *
   * @return the previous last login, or {@code null}
   */
  private @Nullable Instant recordLogin(AccountKey account, CertificateRecord certificate,
      Instant now) {
    CredentialStore.UpdateResult r = options.noticing().update(credentials, account,
        current -> current.withLastLogin(now),
        (before, after) -> List.of(NoticeKeys.firstUsed(certificate, now)));
    return r instanceof CredentialStore.UpdateResult.Updated updated
        ? updated.before().lastLoginAt() : null;
  }


  /** Completes a login: first-use housekeeping of the certificate, audit, result. */
  private LoginResult.Authenticated complete(PendingLogin pending, Binding binding, Instant now,
      @Nullable Instant previousLogin, boolean passwordChanged) {
    AccountKey account = pending.account();
    CertificateRecord certificate = Objects.requireNonNull(binding.certificate());
    int ticketsDeleted = options.deleteTicketsAtFirstLogin()
        ? tickets.deleteForCertificate(certificate.issuer(), certificate.serial()) : 0;
    List<String> retired = new ArrayList<>();
    if (options.retireSupersededAtFirstLogin()) {
      for (CertificateRecord old : certificates.findByAccount(account)) {
        if (old.status() == CertificateStatus.SUPERSEDED
            && certificate.serial().equals(old.supersededBy())
            && certificates.revoke(old.issuer(), old.serial(), RevocationReason.SUPERSEDED, now)
                instanceof CertificateStore.RevocationResult.Revoked) {
          retired.add(old.serial().toString(16));
          audit(AuditEventType.CERTIFICATE_REVOKED, account, AuditDetails.of()
              .put("serial", old.serial().toString(16))
              .put("reason", RevocationReason.SUPERSEDED)
              .put("trigger", "first-login-of-successor")
              .put("successor", certificate.serial().toString(16)));
        }
      }
    }
    audit(AuditEventType.LOGIN_SUCCEEDED, account, AuditDetails.of()
        .put("outcome", "AUTHENTICATED")
        .put("serial", binding.summary().serialHex())
        .put("changed_at_login", passwordChanged)
        .put("first_login", previousLogin == null)
        .put("download_tickets_deleted", ticketsDeleted == 0 ? null : ticketsDeleted)
        .put("retired", retired.isEmpty() ? null : String.join(",", retired)));
    LoginDecision.Allowed allowed = Objects.requireNonNull(binding.allowed());
    return new LoginResult.Authenticated(account, binding.summary(), now, previousLogin,
        passwordChanged, allowed.unusableFrom());
  }

  private void audit(AuditEventType type, @Nullable AccountKey account, AuditDetails details) {
    audit.append(new AuditEvent(type, "customer", account, details.build()));
  }

  private String inZone(Instant instant) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
  }

  private Eligibility eligibilityFor(String service) {
    return eligibilityByService.getOrDefault(service, NO_RULES);
  }

  private static final Eligibility NO_RULES = RuleSet.of(List.of());

  @Override
  public String toString() {
    return "Login[services=" + acceptance.services() + ", " + options + "]";
  }
}
