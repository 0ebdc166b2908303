package io.shomei.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.memory.InMemoryStorage;
import io.shomei.spi.Secret;
import io.shomei.core.Refusal;
import io.shomei.core.Shomei;
import io.shomei.core.AcquisitionRefusal;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.LoginRefusal;
import io.shomei.core.LoginResult;
import io.shomei.core.PendingLogin;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.testing.MutableClock;
import io.shomei.testing.contract.Concurrently;
import io.shomei.testing.fault.Call;
import io.shomei.testing.fault.Fault;
import io.shomei.testing.fault.FaultPlan;
import io.shomei.testing.fault.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Guessing passwords, concurrently: the lock engages at exactly the threshold, and what the guesser
 * sees does not tell an unknown user, a wrong password and a locked account apart (the timing side
 * is {@link BruteForceTimingTest}). Regressions are named after the attack.
 */
class BruteForceTest {
  static final int THRESHOLD = 5;
  static final int THREADS = 64;
  static final int GUESSES_PER_THREAD = 4;

  final MutableClock clock = MutableClock.at("2026-05-01T00:00:00Z");
  final InMemoryStorage memory = new InMemoryStorage();
  final Rig.Stores stores = new Rig.Stores(memory);
  final Shomei shomei = Rig.shomei(stores, clock, THRESHOLD, null, b -> b);

  private CredentialRecord credentials(String userId) {
    return stores.credentials().find(new AccountKey(userId, Rig.FX)).orElseThrow();
  }

  private long events(String type, String userId) {
    return stores.auditRecords().stream()
        .filter(r -> r.type().equals(type) && userId.equals(r.userId())).count();
  }

  @Test
  void concurrentGuessesAtThePasswordStepLockAtExactlyTheThreshold() {
    LetterFields letter = Rig.enroll(shomei, "50000001");
    AcquisitionResult.Acquired a = Rig.cast(Rig.acquire(shomei, letter),
        AcquisitionResult.Acquired.class);
    // the thief has the certificate and its key (a copied PKCS#12), not the password
    PendingLogin pending = Rig.cast(shomei.login().presentCertificate(Rig.FX,
        List.of(a.certificate())), LoginResult.PasswordRequired.class).pending();
    Set<LoginResult.Refused> answers = ConcurrentHashMap.newKeySet();
    Concurrently.run(THREADS, Duration.ofMinutes(2), t -> {
      for (int i = 0; i < GUESSES_PER_THREAD; i++) {
        answers.add(Rig.cast(shomei.login().password(pending, Secret.of("guess-" + t + "-" + i)),
            LoginResult.Refused.class));
      }
    });
    CredentialRecord r = credentials("50000001");
    assertThat(r.loginFailures()).isEqualTo(THRESHOLD);
    assertThat(r.loginLockedAt()).isNotNull();
    assertThat(events("LOGIN_LOCKED", "50000001")).isEqualTo(1);
    List<String> counted = stores.auditRecords().stream()
        .filter(e -> e.type().equals("LOGIN_PASSWORD_REFUSED") && e.details().containsKey("failures"))
        .map(e -> e.details().get("failures")).sorted().toList();
    assertThat(counted).as("each count 1..N reported once").containsExactly("1", "2", "3", "4", "5");
    assertThat(answers).as("one answer for all " + THREADS * GUESSES_PER_THREAD + " guesses")
        .singleElement().extracting(LoginResult.Refused::reason)
        .isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
    // even the right password now gets that same answer at the password step
    assertThat(shomei.login().password(pending, Rig.copy(letter.temporaryPassword())))
        .isIn(answers);
    // the certificate step tells the certificate's holder (TLS proved the key) to see the branch
    assertThat(Rig.cast(shomei.login().presentCertificate(Rig.FX, List.of(a.certificate())),
        LoginResult.Refused.class).reason()).isEqualTo(LoginRefusal.ACCOUNT_LOCKED);
    System.out.println("BruteForceTest: " + THREADS * GUESSES_PER_THREAD
        + " concurrent password-step guesses, locked at " + r.loginFailures());
    letter.close();
  }

