package io.shomei.core.internal.flow;

import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.flow.AccountView;
import io.shomei.core.flow.CredentialState;
import io.shomei.core.flow.OperatorActions;
import io.shomei.core.flow.OperatorOutcome;
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
public final class OperatorService implements OperatorActions {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorService.class);
  /** Longest operator identity: the audit actor {@code operator:<id>} is at most 128 chars. */
  public static final int MAX_OPERATOR_ID = 128 - "operator:".length();

  private final FlowContext ctx;
  private final String operatorId;

  /**
   * Creates the actions of one operator.
   *
   * @param ctx the shared context
   * @param operatorId the operator's identity: 1..119 printable chars, not blank
   * @throws IllegalArgumentException if the identity is malformed
   */
  public OperatorService(FlowContext ctx, String operatorId) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    if (operatorId.isBlank() || operatorId.length() > MAX_OPERATOR_ID
        || !operatorId.strip().equals(operatorId)
        || operatorId.chars().anyMatch(Character::isISOControl)) {
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
    ctx.audit().append(AuditEvent.byOperator(type, operatorId, account, details));
  }

  @Override
  public OperatorOutcome resetAcquisitionPassword(AccountKey account) {
    return handOut(account, ctx.generator().acquisitionPassword(),
        AuditEventType.OPERATOR_RESET_ACQUISITION_PASSWORD,
        secret -> ctx.lockout().resetAcquisitionPassword(account, ctx.hasher().hash(secret)));
  }

  @Override
  public OperatorOutcome unlockLogin(AccountKey account) {
    OperatorResult r = ctx.lockout().unlockLogin(account);
    if (!(r instanceof OperatorResult.Done done)) {
      return new OperatorOutcome.NoAccount(account);
    }
    audit(AuditEventType.OPERATOR_UNLOCKED_LOGIN, account, Map.of());
    return new OperatorOutcome.Done(account, CredentialState.of(done.record()));
  }

  @Override
  public OperatorOutcome resetTemporaryPassword(AccountKey account) {
    Optional<CredentialRecord> current = ctx.credentials().find(account);
    if (current.isEmpty()) {
      return new OperatorOutcome.NoAccount(account);
    }
    Secret secret = ctx.generator().temporaryPassword(ctx.policy(), PasswordContext.of(current.get()));
    return handOut(account, secret, AuditEventType.OPERATOR_RESET_TEMPORARY_PASSWORD, s -> {
      Instant now = ctx.now();
      Duration validity = ctx.temporaryPasswordValidity();
      LoginPassword password = new LoginPassword(ctx.hasher().hash(s), true, now,
          validity == null ? null : now.plus(validity));
      return ctx.lockout().resetLoginPassword(account, password);
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
    RevocationResult r = ctx.certificates().revoke(serial, reason, ctx.now());
    if (r instanceof RevocationResult.Revoked revoked) {
      try {
        ctx.tickets().deleteForCertificate(serial);
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
  public Optional<AccountView> view(AccountKey account) {
    Optional<CredentialRecord> credentials = ctx.credentials().find(account);
    List<CertificateRecord> certificates = ctx.certificates().findByAccount(account);
    if (credentials.isEmpty() && certificates.isEmpty()) {
      return Optional.empty();
    }
    Instant now = ctx.now();
    int live = 0;
    for (DownloadTicket t : ctx.tickets().findByAccount(account)) {
      if (now.isBefore(t.expiresAt()) && t.downloadsLeft() > 0) {
        live++;
      }
    }
    CredentialState state = credentials.map(CredentialState::of).orElseGet(
        () -> new CredentialState(false, false, null, 0, null, null, null, 0, null, null));
    audit(AuditEventType.OPERATOR_VIEWED_ACCOUNT, account, Map.of());
    return Optional.of(new AccountView(account, state, certificates, live));
  }

  @Override
  public String toString() {
    return "OperatorActions[" + operatorId + "]";
  }
}
