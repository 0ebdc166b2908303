package io.shomei.store.jdbc;

import io.shomei.testing.env.PostgresServer;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database on a throwaway PostgreSQL server, behind a {@link TinyPool}. */
final class PgTestDatabase implements TestDatabase {
  private final PGSimpleDataSource physical;
  private final TinyPool pool;
  private final JdbcStorage storage;

  private PgTestDatabase(PGSimpleDataSource physical, int poolSize) {
    this.physical = physical;
    this.pool = new TinyPool(physical, poolSize);
    this.storage = JdbcStorage.create(pool);
  }

  /**
   * A new migrated database on the JVM's shared server. Skips the test (fails it under CI) without
   * the PostgreSQL binaries.
   *
   * @param poolSize pool size
   * @return the database
   */
  static PgTestDatabase create(int poolSize) {
    return create(PostgresServer.shared(), poolSize);
  }

  /**
   * A new migrated database on a given server. Sessions commit synchronously (the test servers run
   * with {@code synchronous_commit=off}, which may lose acknowledged commits in a crash; the
   * crash tests need what production has).
   *
   * @param server the server
   * @param poolSize pool size
   * @return the database
   */
  static PgTestDatabase create(PostgresServer server, int poolSize) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(server.jdbcUrl(server.createDatabase()));
    ds.setUser(server.user());
    ds.setPassword(server.password());
    ds.setOptions("-c synchronous_commit=on");
    PgTestDatabase db = new PgTestDatabase(ds, poolSize);
    db.storage.migrate();
    return db;
  }

  /**
   * An unpooled data source: every connection is a new backend.
   *
   * @return the data source
   */
  DataSource unpooled() {
    return physical;
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
    pool.close();
  }
}
