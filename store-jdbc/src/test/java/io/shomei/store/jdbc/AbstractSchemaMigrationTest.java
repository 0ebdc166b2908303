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
    assertEquals(
        new JdbcStorage.Migration(JdbcStorage.SCHEMA_VERSION, JdbcStorage.SCHEMA_VERSION), again);
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
}