  @Test
  void concurrentAcquisitionGuessesLockTheAcquisitionPathAtExactlyTheThreshold() {
    LetterFields letter = Rig.enroll(shomei, "50000002");
    Set<AcquisitionResult> answers = ConcurrentHashMap.newKeySet();
    Concurrently.run(THREADS, Duration.ofMinutes(2), t -> {
      for (int i = 0; i < GUESSES_PER_THREAD; i++) {
        answers.add(Rig.acquire(shomei, "50000002", Secret.of("login-" + t + "-" + i),
            Secret.of("acq-" + t + "-" + i)));
      }
    });
    CredentialRecord r = credentials("50000002");
    assertThat(r.acquisitionFailures()).isEqualTo(THRESHOLD);
    assertThat(r.acquisitionLockedAt()).isNotNull();
    assertThat(r.loginFailures()).as("certificate-less guesses never touch the login password")
        .isZero();
    assertThat(r.loginLockedAt()).isNull();
    assertThat(events("LOGIN_LOCKED", "50000002")).isZero();
    assertThat(events("ACQUISITION_PASSWORD_LOCKED", "50000002")).isEqualTo(1);
    assertThat(answers).as("the guesser never learns that the account exists or is locked")
        .containsExactly(AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED));
    assertThat(stores.certificates().count()).isZero();
    System.out.println("BruteForceTest: " + THREADS * GUESSES_PER_THREAD
        + " concurrent acquisition guesses, the acquisition path locked at "
        + r.acquisitionFailures());
    letter.close();
  }

  @Test
  void userEnumerationByLockingAnAccountGetsTheAnswerOfAnUnknownUser() {
    LetterFields victim = Rig.enroll(shomei, "50000003");
    LetterFields other = Rig.enroll(shomei, "50000004");
    for (int i = 0; i < THRESHOLD; i++) {
      Rig.acquire(shomei, "50000003", Secret.of("login-" + i), Secret.of("acq-" + i));
    }
    assertThat(credentials("50000003").acquisitionLockedAt()).isNotNull();
    AcquisitionResult unknown = Rig.acquire(shomei, "59999999", Secret.of("a"), Secret.of("b"));
    AcquisitionResult locked = Rig.acquire(shomei, "50000003", Secret.of("a"), Secret.of("b"));
    AcquisitionResult lockedRight = Rig.acquire(shomei, victim);
    AcquisitionResult wrong = Rig.acquire(shomei, "50000004", Secret.of("a"), Secret.of("b"));
    AcquisitionResult malformed = Rig.acquire(shomei, "x".repeat(65), Secret.of("a"),
        Secret.of("b"));
    assertThat(List.of(locked, lockedRight, wrong, malformed)).as("the host sees one answer")
        .allSatisfy(r -> {
          assertThat(r).isEqualTo(unknown);
          assertThat(r.toString()).isEqualTo(unknown.toString());
        });
    assertThat(unknown).isEqualTo(AcquisitionResult.Refused.of(
        AcquisitionRefusal.AUTHENTICATION_FAILED));
    // the audit trail keeps the difference for the bank
    List<String> causes = stores.auditRecords().stream()
        .filter(e -> e.type().equals("ACQUISITION_REFUSED"))
        .map(e -> e.details().getOrDefault("cause", "")).toList();
    assertThat(causes).contains("no-account", "acquisition-locked", "mismatch");
    victim.close();
    other.close();
  }

  @Test
  void guessingALockedAcquisitionPathTellsNothingAndCountsNothing() {
    LetterFields letter = Rig.enroll(shomei, "50000005");
    for (int i = 0; i < THRESHOLD; i++) {
      Rig.acquire(shomei, "50000005", letter.temporaryPassword(), Secret.of("acq-" + i));
    }
    assertThat(credentials("50000005").acquisitionLockedAt()).isNotNull();
    AcquisitionResult refused = AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED);
    // a guesser, the customer with any acquisition password, the customer with both: one answer
    assertThat(Rig.acquire(shomei, "50000005", Secret.of("guess"), letter.acquisitionPassword()))
        .isEqualTo(refused);
    assertThat(Rig.acquire(shomei, "50000005", letter.temporaryPassword(), Secret.of("any")))
        .isEqualTo(refused);
    assertThat(Rig.acquire(shomei, letter)).isEqualTo(refused);
    assertThat(credentials("50000005").loginFailures()).isZero();
    assertThat(credentials("50000005").acquisitionFailures()).isEqualTo(THRESHOLD);
    letter.close();
  }

  @Test
  void aPasswordStepForAWrongALockedAndAnUnknownAccountGivesOneAnswer() {
    // three accounts with active certificates; the third's credential record disappears (an
    // unknown account at the password step: deleted between the steps)
    AccountKey gone = new AccountKey("50000008", Rig.FX);
    AtomicReference<AccountKey> hidden = new AtomicReference<>();
    Rig.Stores s = new Rig.Stores(memory.wrapped(c -> c, c -> new HidingCredentialStore(c, hidden),
        t -> t, a -> a));
    Shomei bank = Rig.shomei(s, clock, THRESHOLD, null, b -> b);
    List<PendingLogin> pending = new ArrayList<>();
    List<LetterFields> letters = new ArrayList<>();
    for (String u : List.of("50000006", "50000007", "50000008")) {
      LetterFields l = Rig.enroll(bank, u);
      letters.add(l);
      AcquisitionResult.Acquired a = Rig.cast(Rig.acquire(bank, l),
          AcquisitionResult.Acquired.class);
      pending.add(Rig.cast(bank.login().presentCertificate(Rig.FX, List.of(a.certificate())),
          LoginResult.PasswordRequired.class).pending());
    }
    for (int i = 0; i < THRESHOLD; i++) {
      bank.login().password(pending.get(1), Secret.of("wrong-" + i));
    }
    hidden.set(gone);
    LoginResult.Refused wrong = Rig.cast(bank.login().password(pending.get(0), Secret.of("x")),
        LoginResult.Refused.class);
    LoginResult.Refused locked = Rig.cast(bank.login().password(pending.get(1), Secret.of("x")),
        LoginResult.Refused.class);
    LoginResult.Refused lockedRight = Rig.cast(bank.login().password(pending.get(1),
        Rig.copy(letters.get(1).temporaryPassword())), LoginResult.Refused.class);
    LoginResult.Refused unknown = Rig.cast(bank.login().password(pending.get(2), Secret.of("x")),
        LoginResult.Refused.class);
    for (LoginResult.Refused r : List.of(wrong, locked, lockedRight, unknown)) {
      assertThat(r.reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
      assertThat(r.detail()).isEqualTo(wrong.detail());
      assertThat(r.certificate()).isNull();
      assertThat(r.certificateRefusal()).isNull();
      assertThat(r.refusal()).isEqualTo(new Refusal.InvalidCredentials());
      assertThat(r.account()).as("the account the pending login already named")
          .isIn(pending.stream().map(PendingLogin::account).toList());
    }
    assertThat(locked).isEqualTo(lockedRight);
    letters.forEach(LetterFields::close);
  }

  @Test
  void racingAOneTimeAcquisitionPasswordHandsOutOneDownloadOnly() {
    // the second request of a double submission (or an attacker who knows both passwords) passed
    // the password check before the first one consumed the password, and looks for a certificate
    // to resume after the first one activated its own
    FaultPlan plan = new FaultPlan();
    Rig.Stores faulty = new Rig.Stores(memory.wrapped(
        c -> Faults.wrap(CertificateStore.class, c, plan), c -> c, t -> t, a -> a));
    Shomei bank = Rig.shomei(faulty, clock, THRESHOLD, AcquisitionMode.ONE_TIME, b -> b);
    LetterFields letter = Rig.enroll(bank, "50000009");
    AtomicReference<AcquisitionResult> first = new AtomicReference<>();
    plan.failNext(Call.named("CertificateStore.findByAccount"),
        Fault.before(() -> first.set(Rig.acquire(bank, letter))));
    AcquisitionResult second = Rig.acquire(bank, letter);
    assertThat(first.get()).isInstanceOf(AcquisitionResult.Acquired.class);
    assertThat(second).isEqualTo(AcquisitionResult.Refused.of(
        AcquisitionRefusal.ACQUISITION_PASSWORD_USED));
    AccountKey account = new AccountKey("50000009", Rig.FX);
    assertThat(stores.tickets().findByAccount(account)).hasSize(1);
    letter.close();
  }

  /** A credential store in which one account can be made to vanish. */
  static final class HidingCredentialStore implements CredentialStore {
    private final CredentialStore delegate;
    private final AtomicReference<AccountKey> hidden;

    HidingCredentialStore(CredentialStore delegate, AtomicReference<AccountKey> hidden) {
      this.delegate = delegate;
      this.hidden = hidden;
    }

    @Override
    public CreateResult create(CredentialRecord initial) {
      return delegate.create(initial);
    }

    @Override
    public Optional<CredentialRecord> find(AccountKey account) {
      return account.equals(hidden.get()) ? Optional.empty() : delegate.find(account);
    }

    @Override
    public List<AccountKey> accountsOf(String userId) {
      return delegate.accountsOf(userId);
    }

    @Override
    public ReplaceResult replace(CredentialRecord next) {
      return next.account().equals(hidden.get())
          ? new ReplaceResult.NotFound(next.account()) : delegate.replace(next);
    }
  }
}
