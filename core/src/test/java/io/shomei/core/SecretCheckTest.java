package io.shomei.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.password.FailureResult;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordKind;
import io.shomei.spi.AccountKey;
import io.shomei.spi.Secret;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * The one secret check login and acquisition share: every outcome costs one hash verification per
 * secret typed, nothing is counted when nothing could be verified, a wrong attempt counts once
 * against the path tried, and a lock is disclosed to nobody (nothing is verified while it holds).
 */
class SecretCheckTest {
  private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
  private static final String LOGIN = "Login-Pass-1";
  private static final String ACQUISITION = "Acq-Pass-2";

  private final Bank bank = new Bank(START);
  private final PasswordHasher spy = Mockito.spy(Bank.HASHER);
  private final SecretCheck check = new SecretCheck(bank.lockout, spy, bank.credentials);
  private final AccountKey alice = new AccountKey("31415926", Bank.FX);

  private SecretCheck.Outcome both(AccountKey account, String login, String acquisition) {
    Map<PasswordKind, Secret> attempts = new LinkedHashMap<>();
    attempts.put(PasswordKind.LOGIN, Secret.of(login));
    attempts.put(PasswordKind.ACQUISITION, Secret.of(acquisition));
    Mockito.clearInvocations(spy);
    SecretCheck.Outcome outcome = check.check(account, attempts, PasswordKind.ACQUISITION);
    int real = Mockito.mockingDetails(spy).getInvocations().stream()
        .filter(i -> i.getMethod().getName().equals("verifyAndUpgrade")).toList().size();
    int dummy = Mockito.mockingDetails(spy).getInvocations().stream()
        .filter(i -> i.getMethod().getName().equals("dummyVerify")).toList().size();
    assertThat(real + dummy).as("hash verifications for two secrets").isEqualTo(2);
    return outcome;
  }

  private void lock(PasswordKind kind) {
    for (int i = 0; i < bank.threshold; i++) {
      bank.lockout.recordFailure(alice, kind);
    }
  }

  @Test
  void unknownAccountCostsTwoVerificationsAndCountsNothing() {
    assertThat(both(alice, LOGIN, ACQUISITION))
        .isEqualTo(new SecretCheck.Outcome.Unverified("no-account"));
  }

  @Test
  void lockedLoginPasswordIsNotVerifiedNotCountedAndNotDisclosed() {
    bank.enroll(alice, LOGIN, null, ACQUISITION);
    lock(PasswordKind.LOGIN);
    int before = bank.credential(alice).acquisitionFailures();
    assertThat(both(alice, LOGIN, "wrong"))
        .isEqualTo(new SecretCheck.Outcome.Unverified("login-locked"));
    assertThat(bank.credential(alice).acquisitionFailures()).isEqualTo(before);
  }

  @Test
  void aWrongAttemptCountsOnceAgainstTheAcquisitionPathNeverAgainstLogin() {
    bank.enroll(alice, LOGIN, null, ACQUISITION);
    SecretCheck.Outcome outcome = both(alice, "wrong", "wrong too");
    assertThat(outcome).isInstanceOfSatisfying(SecretCheck.Outcome.Mismatched.class, m -> {
      assertThat(m.wrong()).containsExactly(PasswordKind.LOGIN, PasswordKind.ACQUISITION);
      assertThat(m.failure()).isInstanceOf(FailureResult.Counted.class);
    });
    assertThat(bank.credential(alice).loginFailures()).isZero();
    assertThat(bank.credential(alice).acquisitionFailures()).isEqualTo(1);
    assertThat(both(alice, "wrong", ACQUISITION)).isInstanceOfSatisfying(
        SecretCheck.Outcome.Mismatched.class, m -> assertThat(m.wrong())
            .containsExactly(PasswordKind.LOGIN));
    assertThat(bank.credential(alice).loginFailures()).isZero();
    assertThat(bank.credential(alice).acquisitionFailures()).isEqualTo(2);
  }

  @Test
  void aLockedAcquisitionPathVerifiesNothingAndTellsNobody() {
    bank.enroll(alice, LOGIN, null, ACQUISITION);
    lock(PasswordKind.ACQUISITION);
    int before = bank.credential(alice).acquisitionFailures();
    assertThat(both(alice, LOGIN, ACQUISITION))
        .isEqualTo(new SecretCheck.Outcome.Unverified("acquisition-locked"));
    assertThat(both(alice, "wrong", "wrong"))
        .isEqualTo(new SecretCheck.Outcome.Unverified("acquisition-locked"));
    assertThat(bank.credential(alice).acquisitionFailures()).isEqualTo(before);
    assertThat(bank.credential(alice).loginFailures()).isZero();
  }

  @Test
  void outOfRangeInputIsRefusedBeforeTheAccountIsLookedUp() {
    bank.enroll(alice, LOGIN, null, ACQUISITION);
    String overlong = "x".repeat(PasswordHasher.MAX_PASSWORD_LENGTH + 1);
    assertThat(both(alice, overlong, ACQUISITION))
        .isEqualTo(new SecretCheck.Outcome.Unverified("out-of-range"));
    assertThat(both(new AccountKey("99999999", Bank.FX), overlong, ACQUISITION))
        .isEqualTo(new SecretCheck.Outcome.Unverified("out-of-range"));
    assertThat(both(alice, LOGIN, "\uD800"))
        .isEqualTo(new SecretCheck.Outcome.Unverified("out-of-range"));
    assertThat(bank.credential(alice).acquisitionFailures()).isZero();
  }

  @Test
  void rightSecretsMatchWithoutRecordingSuccess() {
    bank.enroll(alice, LOGIN, null, ACQUISITION);
    both(alice, "wrong", ACQUISITION);
    SecretCheck.Outcome outcome = both(alice, LOGIN, ACQUISITION);
    assertThat(outcome).isInstanceOfSatisfying(SecretCheck.Outcome.Matched.class, m ->
      assertThat(m.matches()).containsOnlyKeys(PasswordKind.LOGIN, PasswordKind.ACQUISITION));
    // the engine records success after its own checks; the check itself leaves the count
    assertThat(bank.credential(alice).acquisitionFailures()).isEqualTo(1);
  }

  @Test
  void anAccountWithoutAnAcquisitionPasswordIsUnverifiedForAcquisition() {
    bank.enrollPermanent(alice, LOGIN, null);
    assertThat(both(alice, LOGIN, ACQUISITION))
        .isEqualTo(new SecretCheck.Outcome.Unverified("no-password"));
  }
}
