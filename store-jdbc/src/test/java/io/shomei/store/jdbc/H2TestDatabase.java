package io.shomei.store.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/** An embedded H2 database file in a directory, behind H2's own small connection pool. */
final class H2TestDatabase implements TestDatabase {
  /** The URL options the README recommends. */
  static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  private final JdbcConnectionPool pool;
  private final JdbcStorage storage;
  private final String url;

  private H2TestDatabase(String url, int maxConnections) {
    this.url = url;
    this.pool = JdbcConnectionPool.create(url, "sa", "");
    pool.setMaxConnections(maxConnections);
    this.storage = JdbcStorage.create(pool);
  }

  /**
   * A new, migrated database file {@code dir/name}.
   *
   * @param dir the directory
   * @param name the file name
   * @param maxConnections pool size
   * @return the database
   */
  static H2TestDatabase create(Path dir, String name, int maxConnections) {
    H2TestDatabase db = new H2TestDatabase(url(dir, name), maxConnections);
    db.storage.migrate();
    return db;
  }

  /**
   * The JDBC URL of a database file.
   *
   * @param dir the directory
   * @param name the file name
   * @return the URL
   */
  static String url(Path dir, String name) {
    return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath() + OPTIONS;
  }

  /**
   * An unpooled data source: every connection is a new physical session.
   *
   * @return the data source
   */
  DataSource unpooled() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser("sa");
    ds.setPassword("");
    return ds;
  }

  @Override
  public DataSource dataSource() {
    return pool;
  }

  @Override
  public JdbcStorage storage() {
    return storage;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
