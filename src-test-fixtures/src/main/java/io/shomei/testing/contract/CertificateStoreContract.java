package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CertificateStore.ActivationResult;
import io.shomei.spi.CertificateStore.RecordResult;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.TestCa;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link CertificateStore}. An implementation's test class implements this
 * interface and {@link #newStore()}; every default method is a test it inherits.
 *
 * @since 0.1.0
 */
public interface CertificateStoreContract {

  /**
   * A new, empty store. Called once per test.
   *
   * @return the store under test
   */
  CertificateStore newStore();

  /**
   * The test CA used to make certificates; override to share one across tests.
   *
   * @return a test CA
   */
  default TestCa contractCa() {
    return ContractSupport.CA;
  }

  /**
   * A fresh ISSUED record for an account.
   *
   * @param account the account
   * @return the record
   */
  default CertificateRecord newCertificate(AccountKey account) {
    return contractCa().leaf().commonName(account.userId()).issue()
        .record(account, ContractSupport.now());
  }

  @Test
  default void recordsAndFindsByEveryKey() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000001", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    RecordResult r = store.record(c);
    assertEquals(new RecordResult.Recorded(c), r);
    assertEquals(Optional.of(c), store.findBySerial(c.serial()));
    assertEquals(Optional.of(c), store.findByFingerprint(c.sha256Fingerprint()));
    assertEquals(List.of(c), store.findByAccount(acct));
    assertEquals(Optional.empty(), store.findActive(acct));
    assertEquals(1, store.count());
  }

  /**
   * A fresh ISSUED record of another issuer than {@link #newCertificate}'s, with a given serial.
   *
   * @param account the account
   * @param serial the serial
   * @param other {@code true} for the second issuer, {@code false} for {@link #contractCa()}
   * @return the record
   * @since 0.2.0
   */
  default CertificateRecord newCertificate(AccountKey account, BigInteger serial, boolean other) {
    return (other ? ContractSupport.OTHER_CA : contractCa()).leaf()
        .commonName(account.userId()).serial(serial).issue().record(account, ContractSupport.now());
  }

  /**
   * RFC 5280 makes a serial unique per issuer: an adopted CA and the bank's new CA may both have
   * issued serial S. Both are kept, found, activated and revoked apart; the same issuer's serial
   * twice is still a duplicate.
   */
  @Test
  default void twoIssuersWithOneSerialCoexist() {
    CertificateStore store = newStore();
    BigInteger serial = new BigInteger("5e7a1c0ffee", 16);
    AccountKey first = new AccountKey("10000031", "fx-forward");
    AccountKey second = new AccountKey("10000032", "fx-forward");
    CertificateRecord ours = newCertificate(first, serial, false);
    CertificateRecord adopted = newCertificate(second, serial, true);
    IssuerName oursIssuer = ours.issuer();
    IssuerName adoptedIssuer = adopted.issuer();
    assertTrue(!oursIssuer.equals(adoptedIssuer), "two issuers");

    assertEquals(new RecordResult.Recorded(ours), store.record(ours));
    assertEquals(new RecordResult.Recorded(adopted), store.record(adopted));
    assertEquals(2, store.count());
    assertEquals(Optional.of(ours), store.findBySerial(oursIssuer, serial));
    assertEquals(Optional.of(adopted), store.findBySerial(adoptedIssuer, serial));
    assertEquals(Set.of(ours, adopted), Set.copyOf(store.findAllBySerial(serial)));
    assertEquals(Optional.empty(), store.findBySerial(serial), "one serial, two issuers: ambiguous");
    assertEquals(Optional.empty(), store.findBySerial(
        IssuerName.ofEncoded(new byte[] {0x30, 0x00}), serial));
    CertificateRecord again = newCertificate(first, serial, false);
    assertEquals(new RecordResult.DuplicateSerial(ours), store.record(again));

    Instant at = ContractSupport.now().plusSeconds(1);
    assertInstanceOf(ActivationResult.NotFound.class, store.activate(serial, null, at),
        "a serial alone names neither");
    ActivationResult a = store.activate(adoptedIssuer, serial, null, at);
    CertificateRecord active = assertInstanceOf(ActivationResult.Activated.class, a).activated();
    assertEquals(adopted.sha256Fingerprint(), active.sha256Fingerprint());
    assertEquals(CertificateStatus.ISSUED, store.findBySerial(oursIssuer, serial).orElseThrow()
        .status());
    ActivationResult b = store.activate(oursIssuer, serial, null, at);
    assertEquals(ours.sha256Fingerprint(), assertInstanceOf(ActivationResult.Activated.class, b)
        .activated().sha256Fingerprint(), "each account has its own active certificate");

    RevocationResult r = store.revoke(oursIssuer, serial, RevocationReason.KEY_COMPROMISE, at);
    assertEquals(CertificateStatus.REVOKED,
        assertInstanceOf(RevocationResult.Revoked.class, r).revoked().status());
    assertEquals(CertificateStatus.REVOKED,
        store.findBySerial(oursIssuer, serial).orElseThrow().status());
    assertEquals(CertificateStatus.ACTIVE,
        store.findBySerial(adoptedIssuer, serial).orElseThrow().status(), "the other one stays");
    assertEquals(Optional.empty(), store.findActive(first));
    assertEquals(adopted.sha256Fingerprint(),
        store.findActive(second).orElseThrow().sha256Fingerprint());
    assertInstanceOf(RevocationResult.NotFound.class,
        store.revoke(IssuerName.ofEncoded(new byte[] {0x30, 0x00}), serial,
            RevocationReason.KEY_COMPROMISE, at));

    List<CertificateRecord> seen = new ArrayList<>();
    store.forEach(seen::add);
    assertEquals(2, seen.size());
    assertEquals(Set.of(oursIssuer, adoptedIssuer),
        Set.of(seen.get(0).issuer(), seen.get(1).issuer()));
  }

  /**
   * A rollover: the account's certificate of the old CA is superseded by one of the new CA that
   * happens to carry the same serial. Only the old CA's record becomes SUPERSEDED.
   */
  @Test
  default void aNewIssuersCertificateWithTheSameSerialSupersedesTheOldIssuers() {
    CertificateStore store = newStore();
    BigInteger serial = new BigInteger("7a11ed", 16);
    AccountKey acct = new AccountKey("10000033", "fx-forward");
    CertificateRecord old = newCertificate(acct, serial, true);
    CertificateRecord next = newCertificate(acct, serial, false);
    store.record(old);
    store.record(next);
    Instant at = ContractSupport.now().plusSeconds(1);
    assertInstanceOf(ActivationResult.Activated.class,
        store.activate(old.issuer(), serial, null, at));
    Instant later = at.plusSeconds(1);
    ActivationResult a = store.activate(next.issuer(), serial, serial, later);
    ActivationResult.Activated done = assertInstanceOf(ActivationResult.Activated.class, a);
    assertEquals(next.issuer(), done.activated().issuer());
    CertificateRecord superseded = done.superseded();
    assertEquals(old.issuer(), superseded == null ? null : superseded.issuer());
    CertificateRecord oldNow = store.findBySerial(old.issuer(), serial).orElseThrow();
    assertEquals(CertificateStatus.SUPERSEDED, oldNow.status());
    assertEquals(serial, oldNow.supersededBy());
    assertEquals(CertificateStatus.ACTIVE,
        store.findBySerial(next.issuer(), serial).orElseThrow().status());
    assertEquals(next.sha256Fingerprint(), store.findActive(acct).orElseThrow().sha256Fingerprint());
  }

  @Test
  default void unknownKeysAreEmptyNotErrors() {
    CertificateStore store = newStore();
    assertEquals(Optional.empty(), store.findBySerial(BigInteger.valueOf(42)));
    assertEquals(Optional.empty(), store.findByFingerprint("0".repeat(64)));
    assertEquals(Optional.empty(), store.findByFingerprint("not-a-fingerprint"));
    assertEquals(Optional.empty(), store.findActive(new AccountKey("nobody", "fx-forward")));
    assertEquals(List.of(), store.findByAccount(new AccountKey("nobody", "fx-forward")));
    assertEquals(0, store.count());
    assertInstanceOf(ActivationResult.NotFound.class,
        store.activate(BigInteger.TEN, null, ContractSupport.now()));
    assertInstanceOf(RevocationResult.NotFound.class,
        store.revoke(BigInteger.TEN, RevocationReason.UNSPECIFIED, ContractSupport.now()));
  }

  @Test
  default void roundTripsEveryField() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000002", "fx-other");
    CertificateRecord issued = newCertificate(acct);
    Instant changed = ContractSupport.now().plusSeconds(5);
    CertificateRecord revoked = new CertificateRecord(issued.serial(), acct, issued.notBefore(),
        issued.notAfter(), issued.sha256Fingerprint(), issued.der(), CertificateStatus.REVOKED,
        issued.recordedAt(), changed, BigInteger.valueOf(7), RevocationReason.KEY_COMPROMISE,
        false, null);
    store.record(revoked);
    assertEquals(Optional.of(revoked), store.findBySerial(issued.serial()));
  }

  /** A cooling-off's first instant of login is a field like the others, kept by transitions. */
  @Test
  default void keepsTheFirstInstantOfLoginThroughTransitions() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000012", "fx-forward");
    Instant loginFrom = ContractSupport.now().plusSeconds(3 * 24 * 3600);
    CertificateRecord issued = newCertificate(acct).withLoginFrom(loginFrom);
    store.record(issued);
    assertEquals(Optional.of(issued), store.findBySerial(issued.serial()));
    Instant at = ContractSupport.now().plusSeconds(1);
    store.activate(issued.serial(), null, at);
    assertEquals(loginFrom, store.findActive(acct).orElseThrow().loginFrom());
    assertEquals(null, newCertificate(acct).loginFrom());
  }

  @Test
  default void duplicatesAreTypedNotOverwritten() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000003", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    store.record(c);
    CertificateRecord sameSerial = contractCa().leaf().serial(c.serial()).commonName("10000003")
        .issue().record(acct, ContractSupport.now());
    assertEquals(new RecordResult.DuplicateSerial(c), store.record(sameSerial));
    assertEquals(new RecordResult.DuplicateSerial(c), store.record(c));
    assertEquals(1, store.count());
  }

  @Test
  default void activeCannotBeRecordedDirectly() {
    CertificateStore store = newStore();
    CertificateRecord c = newCertificate(new AccountKey("10000004", "fx-forward"));
    CertificateRecord active = c.withStatus(CertificateStatus.ACTIVE, ContractSupport.now(), null,
        null);
    assertThrows(IllegalArgumentException.class, () -> store.record(active));
    assertEquals(0, store.count());
  }

  @Test
  default void fingerprintMustMatchDer() {
    CertificateStore store = newStore();
    CertificateRecord c = newCertificate(new AccountKey("10000005", "fx-forward"));
    CertificateRecord lying = new CertificateRecord(c.serial(), c.account(), c.notBefore(),
        c.notAfter(), "ab".repeat(32), c.der(), c.status(), c.recordedAt(), null, null, null,
        true, null);
    assertThrows(IllegalArgumentException.class, () -> store.record(lying));
  }

  @Test
  default void activationSupersedesThePreviousOne() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000006", "fx-forward");
    CertificateRecord first = newCertificate(acct);
    CertificateRecord second = newCertificate(acct);
    store.record(first);
    store.record(second);
    Instant t1 = ContractSupport.now().plusSeconds(1);
    Instant t2 = t1.plusSeconds(1);

    var a1 = assertInstanceOf(ActivationResult.Activated.class, store.activate(first.serial(), null, t1));
    assertEquals(CertificateStatus.ACTIVE, a1.activated().status());
    assertEquals(t1, a1.activated().statusChangedAt());
    assertNull(a1.superseded());

    var a2 = assertInstanceOf(ActivationResult.Activated.class,
        store.activate(second.serial(), first.serial(), t2));
    CertificateRecord superseded = java.util.Objects.requireNonNull(a2.superseded(), "superseded");
    assertEquals(first.serial(), superseded.serial());
    assertEquals(CertificateStatus.SUPERSEDED, superseded.status());
    assertEquals(second.serial(), superseded.supersededBy());
    assertEquals(t2, superseded.statusChangedAt());
    assertEquals(Optional.of(a2.activated()), store.findActive(acct));
    assertEquals(Optional.of(superseded), store.findBySerial(first.serial()));
  }

  @Test
  default void staleExpectationIsAConflictAndChangesNothing() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000007", "fx-forward");
    CertificateRecord first = newCertificate(acct);
    CertificateRecord second = newCertificate(acct);
    store.record(first);
    store.record(second);
    store.activate(first.serial(), null, ContractSupport.now());
    CertificateRecord activeBefore = store.findActive(acct).orElseThrow();

    var c1 = assertInstanceOf(ActivationResult.Conflict.class,
        store.activate(second.serial(), null, ContractSupport.now()));
    assertEquals(activeBefore, c1.actualActive());
    var c2 = assertInstanceOf(ActivationResult.Conflict.class,
        store.activate(second.serial(), BigInteger.valueOf(99), ContractSupport.now()));
    assertEquals(activeBefore, c2.actualActive());
    assertEquals(Optional.of(activeBefore), store.findActive(acct));
    assertEquals(CertificateStatus.ISSUED, store.findBySerial(second.serial()).orElseThrow().status());
  }

  @Test
  default void onlyIssuedCertificatesCanBeActivated() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000008", "fx-forward");
    CertificateRecord first = newCertificate(acct);
    CertificateRecord second = newCertificate(acct);
    store.record(first);
    store.record(second);
    store.activate(first.serial(), null, ContractSupport.now());
    store.activate(second.serial(), first.serial(), ContractSupport.now());
    // first is SUPERSEDED now, second ACTIVE: neither can be activated again
    assertInstanceOf(ActivationResult.NotActivatable.class,
        store.activate(first.serial(), second.serial(), ContractSupport.now()));
    assertInstanceOf(ActivationResult.NotActivatable.class,
        store.activate(second.serial(), second.serial(), ContractSupport.now()));
    assertEquals(second.serial(), store.findActive(acct).orElseThrow().serial());
  }

  @Test
  default void accountsAreIndependent() {
    CertificateStore store = newStore();
    AccountKey forward = new AccountKey("10000009", "fx-forward");
    AccountKey other = new AccountKey("10000009", "fx-other");
    CertificateRecord a = newCertificate(forward);
    CertificateRecord b = newCertificate(other);
    store.record(a);
    store.record(b);
    assertInstanceOf(ActivationResult.Activated.class, store.activate(a.serial(), null, ContractSupport.now()));
    assertInstanceOf(ActivationResult.Activated.class, store.activate(b.serial(), null, ContractSupport.now()));
    assertEquals(a.serial(), store.findActive(forward).orElseThrow().serial());
    assertEquals(b.serial(), store.findActive(other).orElseThrow().serial());
  }

  @Test
  default void revocationIsFinalAndClearsActive() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000010", "fx-forward");
    CertificateRecord c = newCertificate(acct);
    store.record(c);
    store.activate(c.serial(), null, ContractSupport.now());
    Instant at = ContractSupport.now().plusSeconds(3);
    var r = assertInstanceOf(RevocationResult.Revoked.class,
        store.revoke(c.serial(), RevocationReason.KEY_COMPROMISE, at));
    assertEquals(CertificateStatus.REVOKED, r.revoked().status());
    assertEquals(RevocationReason.KEY_COMPROMISE, r.revoked().revocationReason());
    assertEquals(at, r.revoked().statusChangedAt());
    assertEquals(Optional.empty(), store.findActive(acct));
    assertInstanceOf(RevocationResult.AlreadyRevoked.class,
        store.revoke(c.serial(), RevocationReason.UNSPECIFIED, at));
    assertInstanceOf(ActivationResult.NotActivatable.class,
        store.activate(c.serial(), null, at));
  }

  @Test
  default void revokingASupersededCertificateKeepsItsSuccessor() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000011", "fx-forward");
    CertificateRecord first = newCertificate(acct);
    CertificateRecord second = newCertificate(acct);
    store.record(first);
    store.record(second);
    store.activate(first.serial(), null, ContractSupport.now());
    store.activate(second.serial(), first.serial(), ContractSupport.now());
    var r = assertInstanceOf(RevocationResult.Revoked.class,
        store.revoke(first.serial(), RevocationReason.SUPERSEDED, ContractSupport.now()));
    assertEquals(second.serial(), r.revoked().supersededBy());
    assertEquals(second.serial(), store.findActive(acct).orElseThrow().serial());
  }

  @Test
  default void findByAccountIsOrderedByRecording() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000012", "fx-forward");
    List<CertificateRecord> expected = new ArrayList<>();
    Instant t = ContractSupport.now();
    for (int i = 0; i < 5; i++) {
      CertificateRecord c = contractCa().leaf().commonName(acct.userId()).issue()
          .record(acct, t.plusSeconds(10 - i * 2L));
      store.record(c);
      expected.add(0, c);
    }
    assertEquals(expected, store.findByAccount(acct));
  }

  @Test
  default void forEachVisitsEveryCertificateOnceInSerialOrder() {
    CertificateStore store = newStore();
    Set<BigInteger> recorded = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      CertificateRecord c = newCertificate(new AccountKey("2000" + (1000 + i), "fx-forward"));
      store.record(c);
      recorded.add(c.serial());
    }
    List<BigInteger> seen = new ArrayList<>();
    store.forEach(r -> seen.add(r.serial()));
    assertEquals(recorded, new HashSet<>(seen));
    assertEquals(recorded.size(), seen.size());
    List<BigInteger> sorted = new ArrayList<>(seen);
    sorted.sort(null);
    assertEquals(sorted, seen);
    assertEquals(60, store.count());
  }

  @Test
  default void forEachPropagatesTheActionsException() {
    CertificateStore store = newStore();
    store.record(newCertificate(new AccountKey("10000013", "fx-forward")));
    store.record(newCertificate(new AccountKey("10000014", "fx-forward")));
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> store.forEach(r -> {
      calls.incrementAndGet();
      throw new IllegalStateException("stop");
    }));
    assertEquals("stop", thrown.getMessage());
    assertEquals(1, calls.get());
  }

  /**
   * Many threads race to activate their own certificate for the same account, each retrying with the
   * active certificate it last saw. Every one must win exactly once, and the supersede links must form
   * one chain: one ACTIVE at the end, every other SUPERSEDED by exactly one distinct successor.
   */
  @Test
  default void concurrentSupersedesFormOneChain() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000015", "fx-forward");
    int threads = 16;
    List<CertificateRecord> certs = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      CertificateRecord c = newCertificate(acct);
      store.record(c);
      certs.add(c);
    }
    AtomicInteger conflicts = new AtomicInteger();
    Concurrently.run(threads, Duration.ofSeconds(60), i -> {
      BigInteger mine = certs.get(i).serial();
      @Nullable BigInteger expected = null;
      for (int attempt = 0; attempt < 10_000; attempt++) {
        ActivationResult r = store.activate(mine, expected, ContractSupport.now());
        if (r instanceof ActivationResult.Activated) {
          return;
        }
        ActivationResult.Conflict c = assertInstanceOf(ActivationResult.Conflict.class, r);
        conflicts.incrementAndGet();
        CertificateRecord actual = c.actualActive();
        expected = actual == null ? null : actual.serial();
      }
      throw new AssertionError("thread " + i + " never won");
    });
    List<CertificateRecord> all = store.findByAccount(acct);
    assertEquals(threads, all.size());
    long active = all.stream().filter(r -> r.status() == CertificateStatus.ACTIVE).count();
    assertEquals(1, active, "exactly one active");
    Map<BigInteger, BigInteger> successorOf = new HashMap<>();
    for (CertificateRecord r : all) {
      if (r.status() == CertificateStatus.SUPERSEDED) {
        successorOf.put(r.serial(), r.supersededBy());
      }
    }
    assertEquals(threads - 1, successorOf.size());
    assertEquals(threads - 1, new HashSet<>(successorOf.values()).size(),
        "each certificate superseded exactly one other");
    System.out.println("concurrentSupersedesFormOneChain: " + threads + " activations, "
        + conflicts.get() + " conflicts retried");
  }

  /** Many threads race with the same expectation: exactly one wins. */
  @Test
  default void concurrentActivationsWithTheSameExpectationHaveOneWinner() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000016", "fx-forward");
    int threads = 16;
    List<CertificateRecord> certs = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      CertificateRecord c = newCertificate(acct);
      store.record(c);
      certs.add(c);
    }
    Set<BigInteger> winners = ConcurrentHashMap.newKeySet();
    Concurrently.run(threads, Duration.ofSeconds(60), i -> {
      ActivationResult r = store.activate(certs.get(i).serial(), null, ContractSupport.now());
      if (r instanceof ActivationResult.Activated a) {
        winners.add(a.activated().serial());
      } else {
        assertInstanceOf(ActivationResult.Conflict.class, r);
      }
    });
    assertEquals(1, winners.size());
    assertEquals(winners.iterator().next(), store.findActive(acct).orElseThrow().serial());
  }

  /** Different accounts activate in parallel without interfering. */
  @Test
  default void concurrentActivationsOnDifferentAccountsAllSucceed() {
    CertificateStore store = newStore();
    int threads = 16;
    List<CertificateRecord> certs = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      CertificateRecord c = newCertificate(new AccountKey("3000" + (1000 + i), "fx-forward"));
      store.record(c);
      certs.add(c);
    }
    Concurrently.run(threads, Duration.ofSeconds(60), i -> assertInstanceOf(
        ActivationResult.Activated.class,
        store.activate(certs.get(i).serial(), null, ContractSupport.now())));
    for (CertificateRecord c : certs) {
      assertEquals(c.serial(), store.findActive(c.account()).orElseThrow().serial());
    }
  }

  /** A store keeps instants to the microsecond (what PostgreSQL and H2 timestamps hold). */
  @Test
  default void instantsKeepMicrosecondPrecision() {
    CertificateStore store = newStore();
    AccountKey acct = new AccountKey("10000017", "fx-forward");
    Instant recorded = Instant.parse("2026-03-04T05:06:07.123456Z");
    CertificateRecord c = contractCa().leaf().commonName(acct.userId()).issue().record(acct, recorded);
    store.record(c);
    Instant changed = recorded.plus(1, ChronoUnit.MICROS);
    store.activate(c.serial(), null, changed);
    CertificateRecord back = store.findBySerial(c.serial()).orElseThrow();
    assertEquals(recorded, back.recordedAt());
    assertEquals(changed, back.statusChangedAt());
  }
}
