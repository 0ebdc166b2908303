package io.shomei.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC stores on an embedded H2 file with a pool of 8 connections pass every contract suite. */
class H2StoresContractTest extends AbstractJdbcStoresContractTest {
  @TempDir Path dir;

  @Override
  TestDatabase open() {
    return H2TestDatabase.create(dir, "contract", 8);
  }
}
