package io.shomei.core.reliability;

import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.env.PostgresServer;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * {@link AbstractRaceTest} on the JDBC stores over a database of the shared throwaway PostgreSQL 15
 * server (16 pooled connections, synchronous commit). Skipped without postgresql-15 (failed under
 * {@code CI=true}).
 */
class PostgresRaceTest extends AbstractRaceTest {
  private @Nullable JdbcConnectionPool pool;

  @Override
  Rig.Stores open() {
    PostgresServer server = PostgresServer.shared();
    PGConnectionPoolDataSource ds = new PGConnectionPoolDataSource();
    ds.setUrl(server.jdbcUrl(server.createDatabase()));
    ds.setUser(server.user());
    ds.setPassword(server.password());
    ds.setOptions("-c synchronous_commit=on");
    // H2's small pool works over any ConnectionPoolDataSource
    JdbcConnectionPool p = JdbcConnectionPool.create(ds);
    p.setMaxConnections(16);
    pool = p;
    return JdbcRace.stores(JdbcStorage.create(p));
  }

  @Override
  void close() {
    JdbcConnectionPool p = pool;
    if (p != null) {
      p.dispose();
    }
  }

  @Override
  String name() {
    return "PostgreSQL";
  }

  @Override
  double scale() {
    return 0.35;
  }
}
