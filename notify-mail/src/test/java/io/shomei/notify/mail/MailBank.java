package io.shomei.notify.mail;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.NoticeSettings;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.AccountKey;
import io.shomei.spi.Secret;
import io.shomei.spi.Storage;
import io.shomei.testing.ca.TestCa;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

/** The bank of the mail tests: the notice's rules on one service, a test CA, cheap hashing. */
final class MailBank {
  static final String FX = "fx-forward";
  static final TestCa CA = TestCa.root("Shomei Mail Test CA");
  static final Path RULES = Path.of("..", "examples", "rules", "notice-2021.rules");

  private MailBank() {}

  static Shomei.Builder builder(Storage storage, Clock clock) {
    return Shomei.builder()
        .storage(storage)
        .keyCustody(CA)
        .clock(clock)
        .zone(ZoneId.of("Asia/Tokyo"))
        .secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(
            new HashParameters.Argon2id(32, 1, 1), new SecureRandom()))
        .service(CertificateProfile.builder("fx", FX, "1.3.6.1.4.1.99999.1.1")
            .organization("Shomei Mail Test Bank").build(), RuleSet.load(RULES));
  }

  static Shomei withNotices(Storage storage, Clock clock) {
    return builder(storage, clock).notices(NoticeSettings.bankDefault()).build();
  }

  /** Enrolls a customer and acquires their first certificate. */
  static void customer(Shomei shomei, String userId) {
    EnrollmentResult r = shomei.enrollment().enroll(userId, FX);
    if (!(r instanceof EnrollmentResult.Enrolled e)) {
      throw new AssertionError("not enrolled: " + r);
    }
    try (LetterFields letter = e.letter()) {
      AcquisitionResult a = shomei.acquisition().acquire(AcquisitionRequest.of(userId, FX,
          Secret.wrap(letter.temporaryPassword().toCharArray()),
          Secret.wrap(letter.acquisitionPassword().toCharArray())));
      if (!(a instanceof AcquisitionResult.Acquired)) {
        throw new AssertionError("not acquired: " + a);
      }
    }
  }

  /** The host's directory of customers' addresses. */
  static Optional<String> addressOf(AccountKey account) {
    return Optional.of("c" + account.userId() + "@customers.example");
  }
}
