package io.shomei.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.StorageException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import io.shomei.testing.contract.Concurrently;
import org.junit.jupiter.api.Test;

/** Creating and upgrading the schema is one explicit, idempotent, checked call. */
abstract class AbstractSchemaMigrationTest {

  /**
   * A data source on a new, empty database (no schema).
   *
   * @return the data source
   * @throws Exception on failure
   */
  abstract DataSource emptyDatabase() throws Exception;

  abstract JdbcDialect expectedDialect();

  private static void sql(DataSource ds, String statement) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** Creates the schema of an older release: the scripts up to {@code version}. */
  private void migrateTo(DataSource ds, int version) {
    new SchemaMigrator(ds, expectedDialect() == JdbcDialect.POSTGRESQL, JdbcStorage.class,
        JdbcStorage.SCRIPTS.subList(0, version)).migrate();
  }

  private static void insertRaw(DataSource ds, String statement) throws Exception {
    try (Connection c = ds.getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement(statement)) {
      ps.setBytes(1, new byte[] {0});
      ps.executeUpdate();
    }
  }

  @Test
  void nothingIsCreatedImplicitly() throws Exception {
    DataSource ds = emptyDatabase();
    JdbcStorage storage = JdbcStorage.create(ds);
    assertEquals(expectedDialect(), storage.dialect());
    assertEquals(0, storage.schemaVersion());
    StorageException e = assertThrows(StorageException.class,
        () -> storage.certificateStore().count());
    assertTrue(String.valueOf(e.getMessage()).contains("SQLState 42"), e.getMessage());
    assertEquals(0, storage.schemaVersion());
  }

  @Test
  void migrateCreatesOnceThenDoesNothing() throws Exception {
    JdbcStorage storage = JdbcStorage.create(emptyDatabase());
    JdbcStorage.Migration first = storage.migrate();
    assertEquals(new JdbcStorage.Migration(0, JdbcStorage.SCHEMA_VERSION), first);
    assertTrue(first.changed());
    assertEquals(JdbcStorage.SCHEMA_VERSION, storage.schemaVersion());
    JdbcStorage.Migration again = storage.migrate();
    assertEquals(new JdbcStorage.Migration(JdbcStorage.SCHEMA_VERSION, JdbcStorage.SCHEMA_VERSION),
        again);
    assertFalse(again.changed());
    assertEquals(0, storage.certificateStore().count());
  }

  @Test
  void concurrentMigrationsAllSucceed() throws Exception {
    DataSource ds = emptyDatabase();
    List<JdbcStorage.Migration> outcomes = new CopyOnWriteArrayList<>();
    Concurrently.run(4, Duration.ofSeconds(60),
        i -> outcomes.add(JdbcStorage.create(ds).migrate()));
    assertEquals(1, outcomes.stream().filter(JdbcStorage.Migration::changed).count());
    assertEquals(JdbcStorage.SCHEMA_VERSION, JdbcStorage.create(ds).schemaVersion());
  }

  @Test
  void aChangedScriptIsRefused() throws Exception {
    DataSource ds = emptyDatabase();
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    sql(ds, "UPDATE shomei_schema_version SET checksum = '" + "0".repeat(64) + "'");
    StorageException e = assertThrows(StorageException.class, storage::migrate);
    assertTrue(String.valueOf(e.getMessage()).contains("changed after it was applied"), e.getMessage());
  }

  @Test
  void aNewerSchemaIsRefused() throws Exception {
    DataSource ds = emptyDatabase();
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    sql(ds, "INSERT INTO shomei_schema_version (schema_version, description, script, checksum) "
        + "VALUES (99, 'future', 'V99__future.sql', '" + "a".repeat(64) + "')");
    assertEquals(99, storage.schemaVersion());
    StorageException e = assertThrows(StorageException.class, storage::migrate);
    assertTrue(String.valueOf(e.getMessage()).contains("newer than this Shomei release"), e.getMessage());
  }

  @Test
  void theDatabaseRefusesASecondActiveCertificateEvenBehindTheStoresBack() throws Exception {
    DataSource ds = emptyDatabase();
    JdbcStorage.create(ds).migrate();
    String insert = "INSERT INTO shomei_certificate (serial, user_id, service, not_before, "
        + "not_after, sha256_fingerprint, der, status, active_marker, recorded_at, "
        + "status_changed_at, conforming) VALUES (%d, 'u', 's', CURRENT_TIMESTAMP, "
        + "CURRENT_TIMESTAMP, '%s', ?, 'ACTIVE', 'Y', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, TRUE)";
    insertRaw(ds, String.format(insert, 1, "1".repeat(64)));
    java.sql.SQLException e = assertThrows(java.sql.SQLException.class,
        () -> insertRaw(ds, String.format(insert, 2, "2".repeat(64))));
    assertEquals("23505", e.getSQLState());
  }

