package io.shomei.store.jdbc;

import io.shomei.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Applies the versioned SQL scripts ({@code V<n>__<description>.sql}, resources beside the public
 * entry point) in order and records each in {@code shomei_schema_version} with its SHA-256.
 *
 * <p>Each script runs in its own transaction together with its version row. PostgreSQL runs DDL
 * transactionally, so a failed script leaves nothing behind. H2 commits each DDL statement, so the
 * scripts only use {@code IF NOT EXISTS} forms: re-running {@code migrate()} after a failure completes
 * the script. Concurrent migrations from several JVMs are serialized on PostgreSQL by a
 * transaction-scoped advisory lock; in one JVM by a lock object.
 */
final class SchemaMigrator {
  /** The schema-version table. */
  public static final String VERSION_TABLE = "shomei_schema_version";

  /** Arbitrary constant key of the PostgreSQL advisory lock ("shomeiV1" in ASCII). */
  private static final long ADVISORY_LOCK_KEY = 0x73686f6d65695631L;

  private static final Object JVM_LOCK = new Object();

  /**
   * One migration script.
   *
   * @param version its version, from 1, without gaps
   * @param description a short description
   * @param resource the resource name, relative to {@code anchor}
   */
  public record Script(int version, String description, String resource) {}

  /**
   * What {@link #migrate} did.
   *
   * @param from the version before
   * @param to the version after
   */
  public record Outcome(int from, int to) {}

  private final DataSource dataSource;
  private final boolean postgres;
  private final Class<?> anchor;
  private final List<Script> scripts;

  /**
   * Creates a migrator.
   *
   * @param dataSource where connections come from
   * @param postgres whether the database is PostgreSQL (advisory lock)
   * @param anchor the class beside whose package the script resources are
   * @param scripts the scripts, versions 1..n in order
   */
  public SchemaMigrator(DataSource dataSource, boolean postgres, Class<?> anchor, List<Script> scripts) {
    this.dataSource = dataSource;
    this.postgres = postgres;
    this.anchor = anchor;
    this.scripts = List.copyOf(scripts);
    for (int i = 0; i < this.scripts.size(); i++) {
      if (this.scripts.get(i).version() != i + 1) {
        throw new IllegalArgumentException("script versions must be 1..n in order");
      }
    }
  }

  /**
   * The newest version the scripts reach.
   *
   * @return the latest version
   */
  public int latest() {
    return scripts.size();
  }

  /**
   * The version of the schema in the database.
   *
   * @return the highest applied version, 0 if the version table does not exist or is empty
   */
  public int currentVersion() {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      SortedMap<Integer, String> applied;
      try {
        applied = readApplied(c);
      } catch (SQLException e) {
        if (isUndefinedTable(e)) {
          if (!c.getAutoCommit()) {
            c.rollback();
          }
          return 0;
        }
        throw e;
      }
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      return applied.isEmpty() ? 0 : applied.lastKey();
    } catch (SQLException e) {
      throw SqlErrors.wrap("JDBC storage: reading the schema version", e);
    }
  }

  /**
   * Brings the schema to the latest version.
   *
   * @return the versions before and after
   * @throws StorageException if the database fails, if an applied script's checksum differs from the
   *     shipped one, or if the database has a newer schema than these scripts
   */
  public Outcome migrate() {
    synchronized (JVM_LOCK) {
      try (Connection c = dataSource.getConnection()) {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          return migrate(c);
        } catch (SQLException | RuntimeException e) {
          try {
            c.rollback();
          } catch (SQLException r) {
            e.addSuppressed(r);
          }
          throw e;
        } finally {
          if (!c.isClosed()) {
            c.setAutoCommit(autoCommit);
          }
        }
      } catch (SQLException e) {
        throw SqlErrors.wrap("JDBC storage: schema migration", e);
      }
    }
  }

  private Outcome migrate(Connection c) throws SQLException {
    lock(c);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
          + "schema_version INTEGER NOT NULL, "
          + "description VARCHAR(200) NOT NULL, "
          + "script VARCHAR(200) NOT NULL, "
          + "checksum VARCHAR(64) NOT NULL, "
          + "installed_at TIMESTAMP(6) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, "
          + "CONSTRAINT " + VERSION_TABLE + "_pk PRIMARY KEY (schema_version))");
    }
    c.commit();
    lock(c);
    SortedMap<Integer, String> applied = readApplied(c);
    int from = applied.isEmpty() ? 0 : applied.lastKey();
    if (from > latest()) {
      throw new StorageException("the database schema is at version " + from
          + ", newer than this Shomei release supports (" + latest() + "); upgrade Shomei");
    }
    for (Script script : scripts) {
      String sql = load(script);
      String checksum = sha256(sql);
      String recorded = applied.get(script.version());
      if (recorded != null) {
        if (!recorded.equals(checksum)) {
          throw new StorageException("schema script " + script.resource()
              + " was changed after it was applied (checksum differs); refusing to continue");
        }
        continue;
      }
      try (Statement s = c.createStatement()) {
        for (String statement : SqlScript.split(sql)) {
          s.execute(statement);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + VERSION_TABLE
          + " (schema_version, description, script, checksum) VALUES (?, ?, ?, ?)")) {
        ps.setInt(1, script.version());
        ps.setString(2, script.description());
        ps.setString(3, script.resource());
        ps.setString(4, checksum);
        ps.executeUpdate();
      }
      c.commit();
      lock(c);
    }
    c.commit();
    return new Outcome(from, latest());
  }

  private void lock(Connection c) throws SQLException {
    if (postgres) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        ps.setLong(1, ADVISORY_LOCK_KEY);
        ps.executeQuery().close();
      }
    }
  }

  private static SortedMap<Integer, String> readApplied(Connection c) throws SQLException {
    SortedMap<Integer, String> applied = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT schema_version, checksum FROM " + VERSION_TABLE)) {
      while (rs.next()) {
        applied.put(rs.getInt(1), Columns.string(rs, "checksum"));
      }
    }
    return applied;
  }

  private static boolean isUndefinedTable(SQLException e) {
    String state = SqlErrors.stateOf(e);
    return "42P01".equals(state) // PostgreSQL undefined_table
        || "42S02".equals(state) || "42S04".equals(state) // H2 table not found
        || e.getErrorCode() == 42102 || e.getErrorCode() == 42104;
  }

  private String load(Script script) {
    try (InputStream in = anchor.getResourceAsStream(script.resource())) {
      Objects.requireNonNull(in, () -> "missing schema resource " + script.resource());
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException("cannot read schema resource " + script.resource(), e);
    }
  }

  private static String sha256(String sql) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Lists the statements of a script. */
  static final class SqlScript {
    private SqlScript() {}

    /**
     * Splits a script at semicolons that end a line, dropping {@code --} comment lines. The
     * scripts contain no string literals with semicolons.
     *
     * @param sql the script
     * @return the statements
     */
    static List<String> split(String sql) {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : sql.split("\n", -1)) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("--")) {
          continue;
        }
        current.append(line).append('\n');
        if (t.endsWith(";")) {
          String stmt = current.toString().strip();
          out.add(stmt.substring(0, stmt.length() - 1).strip());
          current.setLength(0);
        }
      }
      if (!current.toString().isBlank()) {
        throw new IllegalArgumentException("schema script does not end with ';'");
      }
      return out;
    }
  }
}
