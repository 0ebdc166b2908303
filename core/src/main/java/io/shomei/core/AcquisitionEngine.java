package io.shomei.core;

import io.shomei.spi.Storage;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.password.CredentialLockout;
import java.security.SecureRandom;
import java.time.Clock;
import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.Verdict;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.core.identity.UserIdResult;
import io.shomei.core.internal.x509.Bc;
import io.shomei.core.issue.GeneratedKey;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.Admission;
import io.shomei.core.password.FailureResult;
import io.shomei.core.password.PasswordKind;
import io.shomei.core.password.Verification;
import io.shomei.core.pkcs12.Pkcs12File;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.core.pkcs12.Pkcs12Profile;
import io.shomei.core.pkcs12.Pkcs12Result;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.IssuerName;
import io.shomei.spi.DownloadTicketStore.TakeResult;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Storage.CommitResult;
import io.shomei.spi.StorageException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The acquisition use case; see {@link Acquisition} for the contract. */
final class AcquisitionEngine implements Acquisition {
  /** Random bytes in a ticket id: 192 bits, 32 URL-safe characters. */
  static final int TICKET_ID_BYTES = 24;

  private final Map<String, ServiceSettings> services;
  private final UserIdPolicy userIdPolicy;
  private final CredentialLockout lockout;
  private final SecretCheck secrets;
  private final CertificateStore certificates;
  private final Storage storage;
  private final boolean voluntaryReacquisition;
  private final IssuingCas cas;
  private final Pkcs12Profile defaultPkcs12Profile;
  private final Map<Pkcs12Profile, Pkcs12Packager> packagers;
  private final RetirementPolicy retirement;
  private final TicketLimits ticketLimits;
  private final DownloadTicketStore tickets;
  private final SecureRandom random;
  private final CredentialStore credentials;
  private final AuditTrail audit;
  private final Clock clock;
  private final RevocationForCause forCause;
  private final Map<String, ThreeSecretFallback> fallbacks;
  private final Map<String, java.time.Duration> coolingOffs;
  private final IssuanceAlert.@Nullable Listener alerts;
  private final boolean notices;

  AcquisitionEngine(Map<String, ServiceSettings> services, UserIdPolicy userIdPolicy,
      CredentialLockout lockout, SecretCheck secrets, CertificateStore certificates, Storage storage,
      boolean voluntaryReacquisition, IssuingCas cas, Pkcs12Profile defaultPkcs12Profile,
      Map<Pkcs12Profile, Pkcs12Packager> packagers, RetirementPolicy retirement,
      TicketLimits ticketLimits, DownloadTicketStore tickets, SecureRandom random,
      CredentialStore credentials, AuditTrail audit, Clock clock, RevocationForCause forCause,
      Map<String, ThreeSecretFallback> fallbacks, Map<String, java.time.Duration> coolingOffs,
      IssuanceAlert.@Nullable Listener alerts, boolean notices) {
    this.notices = notices;
    this.services = services;
    this.userIdPolicy = userIdPolicy;
    this.lockout = lockout;
    this.secrets = secrets;
    this.certificates = certificates;
    this.storage = storage;
    this.voluntaryReacquisition = voluntaryReacquisition;
    this.cas = cas;
    this.defaultPkcs12Profile = defaultPkcs12Profile;
    this.packagers = packagers;
    this.retirement = retirement;
    this.ticketLimits = ticketLimits;
    this.tickets = tickets;
    this.random = random;
    this.credentials = credentials;
    this.audit = audit;
    this.clock = clock;
    this.forCause = forCause;
    this.fallbacks = Map.copyOf(fallbacks);
    this.coolingOffs = Map.copyOf(coolingOffs);
    this.alerts = alerts;
  }

  @Override
  public AcquisitionResult acquire(AcquisitionRequest request) {
    try {
      return run(request);
    } finally {
      request.close();
    }
  }

  private AcquisitionResult run(AcquisitionRequest request) {
    ServiceSettings service = services.get(request.service());
    if (service == null) {
      return AcquisitionResult.Refused.of(AcquisitionRefusal.UNKNOWN_SERVICE);
    }
    if (!(userIdPolicy.parse(request.userId()) instanceof UserIdResult.Valid valid)) {
      secrets.unverifiable(List.of(request.loginPassword(), request.acquisitionPassword()));
      return AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED);
    }
    AccountKey account = new AccountKey(valid.userId().value(), request.service());
    byte[] csr = request.csr().orElse(null);
    Stamps.customer(audit, AuditEventType.ACQUISITION_ATTEMPTED, account,
        Map.of("path", csr == null ? "server-key" : "csr"));

