package io.shomei.core;

import io.shomei.core.password.SecretGenerator;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.PasswordHasher;
import java.time.Clock;
import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.password.OperatorResult;
import io.shomei.core.password.PasswordContext;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.StorageException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Operator actions on behalf of one operator; see {@link OperatorActions}. */
final class OperatorEngine implements OperatorActions {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorEngine.class);
  /** Longest operator identity: the audit actor {@code operator:<id>} is at most 128 chars. */
  public static final int MAX_OPERATOR_ID = 128 - "operator:".length();

  private final AuditTrail audit;
  private final SecretGenerator generator;
  private final CredentialLockout lockout;
  private final PasswordHasher hasher;
  private final CredentialStore credentials;
  private final PasswordPolicy policy;
  private final @Nullable Duration temporaryPasswordValidity;
  private final CertificateStore certificates;
  private final DownloadTicketStore tickets;
  private final Clock clock;
  private final String operatorId;

  OperatorEngine(AuditTrail audit, SecretGenerator generator, CredentialLockout lockout,
      PasswordHasher hasher, CredentialStore credentials, PasswordPolicy policy,
      @Nullable Duration temporaryPasswordValidity, CertificateStore certificates,
      DownloadTicketStore tickets, Clock clock, String operatorId) {
    this.audit = audit;
    this.generator = generator;
    this.lockout = lockout;
    this.hasher = hasher;
    this.credentials = credentials;
    this.policy = policy;
    this.temporaryPasswordValidity = temporaryPasswordValidity;
    this.certificates = certificates;
    this.tickets = tickets;
    this.clock = clock;
    if (operatorId.isBlank() || operatorId.length() > MAX_OPERATOR_ID
        || !operatorId.strip().equals(operatorId)
        || operatorId.chars().anyMatch(Character::isISOControl)
        || !io.shomei.spi.StorableText.isStorable(operatorId)) {
      throw new IllegalArgumentException(
          "operatorId must be 1.." + MAX_OPERATOR_ID + " chars, no control characters, not blank");
    }
    this.operatorId = operatorId;
  }

  @Override
  public String operatorId() {
    return operatorId;
  }

  private void audit(AuditEventType type, @Nullable AccountKey account, Map<String, String> details) {
    audit.append(AuditEvent.byOperator(type, operatorId, account, details));
  }

  @Override
  public OperatorOutcome resetAcquisitionPassword(AccountKey account) {
    return handOut(account, generator.acquisitionPassword(),
        AuditEventType.OPERATOR_RESET_ACQUISITION_PASSWORD,
        secret -> lockout.resetAcquisitionPassword(account, hasher.hash(secret)));
  }

  @Override
  public OperatorOutcome unlockLogin(AccountKey account) {
    OperatorResult r = lockout.unlockLogin(account);
    if (!(r instanceof OperatorResult.Done done)) {
      return new OperatorOutcome.NoAccount(account);
    }
    audit(AuditEventType.OPERATOR_UNLOCKED_LOGIN, account, Map.of());
    return new OperatorOutcome.Done(account, CredentialState.of(done.record()));
  }

  @Override
  public OperatorOutcome resetTemporaryPassword(AccountKey account) {
    Optional<CredentialRecord> current = credentials.find(account);
    if (current.isEmpty()) {
      return new OperatorOutcome.NoAccount(account);
    }
    Secret secret = generator.temporaryPassword(policy, PasswordContext.of(current.get()));
    return handOut(account, secret, AuditEventType.OPERATOR_RESET_TEMPORARY_PASSWORD, s -> {
      Instant now = Stamps.now(clock);
      Duration validity = temporaryPasswordValidity;
      LoginPassword password = new LoginPassword(hasher.hash(s), true, now,
          validity == null ? null : now.plus(validity));
      return lockout.resetLoginPassword(account, password);
    });
  }

  /**
   * Stores a new password with {@code reset}, audits it as {@code type} and hands the secret out
   * in the outcome; the secret is destroyed when it is not handed out (no account, or a failure).
   */
  private OperatorOutcome handOut(AccountKey account, Secret secret, AuditEventType type,
      Function<Secret, OperatorResult> reset) {
    boolean handedOut = false;
    try {
      OperatorResult r = reset.apply(secret);
      if (!(r instanceof OperatorResult.Done done)) {
        return new OperatorOutcome.NoAccount(account);
      }
      audit(type, account, Map.of());
      handedOut = true;
      return new OperatorOutcome.NewPassword(account, CredentialState.of(done.record()), secret);
    } finally {
      if (!handedOut) {
        secret.destroy();
      }
    }
  }

  @Override
  public RevocationResult revoke(BigInteger serial, RevocationReason reason) {
    Objects.requireNonNull(reason, "reason");
    RevocationResult r = certificates.revoke(serial, reason, Stamps.now(clock));
    if (r instanceof RevocationResult.Revoked revoked) {
      try {
        tickets.deleteForCertificate(serial);
      } catch (StorageException e) {
        // a ticket of a revoked certificate is useless: its certificate no longer logs in
        LOG.warn("could not delete download tickets of {}: {}", serial.toString(16), e.getMessage());
      }
      audit(AuditEventType.CERTIFICATE_REVOKED, revoked.revoked().account(), Map.of(
          "serial", serial.toString(16), "reason", reason.name(),
          "reason_code", Integer.toString(reason.code())));
    }
    return r;
  }

  @Override
  public Optional<RevocationResult> revokeActive(AccountKey account, RevocationReason reason) {
    Objects.requireNonNull(reason, "reason");
    return certificates.findActive(account).map(active -> revoke(active.serial(), reason));
  }

  @Override
  public Optional<RevocationResult> flagDeviceLostOrReplaced(AccountKey account) {
    Optional<CertificateRecord> active = certificates.findActive(account);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    String serial = active.get().serial().toString(16);
    audit(AuditEventType.OPERATOR_FLAGGED_DEVICE_LOST_OR_REPLACED, account,
        Map.of("serial", serial));
    return Optional.of(revoke(active.get().serial(), RevocationReason.CESSATION_OF_OPERATION));
  }

  @Override
  public Optional<AccountView> view(AccountKey account) {
    Optional<CredentialRecord> credential = credentials.find(account);
    List<CertificateRecord> held = certificates.findByAccount(account);
    if (credential.isEmpty() && held.isEmpty()) {
      return Optional.empty();
    }
    Instant now = Stamps.now(clock);
    int live = 0;
    for (DownloadTicket t : tickets.findByAccount(account)) {
      if (now.isBefore(t.expiresAt()) && t.downloadsLeft() > 0) {
        live++;
      }
    }
    CredentialState state = credential.map(CredentialState::of).orElseGet(
        () -> new CredentialState(false, false, null, 0, null, null, null, 0, null, null));
    audit(AuditEventType.OPERATOR_VIEWED_ACCOUNT, account, Map.of());
    return Optional.of(new AccountView(account, state, held, live));
  }

  @Override
  public String toString() {
    return "OperatorActions[" + operatorId + "]";
  }
}
