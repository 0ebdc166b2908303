package io.shomei.core.store.jdbc;

import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database on the shared throwaway PostgreSQL server, behind a {@link TinyPool}. */
final class PgTestDatabase implements TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final PGSimpleDataSource physical;
  private final TinyPool pool;
  private final JdbcStorage storage;

  private PgTestDatabase(PGSimpleDataSource physical, int poolSize) {
    this.physical = physical;
    this.pool = new TinyPool(physical, poolSize);
    this.storage = JdbcStorage.create(pool);
  }

  /**
   * Skips (or under CI fails) without the PostgreSQL binaries; otherwise a new migrated database.
   *
   * @param prefix database name prefix
   * @param poolSize pool size
   * @return the database
   */
  static PgTestDatabase create(String prefix, int poolSize) {
    Components.require(Component.POSTGRESQL);
    LocalPostgres server = LocalPostgres.shared();
    String url = server.createDatabase(prefix + "_" + COUNTER.incrementAndGet());
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser(server.user());
    ds.setPassword(server.password());
    PgTestDatabase db = new PgTestDatabase(ds, poolSize);
    db.storage.migrate();
    return db;
  }

  /** The shared server. */
  static LocalPostgres server() {
    return LocalPostgres.shared();
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