    // 1. authenticate all three. An unknown user, a locked password (either the login password or
    //    this path's own, time-decaying lock) and wrong passwords get the same answer for the same
    //    work (two hash verifications): locking an account must not tell a guesser that it exists,
    //    and while a lock holds nothing is verified, so it cannot tell whether a guess was right.
    //    A wrong attempt counts against the acquisition path only, never against the login
    //    password: no stranger can lock certificate login from here. A state only the customer
    //    may learn (acquisition password used up, login password expired) is told only to a
    //    caller who gave both passwords right (SecretCheck).
    Map<PasswordKind, Secret> attempts = new EnumMap<>(PasswordKind.class);
    attempts.put(PasswordKind.LOGIN, request.loginPassword());
    attempts.put(PasswordKind.ACQUISITION, request.acquisitionPassword());
    SecretCheck.Outcome checked = secrets.check(account, attempts, PasswordKind.ACQUISITION);
    if (checked instanceof SecretCheck.Outcome.Unverified u) {
      return refuse(account, AcquisitionRefusal.AUTHENTICATION_FAILED, Map.of("cause", u.cause()));
    }
    if (checked instanceof SecretCheck.Outcome.Mismatched m) {
      List<String> failed = new ArrayList<>(2);
      m.wrong().forEach(kind -> failed.add(kind == PasswordKind.LOGIN ? "login" : "acquisition"));
      if (m.failure() instanceof FailureResult.LockedNow lockedNow) {
        Map<String, String> lock = new LinkedHashMap<>();
        lock.put("during", "acquisition");
        lock.put("failures", Integer.toString(lockedNow.failures()));
        lock.put("until", lockedNow.failures() >= CredentialLockout.MAX_ACQUISITION_FAILURES
            ? "operator" : lockedNow.lockedAt().plus(
                lockout.acquisitionDelay(lockedNow.failures())).toString());
        Stamps.system(audit, AuditEventType.ACQUISITION_PASSWORD_LOCKED, account, lock);
      }
      return refuse(account, AcquisitionRefusal.AUTHENTICATION_FAILED,
          Map.of("failed", String.join(",", failed), "cause", "mismatch"));
    }
    SecretCheck.Outcome.Matched matched = (SecretCheck.Outcome.Matched) checked;
    Admission login = Objects.requireNonNull(matched.admissions().get(PasswordKind.LOGIN));
    Admission acquisition =
        Objects.requireNonNull(matched.admissions().get(PasswordKind.ACQUISITION));
    AcquisitionRefusal early = login instanceof Admission.Expired
        ? AcquisitionRefusal.LOGIN_PASSWORD_EXPIRED
        : acquisition instanceof Admission.Consumed ? AcquisitionRefusal.ACQUISITION_PASSWORD_USED
        : null;
    if (early != null) {
      return refuse(account, early);
    }
    String acquisitionHash = matched.hash(PasswordKind.ACQUISITION);
    Admission loginOk = lockout.recordSuccess(account, PasswordKind.LOGIN,
        matched.hash(PasswordKind.LOGIN),
        Objects.requireNonNull(matched.matches().get(PasswordKind.LOGIN)).upgradedHash());
    AcquisitionRefusal late = refusalOf(loginOk);
    if (late != null) {
      return refuse(account, late);
    }
    Optional<String> acquisitionUpgrade =
        Objects.requireNonNull(matched.matches().get(PasswordKind.ACQUISITION)).upgradedHash();
    boolean oneTime = lockout.acquisitionMode() == AcquisitionMode.ONE_TIME;
    if (!oneTime) {
      late = refusalOf(lockout.recordSuccess(
          account, PasswordKind.ACQUISITION, acquisitionHash, acquisitionUpgrade));
      if (late != null) {
        return refuse(account, late);
      }
    }

    Instant now = Stamps.now(clock);
    List<CertificateRecord> held = certificates.findByAccount(account);
    CertificateRecord active = null;
    for (CertificateRecord c : held) {
      if (c.status() == CertificateStatus.ACTIVE) {
        active = c;
      }
    }
    AcquisitionPassword password = matched.record().acquisitionPassword();

