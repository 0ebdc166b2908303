package io.shomei.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bound on concurrent hash computations (issue 18, item 3: a flood of anonymous acquisitions
 * ran one Argon2id computation per request thread and exhausted the heap). Deterministic: the test
 * takes the slots itself instead of racing threads.
 */
class HashingGateTest {

  @Test
  void everyHashingCallWaitsForASlotAndHearsBusyWhenNoneFrees() {
    PasswordHasher h = Cheap.argon2().withConcurrencyLimit(1, Duration.ZERO);
    try (Secret pw = Secret.of("Tokyo-2021-fx")) {
      String stored = h.hash(pw);
      h.gate().enter(); // another request is hashing
      try {
        assertThatThrownBy(() -> h.verify(pw, stored)).isInstanceOf(HashingBusyException.class);
        assertThatThrownBy(() -> h.verifyAndUpgrade(pw, stored))
            .isInstanceOf(HashingBusyException.class);
        assertThatThrownBy(() -> h.hash(pw)).isInstanceOf(HashingBusyException.class);
        assertThatThrownBy(() -> h.dummyVerify(pw))
            .as("an unknown account waits in the same line as a known one")
            .isInstanceOf(HashingBusyException.class);
      } finally {
        h.gate().exit();
      }
      assertThat(h.verify(pw, stored)).isTrue();
      assertThat(h.dummyVerify(pw)).isFalse();
      assertThat(h.gate().available()).as("every slot is given back").isEqualTo(1);
    }
  }

  @Test
  void busySaysWhenToTryAgainAndNeverCarriesTheSecret() {
    PasswordHasher h = Cheap.argon2().withConcurrencyLimit(1, Duration.ZERO);
    try (Secret pw = Secret.of("Tokyo-2021-fx")) {
      h.gate().enter();
      try {
        assertThatThrownBy(() -> h.dummyVerify(pw))
            .isInstanceOfSatisfying(HashingBusyException.class, e -> {
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
              assertThat(e.getMessage()).doesNotContain("Tokyo");
            });
      } finally {
        h.gate().exit();
      }
    }
  }

  @Test
  void slotsAreGivenBackWhenHashingRefusesItsInput() {
    PasswordHasher h = Cheap.argon2().withConcurrencyLimit(2, Duration.ZERO);
    try (Secret tooLong = Secret.of("x".repeat(PasswordHasher.MAX_PASSWORD_LENGTH + 1));
         Secret surrogate = Secret.wrap(new char[] {'a', '\uD800'})) {
      String stored = h.hash(Secret.of("Tokyo-2021-fx"));
      assertThat(h.verify(tooLong, stored)).isFalse();
      assertThat(h.verify(surrogate, stored)).isFalse();
      assertThatThrownBy(() -> h.hash(tooLong)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> h.verify(tooLong, "not a hash"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(h.gate().available()).isEqualTo(2);
    }
  }

  @Test
  void theBoundIsPerHasherAndDefaultsToTheProcessors() {
    PasswordHasher h = Cheap.argon2();
    assertThat(h.concurrencyLimit())
        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
    assertThat(h.maxWait()).isEqualTo(PasswordHasher.DEFAULT_MAX_WAIT);
    PasswordHasher bounded = h.withConcurrencyLimit(3, Duration.ofMillis(500));
    assertThat(bounded.concurrencyLimit()).isEqualTo(3);
    assertThat(bounded.maxWait()).isEqualTo(Duration.ofMillis(500));
    assertThat(h.concurrencyLimit()).as("the original is unchanged")
        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
    assertThatThrownBy(() -> h.withConcurrencyLimit(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.withConcurrencyLimit(1, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
