package io.shomei.core.migration;

import io.shomei.store.jdbc.JdbcStorage;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;

/**
 * The 10,000-certificate import on an embedded H2 database, in memory: the same SQL as an H2 file,
 * without the page writes that make a file database several times slower to fill on a shared CI
 * machine.
 */
class H2InventoryScaleTest extends AbstractInventoryScaleTest {
  private @org.jspecify.annotations.Nullable JdbcConnectionPool pool;

  @Override
  JdbcStorage storage() {
    pool = JdbcConnectionPool.create("jdbc:h2:mem:inventory-" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
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
