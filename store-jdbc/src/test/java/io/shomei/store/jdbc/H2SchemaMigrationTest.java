package io.shomei.store.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2SchemaMigrationTest extends AbstractSchemaMigrationTest {
  @TempDir Path dir;
  private int n;

  @Override
  DataSource emptyDatabase() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(H2TestDatabase.url(dir, "schema" + n++) + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return ds;
  }

  @Override
  JdbcDialect expectedDialect() {
    return JdbcDialect.H2;
  }

  /** The schema does not need H2's PostgreSQL mode. */
  @Test
  void runsInH2sRegularModeToo() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("regular").toAbsolutePath());
    ds.setUser("sa");
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    org.junit.jupiter.api.Assertions.assertEquals(0, storage.certificateStore().count());
  }
}
