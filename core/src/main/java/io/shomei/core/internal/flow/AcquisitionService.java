package io.shomei.core.internal.flow;

import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.Verdict;
import io.shomei.core.flow.Acquisition;
import io.shomei.core.flow.AcquisitionRefusal;
import io.shomei.core.flow.AcquisitionRequest;
import io.shomei.core.flow.AcquisitionResult;
import io.shomei.core.flow.DownloadRefusal;
import io.shomei.core.flow.DownloadResult;
import io.shomei.core.flow.DownloadTicketInfo;
import io.shomei.core.flow.RetirementPolicy;
import io.shomei.core.flow.ServiceSettings;
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
import io.shomei.spi.DownloadTicketStore.TakeResult;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Storage.CommitResult;
import io.shomei.spi.StorageException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The acquisition use case; see {@link Acquisition} for the contract. */
public final class AcquisitionService implements Acquisition {
  /** Random bytes in a ticket id: 192 bits, 32 URL-safe characters. */
  static final int TICKET_ID_BYTES = 24;

  private final FlowContext ctx;

  /**
   * Creates the service.
   *
   * @param ctx the shared context
   */
  public AcquisitionService(FlowContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
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
    ServiceSettings service = ctx.services().get(request.service());
    if (service == null) {
      return AcquisitionResult.Refused.of(AcquisitionRefusal.UNKNOWN_SERVICE);
    }
    AccountKey account;
    try {
      account = new AccountKey(request.userId(), request.service());
    } catch (IllegalArgumentException e) {
      burn(request);
      return AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED);
    }
    byte[] csr = request.csr().orElse(null);
    ctx.customer(AuditEventType.ACQUISITION_ATTEMPTED, account,
        Map.of("path", csr == null ? "server-key" : "csr"));

    // 1. authenticate all three. An unknown user, a locked login password and wrong passwords get
    //    the same answer for the same work (two hash verifications): locking an account must not
    //    tell a guesser that it exists. A state only the customer may learn (acquisition password
    //    locked or used up, login password expired) is told only to a caller who gave every
    //    password that can still be checked, and wrong ones still count.
    Admission login = ctx.lockout().admit(account, PasswordKind.LOGIN);
    Admission acquisition = ctx.lockout().admit(account, PasswordKind.ACQUISITION);
    boolean acquisitionLocked = acquisition instanceof Admission.Locked;
    CredentialRecord record = checkable(login) && (checkable(acquisition) || acquisitionLocked)
        ? recordOf(account, login, acquisition) : null;
    LoginPassword loginPassword = record == null ? null : record.loginPassword();
    AcquisitionPassword acquisitionPassword = record == null ? null : record.acquisitionPassword();
    if (loginPassword == null || acquisitionPassword == null) {
      burn(request);
      return refuse(account, AcquisitionRefusal.AUTHENTICATION_FAILED,
          Map.of("cause", causeOf(login, acquisition)));
    }
    String loginHash = loginPassword.hash();
    String acquisitionHash = acquisitionPassword.hash();
    Verification loginCheck = ctx.hasher().verifyAndUpgrade(request.loginPassword(), loginHash);
    Verification acquisitionCheck;
    if (acquisitionLocked) {
      ctx.hasher().dummyVerify(request.acquisitionPassword()); // a locked password is not checked
      acquisitionCheck = new Verification.Mismatch();
    } else {
      acquisitionCheck =
          ctx.hasher().verifyAndUpgrade(request.acquisitionPassword(), acquisitionHash);
    }
    List<String> failed = new ArrayList<>(2);
    if (!(loginCheck instanceof Verification.Match)) {
      failed.add("login");
      countFailure(account, PasswordKind.LOGIN);
    }
    if (!acquisitionLocked && !(acquisitionCheck instanceof Verification.Match)) {
      failed.add("acquisition");
      countFailure(account, PasswordKind.ACQUISITION);
    }
    if (!failed.isEmpty()) {
      return refuse(account, AcquisitionRefusal.AUTHENTICATION_FAILED,
          Map.of("failed", String.join(",", failed), "cause", "mismatch"));
    }
    AcquisitionRefusal early = acquisitionLocked ? AcquisitionRefusal.LOCKED
        : login instanceof Admission.Expired ? AcquisitionRefusal.LOGIN_PASSWORD_EXPIRED
        : acquisition instanceof Admission.Consumed ? AcquisitionRefusal.ACQUISITION_PASSWORD_USED
        : null;
    if (early != null) {
      return refuse(account, early);
    }
    Admission loginOk = ctx.lockout().recordSuccess(account, PasswordKind.LOGIN, loginHash,
        ((Verification.Match) loginCheck).upgradedHash());
    AcquisitionRefusal late = refusalOf(loginOk, PasswordKind.LOGIN);
    if (late != null) {
      return refuse(account, late);
    }
    Optional<String> acquisitionUpgrade = ((Verification.Match) acquisitionCheck).upgradedHash();
    boolean oneTime = ctx.lockout().acquisitionMode() == AcquisitionMode.ONE_TIME;
    if (!oneTime) {
      late = refusalOf(ctx.lockout().recordSuccess(
          account, PasswordKind.ACQUISITION, acquisitionHash, acquisitionUpgrade),
          PasswordKind.ACQUISITION);
      if (late != null) {
        return refuse(account, late);
      }
    }

