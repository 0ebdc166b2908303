package io.shomei.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/** H2: the physical connection is closed under a write transaction. */
class H2ConnectionKilledTest extends AbstractConnectionKilledTest {
  @TempDir Path dir;
  private int n;

  @Override
  DataSource freshUnpooledDatabase() {
    H2TestDatabase db = H2TestDatabase.create(dir, "faults" + n++, 2);
    db.close();
    return db.unpooled();
  }

  @Override
  FaultInjectingDataSource.Breaker killer() {
    return Connection::close;
  }
}