    // 2. a certificate revoked for cause: the branch first (it issues a new acquisition password)
    CertificateRecord revoked = forCause.pending(held, password);
    if (revoked != null) {
      return refuse(account, AcquisitionRefusal.OPERATOR_REQUIRED, Map.of(
          "cause", "revoked-for-cause", "serial", revoked.serial().toString(16),
          "revocation_reason", String.valueOf(revoked.revocationReason())));
    }

    // 3. resume: the active certificate's file is still waiting to be downloaded. A file packed
    //    before the current acquisition password was issued (an operator reset it meanwhile) is
    //    not resumed: it is protected by the old password, which the reset retired. The
    //    certificate inside was then never delivered under the current password, so a new one
    //    may replace it whatever the rules say of a usable certificate.
    boolean undelivered = false;
    String replacesBecause = null;
    if (active != null) {
      DownloadTicket live = liveTicket(tickets, account, active, now);
      if (live != null && password != null && live.createdAt().isBefore(password.issuedAt())) {
        undelivered = true;
        live = null;
      }
      if (live != null && oneTime && consumedNow(account)) {
        // a concurrent acquisition consumed the one-time password (and activated, so the live
        // ticket is its file): of concurrent uses exactly one succeeds, a resume included
        return refuse(account, AcquisitionRefusal.ACQUISITION_PASSWORD_USED);
      }
      if (live != null) {
        return new AcquisitionResult.Acquired(account, active.serial(), Bc.toX509(active.der()),
            chainOf(active, service.service(), now),
            new DownloadTicketInfo(live.id(), live.expiresAt(), live.downloadsLeft()),
            active.supersededBy(), true);
      }
      if (live == null && neverUsedForLogin(active, matched.record().lastLoginAt())) {
        // 3b. no download left (used up or expired) and the certificate never logged in: as far
        //     as the bank can tell it never reached a browser (failed imports, a lost file, a new
        //     PC). Without this the customer would be told "you have a valid certificate" and
        //     stranded; the new certificate supersedes it, and the trail says why.
        undelivered = true;
        replacesBecause = "never-used-no-download-left";
      }
    }

    // 4. eligibility
    ReacquisitionDecision decision = service.eligibility().checkReacquisition(active, now);
    if (decision instanceof ReacquisitionDecision.NotYet notYet) {
      Stamps.customer(audit, AuditEventType.RULE_REFUSAL, account, ruleDetails(notYet.verdict(),
          notYet.reason().name(), notYet.from()));
      return refuse(account, new AcquisitionResult.Refused(
          AcquisitionRefusal.NOT_YET_ELIGIBLE, notYet.from(), null), Map.of());
    }
    if (decision instanceof ReacquisitionDecision.OperatorRequired op) {
      Stamps.customer(audit, AuditEventType.RULE_REFUSAL, account,
          ruleDetails(op.verdict(), op.reason().name(), null));
      return refuse(account, AcquisitionRefusal.OPERATOR_REQUIRED);
    }
    if (!selfServiceNow(active, decision, voluntaryReacquisition || undelivered)
        && decision instanceof ReacquisitionDecision.Allowed) {
      return refuse(account, AcquisitionRefusal.NOT_ELIGIBLE);
    }

    // 4b. the three secrets are the fallback: a certificate that can renew comes first
    ThreeSecretFallback fallback =
        fallbacks.getOrDefault(service.service(), ThreeSecretFallback.ALLOW);
    java.time.Duration coolingOff = coolingOffs.get(service.service());
    boolean alert = false;
    Instant loginFrom = null;
    if ((fallback != ThreeSecretFallback.ALLOW || coolingOff != null) && active != null
        && !undelivered && service.eligibility().checkProof(active, now)
            instanceof io.shomei.core.eligibility.ProofDecision.Allowed) {
      if (fallback == ThreeSecretFallback.REFUSE) {
        return refuse(account, AcquisitionRefusal.RENEW_WITH_CERTIFICATE,
            Map.of("proof_capable", active.serial().toString(16)));
      }
      alert = fallback == ThreeSecretFallback.ALLOW_WITH_ALERT;
      // the fallback issuance: its certificate logs in only after the service's cooling-off
      loginFrom = coolingOff == null ? null : now.plus(coolingOff);
    }

    // 5. the acquisition password must be usable as a PKCS#12 password before anything is signed
    if (csr == null && Pkcs12Packager.checkPassword(request.acquisitionPassword()).isPresent()) {
      return refuse(account, AcquisitionRefusal.UNSUITABLE_PKCS12_PASSWORD);
    }