    Instant now = ctx.now();
    CertificateRecord active = ctx.certificates().findActive(account).orElse(null);

    // 2. resume: the active certificate's file is still waiting to be downloaded
    if (active != null) {
      DownloadTicket live = liveTicket(account, active.serial(), now);
      if (live != null && oneTime && consumedNow(account)) {
        // a concurrent acquisition consumed the one-time password (and activated, so the live
        // ticket is its file): of concurrent uses exactly one succeeds, a resume included
        return refuse(account, AcquisitionRefusal.ACQUISITION_PASSWORD_USED);
      }
      if (live != null) {
        return new AcquisitionResult.Acquired(account, active.serial(), Bc.toX509(active.der()),
            ctx.custody().certificateChain(),
            new DownloadTicketInfo(live.id(), live.expiresAt(), live.downloadsLeft()),
            active.supersededBy(), true);
      }
    }

    // 3. eligibility
    ReacquisitionDecision decision = service.eligibility().checkReacquisition(active, now);
    if (decision instanceof ReacquisitionDecision.NotYet notYet) {
      ctx.customer(AuditEventType.RULE_REFUSAL, account, ruleDetails(notYet.verdict(),
          notYet.reason().name(), notYet.from()));
      return refuse(account, new AcquisitionResult.Refused(
          AcquisitionRefusal.NOT_YET_ELIGIBLE, notYet.from(), null), Map.of());
    }
    if (decision instanceof ReacquisitionDecision.OperatorRequired op) {
      ctx.customer(AuditEventType.RULE_REFUSAL, account,
          ruleDetails(op.verdict(), op.reason().name(), null));
      return refuse(account, AcquisitionRefusal.OPERATOR_REQUIRED);
    }
    if (active != null && !ctx.voluntaryReacquisition()
        && decision instanceof ReacquisitionDecision.Allowed allowed
        && !eligibleByRule(allowed.verdict())) {
      return refuse(account, AcquisitionRefusal.NOT_ELIGIBLE);
    }

    // 4. the acquisition password must be usable as a PKCS#12 password before anything is signed
    if (csr == null && Pkcs12Packager.checkPassword(request.acquisitionPassword()).isPresent()) {
      return refuse(account, AcquisitionRefusal.UNSUITABLE_PKCS12_PASSWORD);
    }

