package io.shomei.testing.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import io.shomei.spi.Storage;
import io.shomei.spi.StorageException;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.contract.Concurrently;
import io.shomei.testing.memory.InMemoryAuditLog;
import io.shomei.testing.memory.InMemoryCertificateStore;
import io.shomei.testing.memory.InMemoryCredentialStore;
import io.shomei.testing.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FaultsTest {
  static final TestCa CA = TestCa.root("Faults Test CA");
  static final AccountKey ACCOUNT = new AccountKey("12345678", "fx-forward");
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  final FaultPlan plan = new FaultPlan();
  final InMemoryCertificateStore memory = new InMemoryCertificateStore();
  final CertificateStore store = Faults.wrap(CertificateStore.class, memory, plan);

  CertificateRecord certificate() {
    return CA.leaf().commonName("12345678").issue().record(ACCOUNT, NOW);
  }

  @Test
  void failsExactlyTheNthCallOfTheMethodCountedFromArming() {
    store.record(certificate());
    plan.failNth("CertificateStore.record", 2, Fault.fail());
    store.record(certificate());
    CertificateRecord third = certificate();
    InjectedStorageException e =
        assertThrows(InjectedStorageException.class, () -> store.record(third));
    assertEquals("CertificateStore.record", e.callName());
    assertEquals(3, e.callIndex());
    assertFalse(e.tookEffect());
    assertTrue(memory.findBySerial(third.serial()).isEmpty(), "a failure before the call");
    store.record(certificate());
    assertEquals(4, plan.calls("CertificateStore.record"));
    assertEquals(List.of(new FaultPlan.Injection("CertificateStore.record", 3, 3,
        Fault.Kind.FAIL)), plan.injections());
    assertFalse(plan.armed());
  }

  @Test
  void aLostConnectionLetsTheWriteCommitAndThenThrows() {
    CertificateRecord c = certificate();
    plan.failNext(Call.named("CertificateStore.record"), Fault.lostConnection());
    InjectedStorageException e = assertThrows(InjectedStorageException.class, () -> store.record(c));
    assertTrue(e.tookEffect());
    assertTrue(memory.findBySerial(c.serial()).isPresent(), "the write took effect");
    assertEquals("injected lost connection after CertificateStore.record #1", e.getMessage());
  }

  @Test
  void aTimeoutBlocksThenThrowsWithoutReachingTheDelegate() {
    CertificateRecord c = certificate();
    plan.failNext(Call.named("CertificateStore.record"), Fault.timeout(Duration.ofMillis(30)));
    long start = System.nanoTime();
    assertThrows(InjectedStorageException.class, () -> store.record(c));
    assertTrue(System.nanoTime() - start >= 30_000_000L, "blocked for the wait");
    assertTrue(memory.findBySerial(c.serial()).isEmpty());

    CertificateRecord d = certificate();
    plan.failNext(Call.named("CertificateStore.record"), Fault.timeoutAfterCall(Duration.ofMillis(1)));
    InjectedStorageException e = assertThrows(InjectedStorageException.class, () -> store.record(d));
    assertTrue(e.tookEffect());
    assertTrue(memory.findBySerial(d.serial()).isPresent());
  }

  @Test
  void keyCustodyFailuresAreKeyCustodyExceptionsAndDefaultMethodsAreForwarded() {
    KeyCustody custody = Faults.wrap(KeyCustody.class, CA, plan);
    assertEquals(CA.certificate(), custody.certificate());
    assertEquals(CA.publicKey(), custody.publicKey());
    byte[] data = "tbs".getBytes(StandardCharsets.US_ASCII);
    plan.failNth("KeyCustody.sign", 1, Fault.fail());
    KeyCustodyException e = assertThrows(KeyCustodyException.class,
        () -> custody.sign("SHA256withECDSA", data));
    assertInstanceOf(InjectedKeyCustodyException.class, e);
    assertTrue(custody.sign("SHA256withECDSA", data).length > 0);
    assertEquals(Map.of("KeyCustody.certificate", 1, "KeyCustody.publicKey", 1,
        "KeyCustody.sign", 2), plan.callCounts());
  }

  @Test
  void selectsCallsByTheirArguments() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditLog audit = Faults.wrap(AuditLog.class, log, plan);
    plan.failNext(Call.named("AuditLog.append")
        .and(c -> c.argument(0, AuditRecord.class).type().equals("B")), Fault.fail());
    audit.append(record(1, "A", AuditRecord.GENESIS_HASH));
    AuditRecord b = record(2, "B", log.last().orElseThrow().hash());
    assertThrows(StorageException.class, () -> audit.append(b));
    assertInstanceOf(AuditLog.AppendResult.Appended.class, audit.append(b));
  }

  private static AuditRecord record(long seq, String type, String previous) {
    return new AuditRecord(seq, NOW, type, "system", null, null, Map.of(), previous,
        String.format("%064x", seq));
  }

  @Test
  void failsEveryMatchingCallUntilCleared() {
    plan.failEvery(Call.on(CertificateStore.class).and(Call.writes()), Fault.fail());
    for (int i = 0; i < 3; i++) {
      CertificateRecord c = certificate();
      assertThrows(StorageException.class, () -> store.record(c));
    }
    assertTrue(store.findActive(ACCOUNT).isEmpty(), "reads are not writes");
    plan.clear();
    store.record(certificate());
    assertEquals(3, plan.injections().size());
  }

  @Test
  void aBeforeActionRunsFirstAndMayCallTheProxyAgain() {
    CertificateRecord first = certificate();
    CertificateRecord second = certificate();
    store.record(first);
    store.record(second);
    plan.failNext(Call.named("CertificateStore.activate"),
        Fault.before(() -> store.activate(first.serial(), null, NOW)));
    CertificateStore.ActivationResult r = store.activate(second.serial(), null, NOW);
    assertInstanceOf(CertificateStore.ActivationResult.Conflict.class, r,
        "the action activated another certificate first");
    assertEquals(2, plan.calls("CertificateStore.activate"));
  }

  @Test
  void theDelegatesOwnExceptionsPassThroughUnchanged() {
    InMemoryCredentialStore memoryCredentials = new InMemoryCredentialStore();
    CredentialStore credentials = Faults.wrap(CredentialStore.class, memoryCredentials, plan);
    CredentialRecord r = CredentialRecord.create(ACCOUNT, null, null);
    credentials.create(r);
    assertThrows(IllegalStateException.class, () -> credentials.replace(r.withVersion(5)));
    IllegalArgumentException custom = new IllegalArgumentException("custom");
    plan.failNext(Call.any(), Fault.throwing(c -> custom));
    assertSame(custom, assertThrows(IllegalArgumentException.class,
        () -> credentials.find(ACCOUNT)));
  }

  @Test
  void recognisesAnInjectionAmongCausesAndSuppressed() {
    CertificateRecord c = certificate();
    plan.failNext(Call.any(), Fault.fail());
    StorageException injected = assertThrows(StorageException.class, () -> store.record(c));
    IllegalStateException wrapper = new IllegalStateException("outer", injected);
    assertTrue(Faults.isInjected(wrapper));
    StorageException real = new StorageException("real");
    assertFalse(Faults.isInjected(real));
    real.addSuppressed(injected);
    assertTrue(Faults.isInjected(real));
  }

  @Test
  void refusesMisspeltCallNames() {
    assertThrows(IllegalArgumentException.class,
        () -> plan.failNth("CertificateStore.activte", 1, Fault.fail()));
    assertThrows(IllegalArgumentException.class, () -> plan.calls("record"));
    assertThrows(IllegalArgumentException.class,
        () -> Faults.wrap(InMemoryCertificateStore.class, memory, plan));
    assertEquals(5 + 5 + 6 + 3 + 10 + 5, Call.spiMethodNames().size());
  }

  @Test
  void objectMethodsAreTheProxysOwnAndNotCounted() {
    CertificateStore other = Faults.wrap(CertificateStore.class, memory, plan);
    assertEquals(store, store);
    assertNotEquals(store, other);
    assertEquals(System.identityHashCode(store), store.hashCode());
    assertTrue(store.toString().startsWith("Faults.wrap(CertificateStore, "));
    assertEquals(0, plan.totalCalls());
  }

  @Test
  void countsConcurrentCallsExactlyAndFiresAOnceRuleOnce() {
    plan.failNth("CertificateStore.count", 500, Fault.fail());
    AtomicInteger failures = new AtomicInteger();
    Concurrently.run(8, Duration.ofMinutes(1), t -> {
      for (int i = 0; i < 1000; i++) {
        try {
          store.count();
        } catch (InjectedStorageException e) {
          failures.incrementAndGet();
        }
      }
    });
    assertEquals(8000, plan.calls("CertificateStore.count"));
    assertEquals(1, failures.get());
    assertEquals(500, plan.injections().get(0).index());
  }

  @Test
  void aWrappedStorageFaultsItsCommitAndItsMemberStoresThroughOnePlan() {
    InMemoryStorage memoryStorage = new InMemoryStorage();
    Storage storage = Faults.wrap(Storage.class, memoryStorage, plan);
    assertSame(storage.certificateStore(), storage.certificateStore());
    CertificateRecord before = certificate();
    plan.failNth("Storage.commitAcquisition", 1, Fault.fail());
    InjectedStorageException e = assertThrows(InjectedStorageException.class,
        () -> storage.commitAcquisition(new AcquisitionCommit(before, null, null, false, NOW)));
    assertFalse(e.tookEffect());
    assertTrue(memoryStorage.certificates().findBySerial(before.serial()).isEmpty());

    CertificateRecord after = certificate();
    plan.failNth("Storage.commitAcquisition", 1, Fault.lostConnection());
    e = assertThrows(InjectedStorageException.class,
        () -> storage.commitAcquisition(new AcquisitionCommit(after, null, null, false, NOW)));
    assertTrue(e.tookEffect());
    assertEquals(after.serial(),
        storage.certificateStore().findActive(ACCOUNT).orElseThrow().serial());

    plan.failNth("CredentialStore.update", 1, Fault.lostConnection());
    storage.credentialStore().create(CredentialRecord.create(ACCOUNT, null, null));
    assertThrows(InjectedStorageException.class, () -> storage.credentialStore().update(ACCOUNT,
        r -> r.withLoginFailures(1, null)));
    assertEquals(1, memoryStorage.credentials().find(ACCOUNT).orElseThrow().loginFailures());
    assertEquals(Map.of("CertificateStore.findActive", 1, "CredentialStore.create", 1,
        "CredentialStore.update", 1, "Storage.commitAcquisition", 2), plan.callCounts());
  }
}
