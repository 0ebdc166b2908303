package io.shomei.core.migration;

import io.shomei.core.store.jdbc.JdbcStorage;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The 10,000-certificate import on an embedded H2 file database. */
class H2InventoryScaleTest extends AbstractInventoryScaleTest {
  @TempDir Path dir;
  private @org.jspecify.annotations.Nullable JdbcConnectionPool pool;

  @Override
  JdbcStorage storage() {
    pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("inventory").toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    JdbcStorage storage = JdbcStorage.create(pool);
    storage.migrate();
    return storage;
  }

  @AfterEach
  void close() {
    if (pool != null) {
      pool.dispose();
    }
  }
}
