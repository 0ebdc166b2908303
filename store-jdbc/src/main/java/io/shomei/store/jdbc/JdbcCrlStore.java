package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.instant;
import static io.shomei.store.jdbc.Columns.serial;
import static io.shomei.store.jdbc.Columns.setInstant;
import static io.shomei.store.jdbc.Columns.setSerial;

import io.shomei.spi.CrlStore;
import io.shomei.spi.PublishedCrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CrlStore} on the {@code shomei_crl} table, one row per issuer. {@link #publish} is an
 * {@code UPDATE ... WHERE crl_number < ?} (the row lock serializes concurrent publishers, and the
 * condition is re-checked after the wait) or, for an issuer's first CRL, an {@code INSERT} whose
 * duplicate key means another node published first. Thread-safe.
 */
final class JdbcCrlStore implements CrlStore {
  private static final String WHAT = "JDBC CRL store: ";

  private final Transactor tx;

  JdbcCrlStore(Transactor tx) {
    this.tx = tx;
  }

  @Override
  public Optional<PublishedCrl> latest(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    return Optional.ofNullable(tx.read(WHAT + "latest", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT issuer, crl_number, this_update, "
          + "next_update, der FROM shomei_crl WHERE issuer = ?")) {
        ps.setString(1, issuer);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          return new PublishedCrl(rs.getString("issuer"), serial(rs, "crl_number"),
              instant(rs, "this_update"), instant(rs, "next_update"), rs.getBytes("der"));
        }
      }
    }));
  }

  @Override
  public boolean publish(PublishedCrl crl) {
    try {
      return tx.inTransactionOrDuplicate(WHAT + "publish", c -> {
        if (update(c, crl) == 1) {
          return true;
        }
        if (exists(c, crl.issuer())) {
          return false; // the stored number is the same or greater
        }
        insert(c, crl);
        return true;
      });
    } catch (Transactor.DuplicateKey e) {
      return false; // another node published this issuer's first CRL at the same time
    }
  }

  private static int update(Connection c, PublishedCrl crl) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_crl SET crl_number = ?, "
        + "this_update = ?, next_update = ?, der = ? WHERE issuer = ? AND crl_number < ?")) {
      setSerial(ps, 1, crl.number());
      setInstant(ps, 2, crl.thisUpdate());
      setInstant(ps, 3, crl.nextUpdate());
      ps.setBytes(4, crl.der());
      ps.setString(5, crl.issuer());
      setSerial(ps, 6, crl.number());
      return ps.executeUpdate();
    }
  }

  private static boolean exists(Connection c, String issuer) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM shomei_crl WHERE issuer = ?")) {
      ps.setString(1, issuer);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void insert(Connection c, PublishedCrl crl) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_crl (issuer, crl_number, "
        + "this_update, next_update, der) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, crl.issuer());
      setSerial(ps, 2, crl.number());
      setInstant(ps, 3, crl.thisUpdate());
      setInstant(ps, 4, crl.nextUpdate());
      ps.setBytes(5, crl.der());
      ps.executeUpdate();
    }
  }

  @Override
  public String toString() {
    return "JdbcCrlStore";
  }
}
