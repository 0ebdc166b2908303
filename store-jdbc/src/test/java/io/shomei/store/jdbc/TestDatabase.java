package io.shomei.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** A database for one test class: a data source, its storage, and a way to empty it. */
interface TestDatabase extends AutoCloseable {

  /** The tables, children first. */
  List<String> TABLES = List.of(
      "shomei_proposal", "shomei_operator", "shomei_audit_event", "shomei_download_ticket",
      "shomei_credential", "shomei_certificate", "shomei_crl", "shomei_lease", "shomei_notice");

  /**
   * The pooled data source the stores use.
   *
   * @return the data source
   */
  DataSource dataSource();

  /**
   * The storage on {@link #dataSource()}, migrated.
   *
   * @return the storage
   */
  JdbcStorage storage();

  /**
   * Deletes every row of every Shomei table (test-only: the SPI never deletes certificates).
   *
   * @throws SQLException on failure
   */
  default void wipe() throws SQLException {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      for (String t : TABLES) {
        s.executeUpdate("DELETE FROM " + t);
      }
    }
  }

  /** Releases the data source's connections; throws nothing, so no test has to catch. */
  @Override
  void close();
}