    // 6-9. issue, record, package, commit
    @Nullable Supplier<@Nullable AcquisitionRefusal> consume = !oneTime ? null
        : () -> refusalOf(lockout.recordSuccess(
            account, PasswordKind.ACQUISITION, acquisitionHash, acquisitionUpgrade));
    Map<String, String> issuedDetails = new LinkedHashMap<>();
    if (alert) {
      issuedDetails.put("alert", "three-secrets-while-proof-capable");
    }
    if (loginFrom != null) {
      issuedDetails.put("cooling_off_until", loginFrom.toString());
    }
    AcquisitionResult result = issueAndCommit(service, account, active, csr,
        request.pkcs12Profile(), request.acquisitionPassword(), consume, replacesBecause,
        issuedDetails, loginFrom);
    if (alert && active != null && result instanceof AcquisitionResult.Acquired acquired) {
      alert(new IssuanceAlert(account, acquired.serial(), active.serial(), Stamps.now(clock)));
    }
    return result;
  }

  private void alert(IssuanceAlert a) {
    Stamps.system(audit, AuditEventType.ISSUANCE_ALERT, a.account(), Map.of(
        "serial", a.serial().toString(16), "superseded", a.superseded().toString(16),
        "path", "three-secrets"));
    IssuanceAlert.Listener listener = alerts;
    if (listener != null) {
      try {
        listener.alert(a);
      } catch (RuntimeException e) {
        // the certificate is committed and the alert audited: the host's notification seam
        // failing must not turn the customer's acquisition into a failure
      }
    }
  }

  /** The chain of the CA that issued a stored certificate; the issuing CA's for a foreign one. */
  private List<X509Certificate> chainOf(CertificateRecord record, String service, Instant now) {
    IssuingCa ca = cas.byIssuer(record.issuer());
    return ca != null ? ca.custody().certificateChain()
        : cas.at(service, now).ca().custody().certificateChain();
  }

  /**
   * Issues a certificate for the account, packages it under {@code filePassword} (server-key
   * path), runs {@code consume} (a refusal there discards what was signed), and commits it
   * atomically, superseding {@code active}. The one issuance path of acquisition and renewal.
   *
   * @param issuedDetails extra details of the {@code CERTIFICATE_ISSUED} event
   * @param loginFrom the new certificate's first instant of login (a cooling-off), or {@code null}
   */
  AcquisitionResult issueAndCommit(ServiceSettings service, AccountKey account,
      @Nullable CertificateRecord active, byte @Nullable [] csr, Optional<Pkcs12Profile> profile,
      Secret filePassword, @Nullable Supplier<@Nullable AcquisitionRefusal> consume,
      @Nullable String replacesBecause, Map<String, String> issuedDetails,
      @Nullable Instant loginFrom) {
    // the CA whose issuing window holds this instant: at a rollover's cut-over second the old
    // CA issues until it and the new one from it
    CertificateIssuer issuer = cas.at(service.service(), Stamps.now(clock)).issuer();
    IssuanceResult issuance = csr == null
        ? issuer.issueWithGeneratedKey(service.profile(), account.userId())
        : issuer.issueForCsr(service.profile(), account.userId(), csr);
    if (issuance instanceof IssuanceResult.Refused r) {
      return refuse(account, new AcquisitionResult.Refused(
          AcquisitionRefusal.ISSUANCE_REFUSED, null, r.reason()), Map.of("issuance", r.reason().name()));
    }
    IssuedCertificate issued = ((IssuanceResult.Issued) issuance).certificate();
    try {
      return commit(account, issued, active, profile, filePassword, consume, replacesBecause,
          issuedDetails, loginFrom);
    } finally {
      issued.generatedKey().ifPresent(GeneratedKey::discard);
    }
  }

  private AcquisitionResult commit(AccountKey account, IssuedCertificate issued,
      @Nullable CertificateRecord active, Optional<Pkcs12Profile> requestedProfile,
      Secret filePassword, @Nullable Supplier<@Nullable AcquisitionRefusal> consume,
      @Nullable String replacesBecause, Map<String, String> issuedDetails,
      @Nullable Instant loginFrom) {
    Instant now = Stamps.now(clock);
    BigInteger serial = issued.serial();

    // 7. package the file for download; nothing is stored before the commit
    byte[] pkcs12 = null;
    if (issued.generatedKey().isPresent()) {
      Pkcs12Profile profile = requestedProfile.orElse(defaultPkcs12Profile);
      Pkcs12Packager packager = Objects.requireNonNull(packagers.get(profile));
      Pkcs12Result packed = packager.pack(issued, Secret.wrap(filePassword.toCharArray()));
      if (!(packed instanceof Pkcs12Result.Packaged p)) {
        throw new IllegalStateException("the PKCS#12 password was checked before issuing: " + packed);
      }
      pkcs12 = p.file().bytes();
      p.file().destroy();
    }
    try {
      // 8. a one-time acquisition password is consumed now, atomically; a refusal leaves nothing
      if (consume != null) {
        AcquisitionRefusal consumed = consume.get();
        if (consumed != null) {
          // a concurrent acquisition used the one-time password first: what was signed here is
          // handed to nobody, but the CA did sign it, so the trail says so
          discarded(account, issued, "one-time-password-used-concurrently");
          return refuse(account, consumed);
        }
      }

      // 9. one atomic commit: record, keep the file, activate, retire the old certificate
      BigInteger expected = active == null ? null : active.serial();
      CertificateRecord record = issued.toRecord(now).withLoginFrom(loginFrom);
      DownloadTicket ticket = pkcs12 == null ? null : new DownloadTicket(newTicketId(), account,
          record.issuer(), serial, pkcs12, now, now.plus(ticketLimits.lifetime()),
          ticketLimits.maxDownloads());
      AcquisitionCommit commit = new AcquisitionCommit(record, ticket, expected,
          retirement == RetirementPolicy.AT_ISSUANCE, now, !notices ? List.of()
              : NoticeKeys.ofIssuance(account, record, active,
                  issuedDetails.containsKey("alert"), now));
      CommitResult result;
      try {
        result = storage.commitAcquisition(commit);
      } catch (StorageException e) {
        result = afterFailedCommit(record.issuer(), serial, expected, e);
      }
      if (result instanceof CommitResult.Conflict) {
        discarded(account, issued, "concurrent-acquisition");
        return refuse(account, AcquisitionRefusal.CONCURRENT_ACQUISITION,
            Map.of("serial", serial.toString(16)));
      }
      if (!(result instanceof CommitResult.Committed committed)) {
        // 127 random bits (or 192 for the ticket id) collided, or the store is broken
        throw new StorageException("the store refused a new certificate as a duplicate: "
            + result.getClass().getSimpleName());
      }
      return committed(account, issued, ticket, committed.superseded(), replacesBecause,
          issuedDetails);
    } finally {
      if (pkcs12 != null) {
        Arrays.fill(pkcs12, (byte) 0);
      }
    }
  }

  private AcquisitionResult committed(AccountKey account, IssuedCertificate issued,
      @Nullable DownloadTicket ticket, @Nullable CertificateRecord old,
      @Nullable String replacesBecause, Map<String, String> issuedDetails) {
    BigInteger serial = issued.serial();
    if (old != null) {
      Stamps.system(audit, AuditEventType.CERTIFICATE_SUPERSEDED, account, Map.of(
          "serial", old.serial().toString(16), "superseded_by", serial.toString(16)));
      if (old.status() == CertificateStatus.REVOKED) {
        Stamps.system(audit, AuditEventType.CERTIFICATE_REVOKED, account, Map.of(
            "serial", old.serial().toString(16), "reason", RevocationReason.SUPERSEDED.name()));
      }
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("serial", serial.toString(16));
    details.put("profile", issued.profile());
    details.put("not_after", issued.notAfter().toString());
    details.put("path", ticket == null ? "csr" : "server-key");
    details.putAll(issuedDetails);
    if (old != null) {
      details.put("supersedes", old.serial().toString(16));
      if (replacesBecause != null) {
        details.put("replaces_because", replacesBecause);
      }
    }
    Stamps.customer(audit, AuditEventType.CERTIFICATE_ISSUED, account, details);
    DownloadTicketInfo info = ticket == null ? null
        : new DownloadTicketInfo(ticket.id(), ticket.expiresAt(), ticket.downloadsLeft());
    return new AcquisitionResult.Acquired(account, serial, issued.certificate(), issued.caChain(),
        info, old == null ? null : old.serial(), false);
  }

  private CommitResult afterFailedCommit(IssuerName issuer, BigInteger serial,
      @Nullable BigInteger expected,
      StorageException failure) {
    // the store says "nothing or everything changed": find out which
    try {
      Optional<CertificateRecord> now = certificates.findBySerial(issuer, serial);
      if (now.isPresent() && now.get().status() == CertificateStatus.ACTIVE) {
        // the one it superseded: the account's certificate with the expected serial
        CertificateRecord old = expected == null ? null
            : certificates.findAllBySerial(expected).stream()
                .filter(r -> r.account().equals(now.get().account())).findFirst().orElse(null);
        return new CommitResult.Committed(now.get(), old);
      }
    } catch (StorageException again) {
      failure.addSuppressed(again);
    }
    throw failure;
  }

  /**
   * Records a certificate the CA signed that is handed to nobody (its generated key is discarded
   * by the caller): every signature of the CA is accounted for, in the store or in the trail.
   */
  private void discarded(AccountKey account, IssuedCertificate issued, String why) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("serial", issued.serial().toString(16));
    d.put("fingerprint", CertificateRecord.fingerprintOf(issued.der()));
    d.put("not_after", issued.notAfter().toString());
    d.put("why", why);
    Stamps.system(audit, AuditEventType.CERTIFICATE_DISCARDED, account, d);
  }

  private String newTicketId() {
    byte[] b = new byte[TICKET_ID_BYTES];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * The certificate's download ticket that is still live (not expired, not used up), if any: a
   * ticket of the same issuer and serial, never another issuer's file with that serial.
   */
  static @Nullable DownloadTicket liveTicket(DownloadTicketStore tickets, AccountKey account,
      CertificateRecord certificate, Instant now) {
    for (DownloadTicket t : tickets.findByAccount(account)) {
      if (t.isFor(certificate) && now.isBefore(t.expiresAt()) && t.downloadsLeft() > 0) {
        return t;
      }
    }
    return null;
  }

  /** Whether the account's acquisition password is consumed (read again after the resume check). */
  private boolean consumedNow(AccountKey account) {
    AcquisitionPassword p = credentials.find(account)
        .map(CredentialRecord::acquisitionPassword).orElse(null);
    return p == null || p.consumedAt() != null;
  }



  /**
   * Whether an active certificate that has no download left may be replaced by the customer
   * because it was never used: issued by this engine (not imported: a migrated certificate's use
   * before the migration is unknown), and no certificate login of the account completed since it
   * was recorded (login accepts only the account's active certificate, so a later login used this
   * one). The caller checks that no live download ticket remains. The one decision behind both
   * acquisition and {@link Certificates#status}.
   */
  static boolean neverUsedForLogin(CertificateRecord active, @Nullable Instant lastLoginAt) {
    return active.profile() != null
        && (lastLoginAt == null || lastLoginAt.isBefore(active.recordedAt()));
  }

  /**
   * Whether the customer may acquire by themselves now: the rules allow it, and either they hold no
   * certificate, the one they hold cannot log in because it does not conform to the certificate
   * policy (a migrated legacy certificate: nothing else gets its holder out), a rule makes them
   * eligible, or the bank allows voluntary re-acquisition. The one decision behind both
   * acquisition and {@link Certificates#status}.
   */
  static boolean selfServiceNow(@Nullable CertificateRecord active,
      ReacquisitionDecision decision, boolean voluntary) {
    return decision instanceof ReacquisitionDecision.Allowed allowed
        && (active == null || voluntary || !active.conforming()
            || eligibleByRule(allowed.verdict()));
  }

  private static boolean eligibleByRule(@Nullable Verdict v) {
    return v instanceof Verdict.EligibleNow || v instanceof Verdict.ExpiredSelfServiceUntil;
  }

  private static Map<String, String> ruleDetails(Verdict v, String reason, @Nullable Instant from) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("action", "acquisition");
    d.put("verdict", v.kind().name());
    d.put("reason", reason);
    if (v.rule() != null) {
      d.put("rule", Objects.requireNonNull(v.rule()).id());
    }
    if (from != null) {
      d.put("from", from.toString());
    }
    return d;
  }




  /**
   * The refusal for a {@link io.shomei.core.password.CredentialLockout#recordSuccess} answer. Its
   * passwords were right, but a lock that engaged meanwhile is still not told: acquisition never
   * reveals one.
   */
  private static @Nullable AcquisitionRefusal refusalOf(Admission a) {
    if (a instanceof Admission.Admitted) {
      return null;
    }
    if (a instanceof Admission.Locked) {
      return AcquisitionRefusal.AUTHENTICATION_FAILED;
    }
    if (a instanceof Admission.Expired) {
      return AcquisitionRefusal.LOGIN_PASSWORD_EXPIRED;
    }
    if (a instanceof Admission.Consumed) {
      return AcquisitionRefusal.ACQUISITION_PASSWORD_USED;
    }
    return AcquisitionRefusal.AUTHENTICATION_FAILED; // no password, no account, replaced meanwhile
  }

  private AcquisitionResult refuse(AccountKey account, AcquisitionRefusal reason) {
    return refuse(account, AcquisitionResult.Refused.of(reason), Map.of());
  }

  private AcquisitionResult refuse(AccountKey account, AcquisitionRefusal reason,
      Map<String, String> extra) {
    return refuse(account, AcquisitionResult.Refused.of(reason), extra);
  }

  private AcquisitionResult refuse(AccountKey account, AcquisitionResult.Refused refusal,
      Map<String, String> extra) {
    Map<String, String> d = new LinkedHashMap<>(extra);
    d.put("reason", refusal.reason().name());
    if (refusal.availableFrom() != null) {
      d.put("available_from", String.valueOf(refusal.availableFrom()));
    }
    Stamps.customer(audit, AuditEventType.ACQUISITION_REFUSED, account, d);
    return refusal;
  }

  @Override
  public DownloadResult download(String ticketId) {
    if (!wellFormed(ticketId)) {
      return new DownloadResult.Refused(DownloadRefusal.NOT_FOUND);
    }
    Instant now = Stamps.now(clock);
    TakeResult r = notices ? takeNoticed(ticketId, now) : tickets.take(ticketId, now);
    if (r instanceof TakeResult.Expired) {
      return new DownloadResult.Refused(DownloadRefusal.EXPIRED);
    }
    if (!(r instanceof TakeResult.Taken taken)) {
      return new DownloadResult.Refused(DownloadRefusal.NOT_FOUND);
    }
    DownloadTicket t = taken.ticket();
    byte[] bytes = t.pkcs12();
    try {
      AcquisitionPassword current = credentials.find(t.account())
          .map(CredentialRecord::acquisitionPassword).orElse(null);
      if (current == null || t.createdAt().isBefore(current.issuedAt())) {
        // packed under an acquisition password an operator has since replaced (or removed):
        // the file is not handed out, and the next acquisition issues a new one
        tickets.deleteForCertificate(t.issuer(), t.serial());
        return new DownloadResult.Refused(DownloadRefusal.NOT_FOUND);
      }
      Stamps.customer(audit, AuditEventType.CERTIFICATE_DOWNLOADED, t.account(), Map.of(
          "serial", t.serial().toString(16), "downloads_left", Integer.toString(t.downloadsLeft())));
      return new DownloadResult.Downloaded(bytes, fileName(t.account().userId()),
          Pkcs12File.MEDIA_TYPE, t.downloadsLeft(), t.expiresAt());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Takes a download in one unit with its DOWNLOADED notice. The notice is left out for a ticket
   * packed under an acquisition password that was replaced before this download (the file is
   * then refused, below); the account's password is read before the unit, so an operator's
   * reset in the instant between may leave the notice of a refused file.
   */
  private TakeResult takeNoticed(String ticketId, Instant now) {
    Instant issued = tickets.find(ticketId).flatMap(t -> credentials.find(t.account()))
        .map(CredentialRecord::acquisitionPassword).map(AcquisitionPassword::issuedAt)
        .orElse(null);
    return storage.takeTicket(ticketId, now, t -> issued == null
        || t.createdAt().isBefore(issued) ? List.of() : List.of(NoticeKeys.downloaded(t, now)));
  }

  @Override
  public int deleteExpiredTickets(Instant now) {
    return tickets.deleteExpired(now);
  }

  static boolean wellFormed(String id) {
    if (id.length() < 16 || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  static String fileName(String userId) {
    for (int i = 0; i < userId.length(); i++) {
      char c = userId.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.') || (i == 0 && c == '.')) {
        return "certificate.p12";
      }
    }
    return userId + ".p12";
  }

  @Override
  public String toString() {
    return "Acquisition[services=" + services.keySet() + "]";
  }
}
