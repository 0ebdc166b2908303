package io.shomei.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.Secret;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.LoginPassword;
import io.shomei.testing.MutableClock;
import io.shomei.testing.memory.InMemoryCredentialStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CredentialLockoutTest {
  private static final AccountKey ACCOUNT = new AccountKey("12345678", "fx-forward");
  private static final Instant T0 = Instant.parse("2021-02-24T00:00:00Z");
  private final PasswordHasher hasher = Cheap.argon2();
  private final MutableClock clock = MutableClock.at(T0);
  private final InMemoryCredentialStore store = new InMemoryCredentialStore();
  private final String loginHash = hasher.hash(Secret.of("Login7pass"));
  private final String acqHash = hasher.hash(Secret.of("Acq7wK3xQ9Zr4Mn2"));

  private CredentialLockout lockout(int threshold, AcquisitionMode mode) {
    store.create(CredentialRecord.create(ACCOUNT,
        new LoginPassword(loginHash, true, T0, T0.plus(Duration.ofDays(14))),
        new AcquisitionPassword(acqHash, T0, null)));
    return CredentialLockout.builder().store(store).clock(clock).threshold(threshold)
        .acquisitionMode(mode).build();
  }

  private CredentialRecord stored() {
    return store.find(ACCOUNT).orElseThrow();
  }

  private LoginPassword login() {
    return java.util.Objects.requireNonNull(stored().loginPassword());
  }

  private static AcquisitionPassword acquisition(CredentialRecord r) {
    return java.util.Objects.requireNonNull(r.acquisitionPassword());
  }

  @Test
  void locksAtExactlyTheThresholdAndStaysLocked() {
    CredentialLockout l = lockout(5, AcquisitionMode.REUSABLE);
    for (int i = 1; i <= 4; i++) {
      assertThat(l.recordFailure(ACCOUNT, PasswordKind.LOGIN))
          .isEqualTo(new FailureResult.Counted(i, 5 - i));
    }
    assertThat(stored().loginLocked()).isFalse();
    assertThat(l.recordFailure(ACCOUNT, PasswordKind.LOGIN)).isEqualTo(new FailureResult.LockedNow(5, T0));
    assertThat(l.recordFailure(ACCOUNT, PasswordKind.LOGIN)).isEqualTo(new FailureResult.AlreadyLocked(T0));
    assertThat(stored().loginFailures()).isEqualTo(5);
    assertThat(l.admit(ACCOUNT, PasswordKind.LOGIN)).isEqualTo(new Admission.Locked(T0));
    assertThat(l.recordSuccess(ACCOUNT, PasswordKind.LOGIN, loginHash))
        .as("a correct password does not unlock").isEqualTo(new Admission.Locked(T0));
    assertThat(l.admit(ACCOUNT, PasswordKind.ACQUISITION))
        .as("the other password has its own lock").isInstanceOf(Admission.Admitted.class);
    assertThat(l.unlockLogin(ACCOUNT)).isInstanceOf(OperatorResult.Done.class);
    assertThat(stored().loginFailures()).isZero();
    assertThat(l.admit(ACCOUNT, PasswordKind.LOGIN)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void successResetsTheConsecutiveCounter() {
    CredentialLockout l = lockout(5, AcquisitionMode.REUSABLE);
    l.recordFailure(ACCOUNT, PasswordKind.LOGIN);
    l.recordFailure(ACCOUNT, PasswordKind.LOGIN);
    assertThat(l.recordSuccess(ACCOUNT, PasswordKind.LOGIN, loginHash)).isInstanceOf(Admission.Admitted.class);
    assertThat(stored().loginFailures()).isZero();
    assertThat(l.recordFailure(ACCOUNT, PasswordKind.LOGIN)).isEqualTo(new FailureResult.Counted(1, 4));
  }

  @Test
  void temporaryPasswordExpires() {
    CredentialLockout l = lockout(5, AcquisitionMode.REUSABLE);
    clock.advance(Duration.ofDays(14));
    Instant expiry = T0.plus(Duration.ofDays(14));
    assertThat(l.admit(ACCOUNT, PasswordKind.LOGIN)).isEqualTo(new Admission.Expired(expiry));
    assertThat(l.recordSuccess(ACCOUNT, PasswordKind.LOGIN, loginHash))
        .isEqualTo(new Admission.Expired(expiry));
    String fresh = hasher.hash(Secret.of("NewTemp7x"));
    l.resetLoginPassword(ACCOUNT, new LoginPassword(fresh, true, clock.instant(), null));
    assertThat(l.recordSuccess(ACCOUNT, PasswordKind.LOGIN, fresh)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void successAgainstAReplacedHashIsSuperseded() {
    CredentialLockout l = lockout(5, AcquisitionMode.REUSABLE);
    String newHash = hasher.hash(Secret.of("Other7pass"));
    l.resetAcquisitionPassword(ACCOUNT, newHash);
    assertThat(l.recordSuccess(ACCOUNT, PasswordKind.ACQUISITION, acqHash))
        .isEqualTo(new Admission.Superseded());
  }

  @Test
  void upgradedHashIsStoredOnSuccess() {
    CredentialLockout l = lockout(5, AcquisitionMode.REUSABLE);
    String upgraded = hasher.hash(Secret.of("Login7pass"));
    Admission a = l.recordSuccess(ACCOUNT, PasswordKind.LOGIN, loginHash, Optional.of(upgraded));
    assertThat(a).isInstanceOf(Admission.Admitted.class);
    assertThat(login().hash()).isEqualTo(upgraded);
    assertThat(login().temporary()).isTrue();
  }

  @Test
  void acquisitionLockNeedsAnOperatorResetWhichIssuesANewPassword() {
    CredentialLockout l = lockout(5, AcquisitionMode.REUSABLE);
    for (int i = 0; i < 5; i++) {
      l.recordFailure(ACCOUNT, PasswordKind.ACQUISITION);
    }
    assertThat(l.admit(ACCOUNT, PasswordKind.ACQUISITION)).isInstanceOf(Admission.Locked.class);
    assertThat(l.admit(ACCOUNT, PasswordKind.LOGIN)).isInstanceOf(Admission.Admitted.class);
    clock.advance(Duration.ofHours(1));
    String newHash = hasher.hash(Secret.of("Fresh7wK3xQ9Zr4M"));
    l.resetAcquisitionPassword(ACCOUNT, newHash);
    CredentialRecord r = stored();
    assertThat(r.acquisitionLocked()).isFalse();
    assertThat(r.acquisitionFailures()).isZero();
    assertThat(acquisition(r).hash()).isEqualTo(newHash);
    assertThat(acquisition(r).issuedAt()).isEqualTo(clock.instant());
  }

  @Test
  void reusableAcquisitionPasswordWorksRepeatedly() {
    CredentialLockout l = lockout(5, AcquisitionMode.REUSABLE);
    for (int i = 0; i < 3; i++) {
      assertThat(l.recordSuccess(ACCOUNT, PasswordKind.ACQUISITION, acqHash))
          .isInstanceOf(Admission.Admitted.class);
    }
    assertThat(acquisition(stored()).consumedAt()).isNull();
  }

  @Test
  void unknownAccountIsTyped() {
    CredentialLockout l = CredentialLockout.builder().store(store).clock(clock).build();
    AccountKey nobody = new AccountKey("99999999", "fx-forward");
    assertThat(l.admit(nobody, PasswordKind.LOGIN)).isEqualTo(new Admission.NoAccount(nobody));
    assertThat(l.recordFailure(nobody, PasswordKind.LOGIN)).isEqualTo(new FailureResult.NoAccount(nobody));
    assertThat(l.unlockLogin(nobody)).isEqualTo(new OperatorResult.NoAccount(nobody));
    assertThat(l.threshold()).isEqualTo(5);
    assertThat(l.acquisitionMode()).isEqualTo(AcquisitionMode.REUSABLE);
  }

  private static <T> List<T> race(int threads, int each, Supplier<T> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          go.await();
          List<T> out = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            out.add(action.get());
          }
          return out;
        }));
      }
      go.countDown();
      List<T> all = new ArrayList<>();
      for (Future<List<T>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentWrongGuessesAreAllCounted() throws Exception {
    CredentialLockout l = lockout(100, AcquisitionMode.REUSABLE);
    List<FailureResult> results = race(64, 1, () -> l.recordFailure(ACCOUNT, PasswordKind.LOGIN));
    assertThat(stored().loginFailures()).isEqualTo(64);
    assertThat(results).allMatch(r -> r instanceof FailureResult.Counted);
    assertThat(results.stream().map(r -> ((FailureResult.Counted) r).failures()).distinct().count())
        .as("each failure saw its own count").isEqualTo(64);
  }

  @Test
  void concurrentWrongGuessesLockAtExactlyN() throws Exception {
    for (int threshold : new int[] {5, 100}) {
      InMemoryCredentialStore s = new InMemoryCredentialStore();
      s.create(CredentialRecord.create(ACCOUNT, new LoginPassword(loginHash, false, T0, null), null));
      CredentialLockout l = CredentialLockout.builder().store(s).clock(clock).threshold(threshold).build();
      List<FailureResult> results = race(64, 3, () -> l.recordFailure(ACCOUNT, PasswordKind.LOGIN));
      assertThat(s.find(ACCOUNT).orElseThrow().loginFailures()).isEqualTo(threshold);
      assertThat(results).filteredOn(r -> r instanceof FailureResult.LockedNow)
          .containsExactly(new FailureResult.LockedNow(threshold, T0));
      assertThat(results).filteredOn(r -> r instanceof FailureResult.Counted).hasSize(threshold - 1);
      assertThat(results).filteredOn(r -> r instanceof FailureResult.AlreadyLocked)
          .hasSize(64 * 3 - threshold);
    }
  }

  @Test
  void doubleUseOfOneTimeAcquisitionPasswordSucceedsOnce() throws Exception {
    CredentialLockout l = lockout(5, AcquisitionMode.ONE_TIME);
    List<Admission> results = race(64, 1,
        () -> l.recordSuccess(ACCOUNT, PasswordKind.ACQUISITION, acqHash));
    assertThat(results).filteredOn(r -> r instanceof Admission.Admitted).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof Admission.Consumed).hasSize(63);
    assertThat(acquisition(stored()).consumedAt()).isEqualTo(T0);
    assertThat(l.admit(ACCOUNT, PasswordKind.ACQUISITION)).isEqualTo(new Admission.Consumed(T0));
  }
}
