package io.shomei.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.Secret;
import io.shomei.core.Shomei;
import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.AcquisitionRefusal;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.LoginRefusal;
import io.shomei.core.LoginResult;
import io.shomei.core.PendingLogin;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.LetterFields;
import io.shomei.core.testkit.Csrs;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CredentialRecord;
import io.shomei.testing.MutableClock;
import io.shomei.testing.contract.Concurrently;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Races through {@link Shomei} on one kind of store, 64 threads each, one test per invariant:
 *
 * <ul>
 *   <li>one active certificate per account while 64 threads re-acquire 8 accounts;
 *   <li>exact failure counting and a lock at exactly the threshold, for the login password (at the
 *       password step) and the acquisition password, below and beyond the threshold;
 *   <li>a ONE_TIME acquisition password consumed exactly once when all 64 threads use it at once;
 *   <li>the audit chain: concurrent appends lose nothing, keep each thread's order, and verify.
 * </ul>
 *
 * <p>Each test runs at least 1,024 operations and prints their counts and outcomes. The subclasses
 * pick the store; sizes are scaled per store ({@link #scale()}) to keep the suite within its time
 * budget.
 */
abstract class AbstractRaceTest {
  static final int THREADS = 64;
  static final Duration LIMIT = Duration.ofMinutes(4);

  Rig.@org.jspecify.annotations.Nullable Stores stores;

  /** Fresh, empty stores. */
  abstract Rig.Stores open() throws Exception;

  /** Releases what {@link #open()} took. */
  abstract void close() throws Exception;

  /** The store's name, for the printed figures. */
  abstract String name();

  /** Operations per thread, relative to the in-memory store's (1.0). */
  abstract double scale();

  @BeforeEach
  void setUp() throws Exception {
    stores = open();
  }

  @AfterEach
  void tearDown() throws Exception {
    close();
  }

  Rig.Stores stores() {
    return Objects.requireNonNull(stores);
  }

  /** {@code n} scaled for the store, at least 16: 64 threads times 16 is 1,024 operations. */
  int scaled(int n) {
    return Math.max(16, (int) Math.round(n * scale()));
  }

  void report(String test, long startedNanos, Map<String, ?> figures) {
    long ms = (System.nanoTime() - startedNanos) / 1_000_000;
    System.out.println("RaceTest[" + name() + "] " + test + " (" + THREADS + " threads, " + ms
        + " ms): " + new TreeMap<>(figures));
  }

  void assertAuditIntact(Shomei shomei) {
    assertThat(shomei.audit().verify()).as("audit chain").isInstanceOf(ChainVerification.Intact.class);
  }

  static String user(int i) {
    return String.format("4%07d", i);
  }

  @Test
  void reacquisitionRacesLeaveExactlyOneActiveCertificatePerAccount() {
    int accounts = 8;
    int perThread = scaled(24);
    MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
    Shomei shomei = Rig.shomei(stores(), clock, 5, null, b -> b);
    List<LetterFields> letters = new ArrayList<>();
    List<byte[]> csrs = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      letters.add(Rig.enroll(shomei, user(i)));
      KeyPair kp = Csrs.ec("secp256r1");
      csrs.add(Csrs.der(kp, "SHA256withECDSA"));
    }
    Set<BigInteger> acquired = ConcurrentHashMap.newKeySet();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    Concurrently.run(THREADS, LIMIT, t -> {
      for (int i = 0; i < perThread; i++) {
        int a = (t + i) % accounts;
        LetterFields l = letters.get(a);
        // the CSR path keeps no download ticket, so every acquisition issues and supersedes
        AcquisitionResult r = shomei.acquisition().acquire(AcquisitionRequest.of(l.userId(),
            Rig.FX, Rig.copy(l.temporaryPassword()), Rig.copy(l.acquisitionPassword()))
            .withCsr(csrs.get(a)));
        if (r instanceof AcquisitionResult.Acquired ok) {
          acquired.add(ok.serial());
          count(outcomes, "acquired");
        } else {
          AcquisitionResult.Refused no = (AcquisitionResult.Refused) r;
          assertThat(no.reason()).isEqualTo(AcquisitionRefusal.CONCURRENT_ACQUISITION);
          count(outcomes, "concurrent");
        }
      }
    });
    Map<AccountKey, Integer> active = new HashMap<>();
    Map<BigInteger, CertificateRecord> recorded = new HashMap<>();
    stores().certificates().forEach(r -> {
      recorded.put(r.serial(), r);
      if (r.status() == CertificateStatus.ACTIVE) {
        active.merge(r.account(), 1, Integer::sum);
      }
    });
    assertThat(active).as("one active certificate per account").hasSize(accounts)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    assertThat(acquired).as("every acquired certificate is recorded")
        .isSubsetOf(recorded.keySet());
    // the commit is all or nothing: a loser's certificate is never recorded
    assertThat(recorded.keySet()).as("only the winners' certificates are recorded")
        .isEqualTo(acquired);
    assertThat(acquired.size() + outcomes.getOrDefault("concurrent", new AtomicInteger()).get())
        .as("every attempt either won or was told so").isEqualTo(THREADS * perThread);
    for (CertificateRecord r : recorded.values()) {
      // the winners are ACTIVE, SUPERSEDED, or REVOKED (superseded); none stays ISSUED
      assertThat(r.status()).as(r.toString()).isNotEqualTo(CertificateStatus.ISSUED);
      if (r.status() == CertificateStatus.SUPERSEDED || r.status() == CertificateStatus.REVOKED) {
        assertThat(acquired).as("superseded by a winner").contains(r.supersededBy());
      }
    }
    // the supersede links of each account form one chain through all its winners
    for (int i = 0; i < accounts; i++) {
      AccountKey account = new AccountKey(user(i), Rig.FX);
      List<CertificateRecord> won = recorded.values().stream()
          .filter(r -> r.account().equals(account) && acquired.contains(r.serial())).toList();
      Map<BigInteger, BigInteger> next = new HashMap<>();
      won.forEach(r -> {
        if (r.supersededBy() != null) {
          next.put(r.serial(), Objects.requireNonNull(r.supersededBy()));
        }
      });
      assertThat(new HashSet<>(next.values())).as("no certificate superseded twice")
          .hasSize(next.size());
      assertThat(next).as("all winners but the active one superseded").hasSize(won.size() - 1);
    }
    long issuedEvents = stores().auditRecords().stream()
        .filter(r -> r.type().equals("CERTIFICATE_ISSUED")).count();
    assertThat(issuedEvents).isEqualTo(acquired.size());
    assertAuditIntact(shomei);
    report("one active certificate", started, Map.of("acquisitions", THREADS * perThread,
        "acquired", outcomes.getOrDefault("acquired", new AtomicInteger()).get(),
        "concurrent-refusals", outcomes.getOrDefault("concurrent", new AtomicInteger()).get(),
        "accounts", accounts, "recorded", recorded.size()));
  }

  @Test
  void concurrentWrongPasswordsAreCountedExactlyAndLockAtTheThreshold() {
    int threshold = 50;
    int perAccountBelow = threshold - 1;
    int perAccountBeyond = threshold + scaled(30);
    int accounts = 8;
    MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
    Shomei shomei = Rig.shomei(stores(), clock, threshold, null, b -> b);
    // login guesses go to the password step of a pending login (the certificate step passed);
    // acquisition guesses carry the right login password and a wrong acquisition password
    List<LetterFields> letters = new ArrayList<>();
    List<PendingLogin> pending = new ArrayList<>();
    for (int i = 0; i < 4 * accounts; i++) {
      LetterFields l = Rig.enroll(shomei, user(100 + i));
      letters.add(l);
      if (i < 2 * accounts) {
        AcquisitionResult.Acquired a = Rig.cast(Rig.acquire(shomei, l),
            AcquisitionResult.Acquired.class);
        LoginResult.PasswordRequired p = Rig.cast(shomei.login().presentCertificate(Rig.FX,
            List.of(a.certificate())), LoginResult.PasswordRequired.class);
        pending.add(p.pending());
      }
    }
    // work items: (kind, account index); below-threshold accounts get exactly threshold - 1
    List<int[]> work = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      for (int n = 0; n < perAccountBelow; n++) {
        work.add(new int[] {0, i});              // login, below
        work.add(new int[] {1, 2 * accounts + i}); // acquisition, below
      }
      for (int n = 0; n < perAccountBeyond; n++) {
        work.add(new int[] {0, accounts + i});     // login, beyond
        work.add(new int[] {1, 3 * accounts + i}); // acquisition, beyond
      }
    }
    java.util.Collections.shuffle(work, new java.util.Random(42));
    AtomicInteger next = new AtomicInteger();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    Concurrently.run(THREADS, LIMIT, t -> {
      for (int w = next.getAndIncrement(); w < work.size(); w = next.getAndIncrement()) {
        int[] item = work.get(w);
        if (item[0] == 0) {
          LoginResult.PasswordStep r = shomei.login().password(pending.get(item[1]),
              Secret.of("wrong-login-" + w));
          LoginResult.Refused no = Rig.cast(r, LoginResult.Refused.class);
          assertThat(no.reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
          count(outcomes, "login:" + no.reason());
        } else {
          LetterFields l = letters.get(item[1]);
          AcquisitionResult r = Rig.acquire(shomei, l.userId(), l.temporaryPassword(),
              Secret.of("wrong-acq-" + w));
          AcquisitionResult.Refused no = Rig.cast(r, AcquisitionResult.Refused.class);
          count(outcomes, "acquisition:" + no.reason());
        }
      }
    });
    List<AuditRecord> audit = stores().auditRecords();
    for (int i = 0; i < 4 * accounts; i++) {
      AccountKey account = new AccountKey(user(100 + i), Rig.FX);
      CredentialRecord r = stores().credentials().find(account).orElseThrow();
      boolean login = i < 2 * accounts;
      boolean beyond = (i % (2 * accounts)) >= accounts;
      int failures = login ? r.loginFailures() : r.acquisitionFailures();
      boolean locked = (login ? r.loginLockedAt() : r.acquisitionLockedAt()) != null;
      String lockEvent = login ? "LOGIN_LOCKED" : "ACQUISITION_PASSWORD_LOCKED";
      long lockEvents = audit.stream().filter(e -> e.type().equals(lockEvent)
          && account.userId().equals(e.userId())).count();
      if (beyond) {
        assertThat(failures).as("locked at exactly the threshold: " + account).isEqualTo(threshold);
        assertThat(locked).isTrue();
        assertThat(lockEvents).as("exactly one lock event").isEqualTo(1);
      } else {
        assertThat(failures).as("every failure counted exactly: " + account)
            .isEqualTo(perAccountBelow);
        assertThat(locked).isFalse();
        assertThat(lockEvents).isZero();
      }
      assertThat(login ? r.acquisitionFailures() : r.loginFailures())
          .as("the other password is untouched").isZero();
    }
    assertThat(outcomes.keySet()).as("a lock of the acquisition path is never told (issue 18)")
        .doesNotContain("acquisition:" + AcquisitionRefusal.LOCKED);
    assertAuditIntact(shomei);
    Map<String, Object> figures = new HashMap<>();
    outcomes.forEach((k, v) -> figures.put(k, v.get()));
    figures.put("operations", work.size());
    figures.put("threshold", threshold);
    report("exact failure counting and lockout", started, figures);
  }

  @Test
  void aOneTimeAcquisitionPasswordIsConsumedExactlyOnce() {
    int accounts = scaled(24);
    MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
    Shomei shomei = Rig.shomei(stores(), clock, 5, AcquisitionMode.ONE_TIME, b -> b);
    List<LetterFields> letters = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      letters.add(Rig.enroll(shomei, user(200 + i)));
    }
    Map<Integer, Set<BigInteger>> won = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    Concurrently.run(THREADS, LIMIT, t -> {
      for (int a = 0; a < accounts; a++) {
        AcquisitionResult r = Rig.acquire(shomei, letters.get(a));
        if (r instanceof AcquisitionResult.Acquired ok) {
          assertThat(ok.resumed()).isFalse();
          won.computeIfAbsent(a, k -> ConcurrentHashMap.newKeySet()).add(ok.serial());
          count(outcomes, "acquired");
        } else {
          AcquisitionResult.Refused no = (AcquisitionResult.Refused) r;
          assertThat(no.reason()).isEqualTo(AcquisitionRefusal.ACQUISITION_PASSWORD_USED);
          count(outcomes, "refused:" + no.reason());
        }
      }
    });
    int recordedTotal = 0;
    for (int a = 0; a < accounts; a++) {
      AccountKey account = new AccountKey(user(200 + a), Rig.FX);
      Set<BigInteger> winners = won.getOrDefault(a, Set.of());
      assertThat(winners).as("exactly one acquisition with the one-time password: " + account)
          .hasSize(1);
      CertificateRecord active = stores().certificates().findActive(account).orElseThrow();
      assertThat(active.serial()).isEqualTo(winners.iterator().next());
      List<CertificateRecord> all = stores().certificates().findByAccount(account);
      recordedTotal += all.size();
      assertThat(all).filteredOn(c -> c.status() == CertificateStatus.ACTIVE).hasSize(1);
      assertThat(all).as("the others issued, recorded and never activated")
          .allMatch(c -> c.status() == CertificateStatus.ACTIVE
              || c.status() == CertificateStatus.ISSUED);
      assertThat(stores().tickets().findByAccount(account)).as("one file to download")
          .singleElement().matches(t -> t.serial().equals(active.serial()));
      AcquisitionPassword p = Objects.requireNonNull(
          stores().credentials().find(account).orElseThrow().acquisitionPassword());
      assertThat(p.consumedAt()).isNotNull();
    }
    long issuedEvents = stores().auditRecords().stream()
        .filter(r -> r.type().equals("CERTIFICATE_ISSUED")).count();
    assertThat(issuedEvents).isEqualTo(accounts);
    assertAuditIntact(shomei);
    Map<String, Object> figures = new HashMap<>();
    outcomes.forEach((k, v) -> figures.put(k, v.get()));
    figures.put("attempts", THREADS * accounts);
    figures.put("accounts", accounts);
    figures.put("certificates-signed", recordedTotal);
    report("one-time acquisition password", started, figures);
  }

  @Test
  void concurrentAuditAppendsLoseNothingAndKeepEachThreadsOrder() {
    int perThread = scaled(40);
    MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
    Shomei shomei = Rig.shomei(stores(), clock, 5, null, b -> b);
    LetterFields letter = Rig.enroll(shomei, user(300));
    AccountKey account = new AccountKey(letter.userId(), Rig.FX);
    long before = stores().auditRecords().size();
    long started = System.nanoTime();
    Concurrently.run(THREADS, LIMIT, t -> {
      for (int i = 0; i < perThread; i++) {
        shomei.audit().append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, account,
            Map.of("thread", Integer.toString(t), "n", Integer.toString(i))));
      }
    });
    List<AuditRecord> records = stores().auditRecords();
    assertThat(records).hasSize((int) before + THREADS * perThread);
    for (int i = 0; i < records.size(); i++) {
      assertThat(records.get(i).sequence()).as("gapless").isEqualTo(i + 1L);
    }
    int[] last = new int[THREADS];
    java.util.Arrays.fill(last, -1);
    for (AuditRecord r : records) {
      String thread = r.details().get("thread");
      if (thread == null) {
        continue;
      }
      int t = Integer.parseInt(thread);
      int n = Integer.parseInt(Objects.requireNonNull(r.details().get("n")));
      assertThat(n).as("thread " + t + " appended in program order").isEqualTo(last[t] + 1);
      last[t] = n;
    }
    assertThat(last).containsOnly(perThread - 1);
    assertAuditIntact(shomei);
    report("audit chain order", started, Map.of("appends", THREADS * perThread,
        "records", records.size()));
  }

  static void count(Map<String, AtomicInteger> outcomes, String key) {
    outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }
}
