package io.shomei.core;

import org.jspecify.annotations.Nullable;
import io.shomei.core.identity.UserIdPolicy;
import io.shomei.core.identity.UserIdResult;
import io.shomei.core.password.SecretGenerator;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.PasswordHasher;
import java.time.Clock;
import io.shomei.core.audit.AuditTrail;
import io.shomei.spi.CredentialStore;
import io.shomei.core.audit.AuditEventType;
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
final class EnrollmentEngine implements Enrollment {
  private final Map<String, ServiceSettings> services;
  private final UserIdPolicy userIdPolicy;
  private final CredentialStore credentials;
  private final SecretGenerator generator;
  private final PasswordPolicy policy;
  private final @Nullable Duration temporaryPasswordValidity;
  private final PasswordHasher hasher;
  private final AuditTrail audit;
  private final Clock clock;

  EnrollmentEngine(Map<String, ServiceSettings> services, UserIdPolicy userIdPolicy,
      CredentialStore credentials, SecretGenerator generator, PasswordPolicy policy,
      @Nullable Duration temporaryPasswordValidity, PasswordHasher hasher, AuditTrail audit,
      Clock clock) {
    this.services = services;
    this.userIdPolicy = userIdPolicy;
    this.credentials = credentials;
    this.generator = generator;
    this.policy = policy;
    this.temporaryPasswordValidity = temporaryPasswordValidity;
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public EnrollmentResult enroll(String userId, String service) {
    if (!services.containsKey(service)) {
      return new EnrollmentResult.UnknownService(service);
    }
    if (!(userIdPolicy.parse(userId) instanceof UserIdResult.Valid)) {
      return new EnrollmentResult.InvalidUserId(userId);
    }
    AccountKey account = new AccountKey(userId, service);
    if (credentials.find(account).isPresent()) {
      return new EnrollmentResult.AlreadyEnrolled(account);
    }
    LetterFields letter = generator.letter(userId, policy);
    boolean handedOut = false;
    try {
      Instant now = Stamps.now(clock);
      Duration validity = temporaryPasswordValidity;
      LoginPassword login = new LoginPassword(hasher.hash(letter.temporaryPassword()), true,
          now, validity == null ? null : now.plus(validity));
      AcquisitionPassword acquisition =
          new AcquisitionPassword(hasher.hash(letter.acquisitionPassword()), now, null);
      CreateResult r = credentials.create(CredentialRecord.create(account, login, acquisition));
      if (r instanceof CreateResult.AlreadyExists) {
        return new EnrollmentResult.AlreadyEnrolled(account);
      }
      Stamps.system(audit, AuditEventType.ACCOUNT_CREATED, account,
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
    return "Enrollment[services=" + services.keySet() + "]";
  }
}
