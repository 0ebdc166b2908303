package io.shomei.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CertificateStore.ActivationResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.StorageException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection lost in the middle of a write transaction (after a statement ran, or just before the
 * commit) surfaces as a {@link StorageException}, and the store is left in the old state: the
 * transaction was all or nothing. Each test then shows the store still works.
 */
abstract class AbstractConnectionKilledTest {
  private static final Instant T0 = Instant.parse("2026-02-24T00:00:00.123456Z");
  private static final AccountKey ACCOUNT = new AccountKey("10000001", "fx-forward");

  private @Nullable FaultInjectingDataSource faulty;
  private @Nullable JdbcStorage storage;

  /**
   * A new migrated database; its {@code unpooled()} connections are physical.
   *
   * @return the unpooled data source of a fresh database
   * @throws Exception on failure
   */
  abstract javax.sql.DataSource freshUnpooledDatabase() throws Exception;

  /** How this database loses a connection. */
  abstract FaultInjectingDataSource.Breaker killer();

  @BeforeEach
  void open() throws Exception {
    faulty = new FaultInjectingDataSource(freshUnpooledDatabase());
    storage = JdbcStorage.create(faulty);
  }

  @AfterEach
  void closeDatabase() throws Exception {
    afterEach();
  }

  void afterEach() throws Exception {}

  private FaultInjectingDataSource faults() {
    return java.util.Objects.requireNonNull(faulty);
  }

  private JdbcStorage storage() {
    return java.util.Objects.requireNonNull(storage);
  }

  @Test
  void activationLosingItsConnectionAfterTheSupersedeKeepsTheOldActive() {
    CertificateStore store = storage().certificateStore();
    CertificateRecord first = LoadTestSupport.certificate(1, ACCOUNT, T0);
    CertificateRecord second = LoadTestSupport.certificate(2, ACCOUNT, T0);
    store.record(first);
    store.record(second);
    assertInstanceOf(ActivationResult.Activated.class, store.activate(first.serial(), null, T0));

    faults().breakAfter("UPDATE shomei_certificate SET status = 'SUPERSEDED'", killer());
    assertThrows(StorageException.class,
        () -> store.activate(second.serial(), first.serial(), T0.plusSeconds(1)));
    assertTrue(faults().fired());

    assertEquals(first.serial(), store.findActive(ACCOUNT).orElseThrow().serial());
    assertEquals(CertificateStatus.ISSUED, store.findBySerial(second.serial()).orElseThrow().status());
    assertInstanceOf(ActivationResult.Activated.class,
        store.activate(second.serial(), first.serial(), T0.plusSeconds(2)));
    assertEquals(second.serial(), store.findActive(ACCOUNT).orElseThrow().serial());
  }

  @Test
  void activationLosingItsConnectionAtCommitChangesNothing() {
    CertificateStore store = storage().certificateStore();
    CertificateRecord first = LoadTestSupport.certificate(3, ACCOUNT, T0);
    store.record(first);
    faults().breakAtCommit(killer());
    assertThrows(StorageException.class, () -> store.activate(first.serial(), null, T0));
    assertEquals(Optional.empty(), store.findActive(ACCOUNT));
    assertInstanceOf(ActivationResult.Activated.class, store.activate(first.serial(), null, T0));
  }

  @Test
  void recordLosingItsConnectionBeforeItsInsertRecordsNothing() {
    CertificateStore store = storage().certificateStore();
    CertificateRecord c = LoadTestSupport.certificate(4, ACCOUNT, T0);
    faults().breakBefore("INSERT INTO shomei_certificate", killer());
    assertThrows(StorageException.class, () -> store.record(c));
    assertEquals(0, store.count());
    assertEquals(new CertificateStore.RecordResult.Recorded(c), store.record(c));
  }

  @Test
  void recordOnAPoolWithoutAutoCommitLosingItsConnectionAtCommitRecordsNothing() {
    CertificateStore store = storage().certificateStore();
    CertificateRecord c = LoadTestSupport.certificate(4, ACCOUNT, T0);
    faults().autoCommitOff();
    faults().breakAtCommit(killer());
    assertThrows(StorageException.class, () -> store.record(c));
    assertTrue(faults().fired(), "the record was committed by a commit call");
    assertEquals(0, store.count());
    assertEquals(new CertificateStore.RecordResult.Recorded(c), store.record(c));
  }

  @Test
  void credentialReplaceLosingItsConnectionKeepsTheVersion() {
    CredentialStore store = storage().credentialStore();
    CredentialRecord v0 = CredentialRecord.create(ACCOUNT, null, null);
    store.create(v0);
    faults().breakAfter("UPDATE shomei_credential", killer());
    assertThrows(StorageException.class, () -> store.replace(v0.withLoginFailures(1, null)));
    assertEquals(Optional.of(v0), store.find(ACCOUNT));
    assertInstanceOf(CredentialStore.ReplaceResult.Replaced.class,
        store.replace(v0.withLoginFailures(1, null)));
  }

  @Test
  void ticketTakeLosingItsConnectionKeepsTheAllowance() {
    DownloadTicketStore store = storage().downloadTicketStore();
    DownloadTicket t = new DownloadTicket("ticket-0123456789abcdef", ACCOUNT,
        io.shomei.spi.IssuerName.ofEncoded(new byte[] {0x30, 0x00}), BigInteger.TEN,
        new byte[] {1, 2, 3}, T0, T0.plusSeconds(600), 2);
    assertTrue(store.put(t));
    faults().breakAfter("UPDATE shomei_download_ticket", killer());
    assertThrows(StorageException.class, () -> store.take(t.id(), T0.plusSeconds(1)));
    assertEquals(Optional.of(t), store.find(t.id()));
    assertInstanceOf(DownloadTicketStore.TakeResult.Taken.class, store.take(t.id(), T0.plusSeconds(1)));
  }

  @Test
  void auditAppendLosingItsConnectionKeepsTheTail() {
    AuditLog log = storage().auditLog();
    AuditRecord first = new AuditRecord(1, T0, "A", "system", null, null, Map.of(),
        AuditRecord.GENESIS_HASH, "1".repeat(64));
    log.append(first);
    AuditRecord second = new AuditRecord(2, T0, "B", "system", null, null, Map.of("k", "v"),
        first.hash(), "2".repeat(64));
    faults().breakAfter("INSERT INTO shomei_audit_event", killer());
    assertThrows(StorageException.class, () -> log.append(second));
    assertEquals(Optional.of(first), log.last());
    assertEquals(new AuditLog.AppendResult.Appended(second), log.append(second));
    assertFalse(log.last().isEmpty());
  }
}
