package io.shomei.core.reliability;

import io.shomei.store.jdbc.JdbcStorage;

/** The JDBC stores of one storage, migrated. */
final class JdbcRace {
  private JdbcRace() {}

  static Rig.Stores stores(JdbcStorage storage) {
    storage.migrate();
    return new Rig.Stores(storage);
  }
}
