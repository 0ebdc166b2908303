package io.shomei.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.Secret;
import io.shomei.core.Shomei;
import io.shomei.core.flow.AcquisitionRefusal;
import io.shomei.core.flow.AcquisitionResult;
import io.shomei.core.flow.LoginRefusal;
import io.shomei.core.flow.LoginResult;
import io.shomei.core.flow.PendingLogin;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.AccountKey;
import io.shomei.testing.MutableClock;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The answer time of a refusal must not tell an unknown user, a wrong password and a locked account
 * apart. A benchmark-style measurement (not a single timed call): the cases run interleaved in a
 * freshly shuffled order every round, {@value #WARMUP} rounds of warm-up are discarded, then
 * {@value #SAMPLES} samples per case are kept and their medians compared. The hasher is the real
 * Argon2id at a test-sized cost (m = 1 MiB, t = 1, p = 1; production: m = 19 MiB, t = 2), so the dummy verification that
 * equalises the paths is the real thing.
 *
 * <h2>Why the tolerance is {@value #TOLERANCE}</h2>
 *
 * <p>Every path spends the same number of Argon2id verifications (two per acquisition, one per
 * password step); what differs is bookkeeping: a wrong password is counted (a compare-and-set on
 * the credential record), a locked or unknown account is not. With these in-memory stores that
 * difference measured about 20 microseconds against 0.75 milliseconds per verification (at
 * m = 256 KiB it was 6 to 8 per cent of the answer time, too close to the noise); in production
 * (Argon2id at m = 19 MiB, t = 2, tens of milliseconds per verification) against one database
 * round trip, it is smaller still. A path that skipped a verification (the leak the dummy
 * verification closes) differs by about half (acquisition) or all (password step) of the hashing
 * time: the test first shows, on the same samples, that such a gap would exceed the tolerance many
 * times over. Medians of {@value #SAMPLES} interleaved samples are stable to a few percent on a
 * busy shared machine; {@value #TOLERANCE} leaves room for that noise and still catches any leak of
 * a whole verification.
 */
class BruteForceTimingTest {
  static final int WARMUP = 200;
  static final int SAMPLES = 2_000;
  static final double TOLERANCE = 0.10;
  static final int THRESHOLD = 100;
  static final PasswordHasher ARGON2ID = PasswordHasher.insecureForTestsOnly(
      new HashParameters.Argon2id(1024, 1, 1), new SecureRandom());

  final MutableClock clock = MutableClock.at("2026-06-01T00:00:00Z");
  final AtomicReference<AccountKey> hidden = new AtomicReference<>();
  final Rig.Stores memory = Rig.Stores.inMemory();
  final Rig.Stores stores = new Rig.Stores(memory.certificates(),
      new BruteForceTest.HidingCredentialStore(memory.credentials(), hidden), memory.tickets(),
      memory.audit());
  final Shomei shomei = Rig.builder(stores, Rig.CA, clock, ARGON2ID, THRESHOLD, Rig.noRules())
      .voluntaryReacquisition(true).build();

  /** Medians in nanoseconds per case, measured interleaved. */
  static Map<String, Long> medians(Map<String, IntConsumer> cases) {
    List<String> names = new ArrayList<>(cases.keySet());
    Map<String, long[]> samples = new LinkedHashMap<>();
    names.forEach(n -> samples.put(n, new long[SAMPLES]));
    Random shuffle = new Random(7);
    for (int round = 0; round < WARMUP + SAMPLES; round++) {
      java.util.Collections.shuffle(names, shuffle);
      for (String name : names) {
        IntConsumer c = get(cases, name);
        long start = System.nanoTime();
        c.accept(round);
        long elapsed = System.nanoTime() - start;
        if (round >= WARMUP) {
          get(samples, name)[round - WARMUP] = elapsed;
        }
      }
    }
    Map<String, Long> medians = new LinkedHashMap<>();
    cases.keySet().forEach(n -> {
      long[] s = get(samples, n);
      Arrays.sort(s);
      medians.put(n, s[s.length / 2]);
    });
    return medians;
  }

  /** What one verification costs: what a path that skipped it would be faster by. */
  static final String ONE_HASH = "(one verification alone)";

  static void oneHash(int i) {
    try (Secret s = Secret.of("guess-" + i)) {
      ARGON2ID.dummyVerify(s);
    }
  }

  /** The test can fail: a path that skipped one verification would be off by this much. */
  static void assertSkippedHashWouldShow(String what, Map<String, Long> m, String reference) {
    double share = get(m, ONE_HASH) / (double) get(m, reference);
    System.out.println("BruteForceTimingTest " + what + ": skipping one verification would move"
        + " the median by " + String.format("%.0f%%", 100 * share));
    assertThat(share).as(what + ": a skipped verification must exceed the tolerance three times "
        + micros(m)).isGreaterThan(3 * TOLERANCE);
  }

  static void assertIndistinguishable(String what, Map<String, Long> medians, String reference,
      List<String> equal) {
    long ref = get(medians, reference);
    System.out.println("BruteForceTimingTest " + what + " medians (us): " + micros(medians));
    for (String name : equal) {
      double gap = Math.abs(get(medians, name) - ref) / (double) ref;
      assertThat(gap).as(what + ": " + name + " vs " + reference + " " + micros(medians))
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  static <T> T get(Map<String, T> m, String key) {
    return Objects.requireNonNull(m.get(key), key);
  }

  static Map<String, String> micros(Map<String, Long> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, String.format("%.1f", v / 1000.0)));
    return out;
  }

  @Test
  void acquisitionRefusalTimeDoesNotTellUnknownWrongOrLockedApart() {
    // wrong guesses rotate over 40 accounts so none reaches the threshold of 100
    List<String> rotating = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rotating.add(Rig.enroll(shomei, String.format("6%07d", i)).userId());
    }
    LetterFields loginLocked = Rig.enroll(shomei, "61000001");
    LetterFields acquisitionLocked = Rig.enroll(shomei, "61000002");
    for (int i = 0; i < THRESHOLD; i++) {
      Rig.acquire(shomei, "61000001", Secret.of("x" + i), Secret.of("y" + i));
      Rig.acquire(shomei, "61000002", acquisitionLocked.temporaryPassword(), Secret.of("y" + i));
    }
    Map<String, IntConsumer> cases = new LinkedHashMap<>();
    cases.put("unknown user", i -> refused(Rig.acquire(shomei, "69999999",
        Secret.of("guess-a-" + i), Secret.of("guess-b-" + i))));
    cases.put("wrong passwords", i -> refused(Rig.acquire(shomei, rotating.get(i % 40),
        Secret.of("guess-a-" + i), Secret.of("guess-b-" + i))));
    cases.put("login locked", i -> refused(Rig.acquire(shomei, "61000001",
        Secret.of("guess-a-" + i), Secret.of("guess-b-" + i))));
    cases.put("acquisition locked", i -> refused(Rig.acquire(shomei, "61000002",
        Secret.of("guess-a-" + i), Secret.of("guess-b-" + i))));
    cases.put(ONE_HASH, BruteForceTimingTest::oneHash);
    Map<String, Long> m = medians(cases);
    assertSkippedHashWouldShow("acquisition", m, "unknown user");
    assertIndistinguishable("acquisition", m, "unknown user",
        List.of("wrong passwords", "login locked", "acquisition locked"));
    loginLocked.close();
    acquisitionLocked.close();
  }

  private static void refused(AcquisitionResult r) {
    if (!AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED).equals(r)) {
      throw new AssertionError("not the one refusal: " + r);
    }
  }

  @Test
  void passwordStepRefusalTimeDoesNotTellUnknownWrongOrLockedApart() {
    List<PendingLogin> rotating = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rotating.add(pendingFor(String.format("6%07d", 100 + i)));
    }
    PendingLogin locked = pendingFor("62000001");
    PendingLogin unknown = pendingFor("62000002");
    for (int i = 0; i < THRESHOLD; i++) {
      shomei.login().password(locked, Secret.of("wrong-" + i));
    }
    hidden.set(unknown.account());
    Map<String, IntConsumer> cases = new LinkedHashMap<>();
    cases.put("unknown account", i -> invalid(shomei.login().password(unknown,
        Secret.of("guess-" + i))));
    cases.put("wrong password", i -> invalid(shomei.login().password(rotating.get(i % 40),
        Secret.of("guess-" + i))));
    cases.put("locked", i -> invalid(shomei.login().password(locked, Secret.of("guess-" + i))));
    cases.put(ONE_HASH, BruteForceTimingTest::oneHash);
    Map<String, Long> m = medians(cases);
    assertSkippedHashWouldShow("password step", m, "unknown account");
    assertIndistinguishable("password step", m, "unknown account",
        List.of("wrong password", "locked"));
  }

  private PendingLogin pendingFor(String userId) {
    LetterFields l = Rig.enroll(shomei, userId);
    AcquisitionResult.Acquired a = Rig.cast(Rig.acquire(shomei, l),
        AcquisitionResult.Acquired.class);
    l.close();
    return Rig.cast(shomei.login().presentCertificate(Rig.FX, List.of(a.certificate())),
        LoginResult.PasswordRequired.class).pending();
  }

  private static void invalid(LoginResult.PasswordStep r) {
    if (!(r instanceof LoginResult.Refused no) || no.reason() != LoginRefusal.INVALID_CREDENTIALS) {
      throw new AssertionError("not the one refusal: " + r);
    }
  }
}