    // 5. issue and record
    IssuanceResult issuance = csr == null
        ? ctx.issuer().issueWithGeneratedKey(service.profile(), account.userId())
        : ctx.issuer().issueForCsr(service.profile(), account.userId(), csr);
    if (issuance instanceof IssuanceResult.Refused r) {
      return refuse(account, new AcquisitionResult.Refused(
          AcquisitionRefusal.ISSUANCE_REFUSED, null, r.reason()), Map.of("issuance", r.reason().name()));
    }
    IssuedCertificate issued = ((IssuanceResult.Issued) issuance).certificate();
    try {
      return commit(request, account, issued, active, acquisitionHash, acquisitionUpgrade, oneTime);
    } finally {
      issued.generatedKey().ifPresent(GeneratedKey::discard);
    }
  }

  private AcquisitionResult commit(AcquisitionRequest request, AccountKey account,
      IssuedCertificate issued, @Nullable CertificateRecord active, String acquisitionHash,
      Optional<String> acquisitionUpgrade, boolean oneTime) {
    Instant now = ctx.now();
    BigInteger serial = issued.serial();

    // 6. package the file for download; nothing is stored before the commit
    byte[] pkcs12 = null;
    if (issued.generatedKey().isPresent()) {
      Pkcs12Profile profile = request.pkcs12Profile().orElse(ctx.defaultPkcs12Profile());
      Pkcs12Packager packager = Objects.requireNonNull(ctx.packagers().get(profile));
      Pkcs12Result packed = packager.pack(issued, Secret.wrap(request.acquisitionPassword().toCharArray()));
      if (!(packed instanceof Pkcs12Result.Packaged p)) {
        throw new IllegalStateException("the PKCS#12 password was checked before issuing: " + packed);
      }
      pkcs12 = p.file().bytes();
      p.file().destroy();
    }
    try {
      // 7. a one-time acquisition password is consumed now, atomically; a refusal leaves nothing
      if (oneTime) {
        AcquisitionRefusal consumed = refusalOf(ctx.lockout().recordSuccess(
            account, PasswordKind.ACQUISITION, acquisitionHash, acquisitionUpgrade),
            PasswordKind.ACQUISITION);
        if (consumed != null) {
          return refuse(account, consumed);
        }
      }

      // 8. one atomic commit: record, keep the file, activate, retire the old certificate
      DownloadTicket ticket = pkcs12 == null ? null : new DownloadTicket(newTicketId(), account,
          serial, pkcs12, now, now.plus(ctx.ticketLimits().lifetime()),
          ctx.ticketLimits().maxDownloads());
      BigInteger expected = active == null ? null : active.serial();
      AcquisitionCommit commit = new AcquisitionCommit(issued.toRecord(now), ticket, expected,
          ctx.retirement() == RetirementPolicy.AT_ISSUANCE, now);
      CommitResult result;
      try {
        result = ctx.storage().commitAcquisition(commit);
      } catch (StorageException e) {
        result = afterFailedCommit(serial, expected, e);
      }
      if (result instanceof CommitResult.Conflict) {
        return refuse(account, AcquisitionRefusal.CONCURRENT_ACQUISITION,
            Map.of("serial", serial.toString(16)));
      }
      if (!(result instanceof CommitResult.Committed committed)) {
        // 127 random bits (or 192 for the ticket id) collided, or the store is broken
        throw new StorageException("the store refused a new certificate as a duplicate: "
            + result.getClass().getSimpleName());
      }
      return committed(account, issued, ticket, committed.superseded());
    } finally {
      if (pkcs12 != null) {
        Arrays.fill(pkcs12, (byte) 0);
      }
    }
  }

  private AcquisitionResult committed(AccountKey account, IssuedCertificate issued,
      @Nullable DownloadTicket ticket, @Nullable CertificateRecord old) {
    BigInteger serial = issued.serial();
    if (old != null) {
      ctx.system(AuditEventType.CERTIFICATE_SUPERSEDED, account, Map.of(
          "serial", old.serial().toString(16), "superseded_by", serial.toString(16)));
      if (old.status() == CertificateStatus.REVOKED) {
        ctx.system(AuditEventType.CERTIFICATE_REVOKED, account, Map.of(
            "serial", old.serial().toString(16), "reason", RevocationReason.SUPERSEDED.name()));
      }
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("serial", serial.toString(16));
    details.put("profile", issued.profile());
    details.put("not_after", issued.notAfter().toString());
    details.put("path", ticket == null ? "csr" : "server-key");
    if (old != null) {
      details.put("supersedes", old.serial().toString(16));
    }
    ctx.customer(AuditEventType.CERTIFICATE_ISSUED, account, details);
    DownloadTicketInfo info = ticket == null ? null
        : new DownloadTicketInfo(ticket.id(), ticket.expiresAt(), ticket.downloadsLeft());
    return new AcquisitionResult.Acquired(account, serial, issued.certificate(), issued.caChain(),
        info, old == null ? null : old.serial(), false);
  }

  private CommitResult afterFailedCommit(BigInteger serial, @Nullable BigInteger expected,
      StorageException failure) {
    // the store says "nothing or everything changed": find out which
    try {
      Optional<CertificateRecord> now = ctx.certificates().findBySerial(serial);
      if (now.isPresent() && now.get().status() == CertificateStatus.ACTIVE) {
        CertificateRecord old = expected == null ? null
            : ctx.certificates().findBySerial(expected).orElse(null);
        return new CommitResult.Committed(now.get(), old);
      }
    } catch (StorageException again) {
      failure.addSuppressed(again);
    }
    throw failure;
  }

  private String newTicketId() {
    byte[] b = new byte[TICKET_ID_BYTES];
    ctx.random().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private @Nullable DownloadTicket liveTicket(AccountKey account, BigInteger serial, Instant now) {
    for (DownloadTicket t : ctx.tickets().findByAccount(account)) {
      if (t.serial().equals(serial) && now.isBefore(t.expiresAt()) && t.downloadsLeft() > 0) {
        return t;
      }
    }
    return null;
  }

  /** Whether the account's acquisition password is consumed (read again after the resume check). */
  private boolean consumedNow(AccountKey account) {
    AcquisitionPassword p = ctx.credentials().find(account)
        .map(CredentialRecord::acquisitionPassword).orElse(null);
    return p == null || p.consumedAt() != null;
  }

  private void countFailure(AccountKey account, PasswordKind kind) {
    FailureResult f = ctx.lockout().recordFailure(account, kind);
    if (f instanceof FailureResult.LockedNow) {
      ctx.system(kind == PasswordKind.LOGIN ? AuditEventType.LOGIN_LOCKED
          : AuditEventType.ACQUISITION_PASSWORD_LOCKED, account, Map.of("during", "acquisition"));
    }
  }

  private void burn(AcquisitionRequest request) {
    // same work as a real check, so the answer time does not tell which part was wrong
    ctx.hasher().dummyVerify(request.loginPassword());
    ctx.hasher().dummyVerify(request.acquisitionPassword());
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

  /** Whether the password of this admission is verified (and a wrong one counted). */
  private static boolean checkable(Admission a) {
    return a instanceof Admission.Admitted || a instanceof Admission.Expired
        || a instanceof Admission.Consumed;
  }

  /** The record both admissions looked at; read again when neither carries it. */
  private @Nullable CredentialRecord recordOf(AccountKey account, Admission login,
      Admission acquisition) {
    if (login instanceof Admission.Admitted l) {
      return l.record();
    }
    if (acquisition instanceof Admission.Admitted a) {
      return a.record();
    }
    return ctx.credentials().find(account).orElse(null);
  }

  /** For the audit trail only: why the passwords were not even checked. */
  private static String causeOf(Admission login, Admission acquisition) {
    if (login instanceof Admission.NoAccount) {
      return "no-account";
    }
    if (login instanceof Admission.Locked) {
      return "login-locked";
    }
    if (login instanceof Admission.NoPassword || acquisition instanceof Admission.NoPassword) {
      return "no-password";
    }
    return "changed-concurrently";
  }

  /**
   * The refusal for a {@link io.shomei.core.password.CredentialLockout#recordSuccess} answer. Its passwords were right,
   * but a lock of the login password is still not told: acquisition never reveals one.
   */
  private static @Nullable AcquisitionRefusal refusalOf(Admission a, PasswordKind kind) {
    if (a instanceof Admission.Admitted) {
      return null;
    }
    if (a instanceof Admission.Locked) {
      return kind == PasswordKind.ACQUISITION
          ? AcquisitionRefusal.LOCKED : AcquisitionRefusal.AUTHENTICATION_FAILED;
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
    ctx.customer(AuditEventType.ACQUISITION_REFUSED, account, d);
    return refusal;
  }

  @Override
  public DownloadResult download(String ticketId) {
    if (!wellFormed(ticketId)) {
      return new DownloadResult.Refused(DownloadRefusal.NOT_FOUND);
    }
    TakeResult r = ctx.tickets().take(ticketId, ctx.now());
    if (r instanceof TakeResult.Expired) {
      return new DownloadResult.Refused(DownloadRefusal.EXPIRED);
    }
    if (!(r instanceof TakeResult.Taken taken)) {
      return new DownloadResult.Refused(DownloadRefusal.NOT_FOUND);
    }
    DownloadTicket t = taken.ticket();
    byte[] bytes = t.pkcs12();
    try {
      ctx.customer(AuditEventType.CERTIFICATE_DOWNLOADED, t.account(), Map.of(
          "serial", t.serial().toString(16), "downloads_left", Integer.toString(t.downloadsLeft())));
      return new DownloadResult.Downloaded(bytes, fileName(t.account().userId()),
          Pkcs12File.MEDIA_TYPE, t.downloadsLeft(), t.expiresAt());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public int deleteExpiredTickets(Instant now) {
    return ctx.tickets().deleteExpired(now);
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
    return "Acquisition[services=" + ctx.services().keySet() + "]";
  }
}
