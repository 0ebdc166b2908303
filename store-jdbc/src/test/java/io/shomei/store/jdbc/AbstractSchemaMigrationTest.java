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
    new SchemaMigrator(ds, expectedDialect() == JdbcDialect.POSTGRESQL, JdbcStorage.class,
        List.of(new SchemaMigrator.Script(1, "schema", "V1__schema.sql"))).migrate();
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
    new SchemaMigrator(ds, expectedDialect() == JdbcDialect.POSTGRESQL, JdbcStorage.class,
        List.of(new SchemaMigrator.Script(1, "schema", "V1__schema.sql"),
            new SchemaMigrator.Script(2, "crls and leases", "V2__crls_and_leases.sql"),
            new SchemaMigrator.Script(3, "operators", "V3__operators.sql"),
            new SchemaMigrator.Script(4, "certificate login from",
                "V4__certificate_login_from.sql"),
            new SchemaMigrator.Script(5, "notices", "V5__notices.sql"))).migrate();
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
    JdbcStorage storage = JdbcStorage.create(ds);
    assertEquals(new JdbcStorage.Migration(5, JdbcStorage.SCHEMA_VERSION), storage.migrate());
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
}