  @Test
  void aVersionOneDatabaseIsUpgradedKeepingItsRows() throws Exception {
    DataSource ds = emptyDatabase();
    migrateTo(ds, 1);
    insertRaw(ds, "INSERT INTO shomei_certificate (serial, user_id, service, not_before, not_after, "
        + "sha256_fingerprint, der, status, recorded_at, conforming) VALUES (7, 'u', 's', "
        + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '" + "7".repeat(64) + "', ?, 'ISSUED', "
        + "CURRENT_TIMESTAMP, TRUE)");
    JdbcStorage storage = JdbcStorage.create(ds);
    assertEquals(1, storage.schemaVersion());
    assertEquals(new JdbcStorage.Migration(1, JdbcStorage.SCHEMA_VERSION), storage.migrate());
    assertEquals(1, storage.certificateStore().count());
    assertEquals(java.util.Optional.empty(), storage.crlStore().latest("a1b2"));
  }

  /**
   * Version 6 keys a serial by its issuer: the rows of a version 5 database get their issuer from
   * their DER, keep being found, and another issuer's certificate with the same serial is recorded
   * beside them (version 5 refused it: the serial was the primary key).
   */
  @Test
  void aVersionFiveDatabaseGetsEachRowsIssuerFromItsDer() throws Exception {
    DataSource ds = emptyDatabase();
    migrateTo(ds, 5);
    java.math.BigInteger serial = java.math.BigInteger.valueOf(0x5e7a1);
    io.shomei.spi.AccountKey acct = new io.shomei.spi.AccountKey("12345678", "fx-forward");
    io.shomei.spi.CertificateRecord old = io.shomei.testing.ca.TestCa.root("Old Issuing CA")
        .leaf().commonName("12345678").serial(serial).issue()
        .record(acct, java.time.Instant.parse("2026-01-01T00:00:00Z"));
    try (Connection c = ds.getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_certificate "
            + "(serial, user_id, service, not_before, not_after, sha256_fingerprint, der, status, "
            + "recorded_at, conforming) VALUES (?, 'u', 's', ?, ?, ?, ?, 'ISSUED', ?, TRUE)")) {
      ps.setBigDecimal(1, new java.math.BigDecimal(serial));
      ps.setObject(2, java.time.OffsetDateTime.ofInstant(old.notBefore(), java.time.ZoneOffset.UTC));
      ps.setObject(3, java.time.OffsetDateTime.ofInstant(old.notAfter(), java.time.ZoneOffset.UTC));
      ps.setString(4, old.sha256Fingerprint());
      ps.setBytes(5, old.der());
      ps.setObject(6, java.time.OffsetDateTime.ofInstant(old.recordedAt(),
          java.time.ZoneOffset.UTC));
      ps.executeUpdate();
    }
    insertTicketRaw(ds, "ticket-of-a-version-5-db", "u", "s", serial);
    JdbcStorage storage = JdbcStorage.create(ds);
    assertEquals(new JdbcStorage.Migration(5, JdbcStorage.SCHEMA_VERSION), storage.migrate());
    assertEquals(old.issuer().sha256(), ticketIssuerColumn(ds, "ticket-of-a-version-5-db"),
        "the ticket's issuer is filled after its certificate's");
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT issuer_name FROM shomei_certificate")) {
      assertTrue(rs.next());
      assertEquals(old.issuer().sha256(), rs.getString(1));
    }
    assertEquals(old.issuer(), storage.certificateStore()
        .findBySerial(old.issuer(), serial).orElseThrow().issuer());
    io.shomei.spi.CertificateRecord next = io.shomei.testing.ca.TestCa.root("New Issuing CA")
        .leaf().commonName("12345679").serial(serial).issue()
        .record(new io.shomei.spi.AccountKey("12345679", "fx-forward"),
            java.time.Instant.parse("2026-01-01T00:00:00Z"));
    assertTrue(storage.certificateStore().record(next)
        instanceof io.shomei.spi.CertificateStore.RecordResult.Recorded);
    assertEquals(2, storage.certificateStore().findAllBySerial(serial).size());
    io.shomei.spi.CertificateRecord again = io.shomei.testing.ca.TestCa.root("Old Issuing CA")
        .leaf().commonName("12345670").serial(serial).issue()
        .record(new io.shomei.spi.AccountKey("12345670", "fx-forward"),
            java.time.Instant.parse("2026-01-01T00:00:00Z"));
    assertTrue(storage.certificateStore().record(again)
        instanceof io.shomei.spi.CertificateStore.RecordResult.DuplicateSerial,
        "the same issuer's serial twice is still refused by the database");
  }

  /**
   * Version 8 names a ticket's certificate by issuer and serial. A version 7 database where two
   * issuers used one serial, for two accounts, each with a ticket: every ticket gets its own
   * account's certificate's issuer, and deleting one certificate's tickets leaves the other's. A
   * ticket row an older release writes after the upgrade (no issuer) is read with its
   * certificate's issuer; one whose certificate is not recorded matches neither issuer.
   */
  @Test
  void aVersionSevenDatabasesTicketsGetTheirCertificatesIssuer() throws Exception {
    DataSource ds = emptyDatabase();
    migrateTo(ds, 7);
    java.math.BigInteger serial = java.math.BigInteger.valueOf(0x71c4e7);
    java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
    io.shomei.spi.AccountKey oldAccount = new io.shomei.spi.AccountKey("12345678", "fx-forward");
    io.shomei.spi.AccountKey newAccount = new io.shomei.spi.AccountKey("12345679", "fx-forward");
    io.shomei.spi.CertificateRecord old = io.shomei.testing.ca.TestCa.root("Old Issuing CA")
        .leaf().commonName(oldAccount.userId()).serial(serial).issue().record(oldAccount, at);
    io.shomei.spi.CertificateRecord next = io.shomei.testing.ca.TestCa.root("New Issuing CA")
        .leaf().commonName(newAccount.userId()).serial(serial).issue().record(newAccount, at);
    JdbcStorage storage = JdbcStorage.create(ds);
    // the certificates' statements are those of version 7 too
    storage.certificateStore().record(old);
    storage.certificateStore().record(next);
    insertTicketRaw(ds, "ticket-of-the-old-issuers", oldAccount.userId(), oldAccount.service(),
        serial);
    insertTicketRaw(ds, "ticket-of-the-new-issuers", newAccount.userId(), newAccount.service(),
        serial);
    insertTicketRaw(ds, "ticket-of-no-certificate", "12345670", "fx-forward", serial);

    assertEquals(new JdbcStorage.Migration(7, JdbcStorage.SCHEMA_VERSION), storage.migrate());
    assertEquals(old.issuer().sha256(), ticketIssuerColumn(ds, "ticket-of-the-old-issuers"));
    assertEquals(next.issuer().sha256(), ticketIssuerColumn(ds, "ticket-of-the-new-issuers"));
    io.shomei.spi.DownloadTicketStore tickets = storage.downloadTicketStore();
    assertTrue(tickets.find("ticket-of-the-old-issuers").orElseThrow().isFor(old));
    assertTrue(tickets.find("ticket-of-the-new-issuers").orElseThrow().isFor(next));
    io.shomei.spi.DownloadTicket orphan = tickets.find("ticket-of-no-certificate").orElseThrow();
    assertFalse(orphan.isFor(old) || orphan.isFor(next));

    insertTicketRaw(ds, "ticket-an-old-release-wrote", newAccount.userId(),
        newAccount.service(), serial);
    assertTrue(tickets.find("ticket-an-old-release-wrote").orElseThrow().isFor(next));
    assertEquals(2, tickets.deleteForCertificate(next.issuer(), serial));
    assertTrue(tickets.find("ticket-of-the-old-issuers").isPresent());
    assertTrue(tickets.find("ticket-of-no-certificate").isPresent());
    assertEquals(1, tickets.deleteForCertificate(old.issuer(), serial));
    assertTrue(tickets.find("ticket-of-no-certificate").isPresent());
  }

  /** Inserts a ticket row as a release before version 8 did: without an issuer. */
  private static void insertTicketRaw(DataSource ds, String id, String userId, String service,
      java.math.BigInteger serial) throws Exception {
    java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    try (Connection c = ds.getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_download_ticket "
            + "(id, user_id, service, serial, pkcs12, created_at, expires_at, downloads_left) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, 3)")) {
      ps.setString(1, id);
      ps.setString(2, userId);
      ps.setString(3, service);
      ps.setBigDecimal(4, new java.math.BigDecimal(serial));
      ps.setBytes(5, new byte[] {0x30, 0x11});
      ps.setObject(6, now);
      ps.setObject(7, now.plusHours(1));
      ps.executeUpdate();
    }
  }

  private static @org.jspecify.annotations.Nullable String ticketIssuerColumn(DataSource ds,
      String id) throws Exception {
    try (Connection c = ds.getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement(
            "SELECT issuer_name FROM shomei_download_ticket WHERE id = ?")) {
      ps.setString(1, id);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }
}
