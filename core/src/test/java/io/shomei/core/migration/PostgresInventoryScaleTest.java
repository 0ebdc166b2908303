package io.shomei.core.migration;

import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.env.PostgresServer;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The 10,000-certificate import on PostgreSQL 15 (a fresh database on the JVM's shared throwaway
 * server; skipped without the postgresql-15 binaries, failed under {@code CI=true}).
 */
class PostgresInventoryScaleTest extends AbstractInventoryScaleTest {
  private @org.jspecify.annotations.Nullable JdbcConnectionPool pool;

  @Override
  JdbcStorage storage() {
    PostgresServer server = PostgresServer.shared();
    String db = server.createDatabase();
    PGConnectionPoolDataSource physical = new PGConnectionPoolDataSource();
    physical.setURL(server.jdbcUrl(db));
    physical.setUser(server.user());
    physical.setPassword(server.password());
    // H2's small pool works over any ConnectionPoolDataSource: one connection, reused
    pool = JdbcConnectionPool.create(physical);
    pool.setMaxConnections(4);
    JdbcStorage storage = JdbcStorage.create(pool);
    storage.migrate();
    return storage;
  }

  @Override
  JdbcStorage withFetchSize(int rows) {
    return JdbcStorage.builder(java.util.Objects.requireNonNull(pool)).fetchSize(rows).build();
  }

  @AfterEach
  void close() {
    if (pool != null) {
      pool.dispose();
    }
  }
}
