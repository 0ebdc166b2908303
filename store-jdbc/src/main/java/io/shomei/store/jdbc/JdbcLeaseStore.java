package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.instant;
import static io.shomei.store.jdbc.Columns.setInstant;

import io.shomei.spi.LeaseStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link LeaseStore} on the {@code shomei_lease} table. {@link #acquire} is an
 * {@code UPDATE ... WHERE holder = ? OR held_until <= ?} (the row lock serializes concurrent takers,
 * and the condition is re-checked after the wait) or, for a lease never taken, an {@code INSERT}
 * whose duplicate key means another node took it first. Thread-safe.
 */
final class JdbcLeaseStore implements LeaseStore {
  private static final String WHAT = "JDBC lease store: ";

  private final Transactor tx;

  JdbcLeaseStore(Transactor tx) {
    this.tx = tx;
  }

  @Override
  public boolean acquire(String name, String holder, Instant now, Instant until) {
    LeaseStore.checkName("name", name);
    LeaseStore.checkName("holder", holder);
    if (!Columns.micros(until).isAfter(Columns.micros(now))) {
      throw new IllegalArgumentException("until must be after now at microsecond precision");
    }
    try {
      return tx.inTransactionOrDuplicate(WHAT + "acquire", c -> {
        if (take(c, name, holder, now, until) == 1) {
          return true;
        }
        if (exists(c, name)) {
          return false; // held by another holder, not expired
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO shomei_lease (name, holder, held_until) VALUES (?, ?, ?)")) {
          ps.setString(1, name);
          ps.setString(2, holder);
          setInstant(ps, 3, until);
          ps.executeUpdate();
        }
        return true;
      });
    } catch (Transactor.DuplicateKey e) {
      return false; // another node took the lease first
    }
  }

  private static int take(Connection c, String name, String holder, Instant now, Instant until)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_lease SET holder = ?, "
        + "held_until = ? WHERE name = ? AND (holder = ? OR held_until <= ?)")) {
      ps.setString(1, holder);
      setInstant(ps, 2, until);
      ps.setString(3, name);
      ps.setString(4, holder);
      setInstant(ps, 5, now);
      return ps.executeUpdate();
    }
  }

  private static boolean exists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM shomei_lease WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public void release(String name, String holder) {
    tx.inTransaction(WHAT + "release", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM shomei_lease WHERE name = ? AND holder = ?")) {
        ps.setString(1, name);
        ps.setString(2, holder);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Lease> find(String name) {
    return Optional.ofNullable(tx.read(WHAT + "find", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name, holder, held_until FROM shomei_lease WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? new Lease(rs.getString("name"), rs.getString("holder"), instant(rs, "held_until"))
              : null;
        }
      }
    }));
  }

  @Override
  public String toString() {
    return "JdbcLeaseStore";
  }
}
