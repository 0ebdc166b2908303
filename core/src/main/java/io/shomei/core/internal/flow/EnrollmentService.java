package io.shomei.core.internal.flow;

import io.shomei.core.audit.AuditEventType;
import io.shomei.core.flow.Enrollment;
import io.shomei.core.flow.EnrollmentResult;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore.CreateResult;
import io.shomei.spi.LoginPassword;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** The enrollment use case; see {@link Enrollment}. */
public final class EnrollmentService implements Enrollment {
  private final FlowContext ctx;

  /**
   * Creates the service.
   *
   * @param ctx the shared context
   */
  public EnrollmentService(FlowContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  @Override
  public EnrollmentResult enroll(String userId, String service) {
    if (!ctx.services().containsKey(service)) {
      return new EnrollmentResult.UnknownService(service);
    }
    if (!ctx.userIdPolicy().accepts(userId)) {
      return new EnrollmentResult.InvalidUserId(userId);
    }
    AccountKey account = new AccountKey(userId, service);
    if (ctx.credentials().find(account).isPresent()) {
      return new EnrollmentResult.AlreadyEnrolled(account);
    }
    LetterFields letter = ctx.generator().letter(userId, ctx.policy());
    boolean handedOut = false;
    try {
      Instant now = ctx.now();
      Duration validity = ctx.temporaryPasswordValidity();
      LoginPassword login = new LoginPassword(ctx.hasher().hash(letter.temporaryPassword()), true,
          now, validity == null ? null : now.plus(validity));
      AcquisitionPassword acquisition =
          new AcquisitionPassword(ctx.hasher().hash(letter.acquisitionPassword()), now, null);
      CreateResult r = ctx.credentials().create(CredentialRecord.create(account, login, acquisition));
      if (r instanceof CreateResult.AlreadyExists) {
        return new EnrollmentResult.AlreadyEnrolled(account);
      }
      ctx.system(AuditEventType.ACCOUNT_CREATED, account,
          Map.of("temporary_expires", validity == null ? "never" : now.plus(validity).toString()));
      handedOut = true;
      return new EnrollmentResult.Enrolled(account, letter);
    } finally {
      if (!handedOut) {
        letter.close();
      }
    }
  }

  @Override
  public String toString() {
    return "Enrollment[services=" + ctx.services().keySet() + "]";
  }
}
