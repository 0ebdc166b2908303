package io.shomei.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The supersede race on an embedded H2 file behind a pool of 10 connections. */
class H2SupersedeLoadTest extends AbstractSupersedeLoadTest {
  @TempDir Path dir;

  @Override
  TestDatabase open() {
    return H2TestDatabase.create(dir, "load", 10);
  }
}
