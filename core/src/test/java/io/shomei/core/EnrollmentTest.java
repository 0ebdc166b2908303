package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.account;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.CredentialRecord;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Enrollment: the letter (MISSION R6, L4) and what is stored of it. */
class EnrollmentTest {
  final ShomeiBank bank = new ShomeiBank(Instant.parse("2020-06-01T00:00:00Z"));

  @Test
  void theLetterHoldsBothPasswordsAndOnlyTheirHashesAreStored() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      CredentialRecord r = bank.memoryCredentials.find(account("12345678")).orElseThrow();
      String loginHash = Objects.requireNonNull(r.loginPassword()).hash();
      String acquisitionHash = Objects.requireNonNull(r.acquisitionPassword()).hash();
      assertThat(Objects.requireNonNull(r.loginPassword()).temporary()).isTrue();
      assertThat(ShomeiBank.HASHER.verify(letter.temporaryPassword(), loginHash)).isTrue();
      assertThat(ShomeiBank.HASHER.verify(letter.acquisitionPassword(), acquisitionHash)).isTrue();
      assertThat(letter.temporaryPassword().matches(letter.acquisitionPassword())).isFalse();
      letter.acquisitionPassword().apply(chars -> {
        assertThat(loginHash).doesNotContain(chars);
        assertThat(acquisitionHash).doesNotContain(chars);
        return null;
      });
      assertThat(bank.auditTypes()).containsExactly("ACCOUNT_CREATED");
      assertThat(bank.audit().get(0).details().toString()).doesNotContain("$");
    }
  }

  @Test
  void aSecondEnrollmentChangesNothing() {
    try (LetterFields first = bank.enroll("12345678", FX)) {
      assertThat(first.userId()).isEqualTo("12345678");
      CredentialRecord before = bank.memoryCredentials.find(account("12345678")).orElseThrow();
      assertThat(bank.shomei.enrollment().enroll("12345678", FX))
          .isEqualTo(new EnrollmentResult.AlreadyEnrolled(account("12345678")));
      assertThat(bank.memoryCredentials.find(account("12345678")).orElseThrow()).isEqualTo(before);
    }
  }

  @Test
  void userIdsOutsideThePolicyAreRefusedBecauseTheyWouldNotMapBack() {
    for (String bad : new String[] {"1234567", "123456789", "1234567a", "１２３４５６７８", " 12345678"}) {
      assertThat(bank.shomei.enrollment().enroll(bad, FX))
          .isEqualTo(new EnrollmentResult.InvalidUserId(bad));
    }
  }

  @Test
  void anUnknownServiceIsRefused() {
    assertThat(bank.shomei.enrollment().enroll("12345678", "nope"))
        .isEqualTo(new EnrollmentResult.UnknownService("nope"));
  }
}
