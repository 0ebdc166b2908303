package io.shomei.core.reliability;

import io.shomei.store.jdbc.JdbcStorage;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/** {@link AbstractRaceTest} on the JDBC stores over an embedded H2 database (16 connections). */
class H2RaceTest extends AbstractRaceTest {
  private @Nullable JdbcConnectionPool pool;

  @Override
  Rig.Stores open() {
    JdbcConnectionPool p = JdbcConnectionPool.create("jdbc:h2:mem:race-" + UUID.randomUUID()
        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
        "sa", "");
    p.setMaxConnections(16);
    pool = p;
    return JdbcRace.stores(JdbcStorage.create(p));
  }

  @Override
  void close() throws Exception {
    JdbcConnectionPool p = pool;
    if (p != null) {
      try (java.sql.Connection c = p.getConnection(); java.sql.Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      }
      p.dispose();
    }
  }

  @Override
  String name() {
    return "H2";
  }

  @Override
  double scale() {
    return 0.5;
  }
}
