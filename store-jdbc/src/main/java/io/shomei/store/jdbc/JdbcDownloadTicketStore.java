package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.instant;
import static io.shomei.store.jdbc.Columns.micros;
import static io.shomei.store.jdbc.Columns.serial;
import static io.shomei.store.jdbc.Columns.setInstant;
import static io.shomei.store.jdbc.Columns.setSerial;

import io.shomei.spi.AccountKey;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.IssuerName;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link DownloadTicketStore} on the {@code shomei_download_ticket} table. {@link #take} locks the
 * row ({@code SELECT ... FOR UPDATE}), so concurrent takes are serialized per ticket. A stored ticket
 * with no downloads left is treated as absent (and deleted on the next take). Thread-safe.
 */
final class JdbcDownloadTicketStore implements DownloadTicketStore {
  private static final String WHAT = "JDBC download-ticket store: ";
  private static final String SELECT = "SELECT id, user_id, service, "
      + TicketIssuerBackfill.issuerOf("t") + " AS issuer_name, serial, pkcs12, created_at, "
      + "expires_at, downloads_left FROM shomei_download_ticket t ";

  /**
   * The key of the empty name: the issuer of a ticket row that names none and whose certificate is
   * not recorded. It matches no CA's name, so such a ticket is never found for a certificate.
   */
  private static final IssuerName NO_CERTIFICATE = IssuerName.ofEncoded(new byte[] {0x30, 0x00});

  private final Transactor tx;

  JdbcDownloadTicketStore(Transactor tx) {
    this.tx = tx;
  }

  @Override
  public boolean put(DownloadTicket ticket) {
    checkStorable(ticket);
    try {
      tx.inTransactionOrDuplicate(WHAT + "put", c -> insert(c, ticket));
      return true;
    } catch (Transactor.DuplicateKey e) {
      return false;
    }
  }

  /** The checks of {@link #put} that need no database; throws what {@code put} throws. */
  static void checkStorable(DownloadTicket ticket) {
    if (!micros(ticket.expiresAt()).isAfter(micros(ticket.createdAt()))) {
      throw new IllegalArgumentException("expiresAt must be after createdAt at microsecond precision");
    }
  }

  /** Inserts a ticket (a duplicate id fails with SQLState 23505). */
  static int insert(Connection c, DownloadTicket ticket) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_download_ticket (id, "
        + "user_id, service, serial, pkcs12, created_at, expires_at, downloads_left, issuer_name) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, ticket.id());
      ps.setString(2, ticket.account().userId());
      ps.setString(3, ticket.account().service());
      setSerial(ps, 4, ticket.serial());
      ps.setBytes(5, ticket.pkcs12());
      setInstant(ps, 6, micros(ticket.createdAt()));
      setInstant(ps, 7, micros(ticket.expiresAt()));
      ps.setInt(8, ticket.downloadsLeft());
      ps.setString(9, ticket.issuer().sha256());
      return ps.executeUpdate();
    }
  }

  /** Whether a ticket with this id is stored (used up or not). */
  static boolean exists(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM shomei_download_ticket WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Deletes the tickets of a certificate (of this issuer; a row naming none, of its certificate). */
  static int deleteFor(Connection c, IssuerName issuer, BigInteger serial) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM shomei_download_ticket t WHERE t.serial = ? AND "
            + TicketIssuerBackfill.issuerOf("t") + " = ?")) {
      setSerial(ps, 1, serial);
      ps.setString(2, issuer.sha256());
      return ps.executeUpdate();
    }
  }

  @Override
  public Optional<DownloadTicket> find(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(tx.read(WHAT + "find", c -> findIn(c, id, false)));
  }

  @Override
  public List<DownloadTicket> findByAccount(AccountKey account) {
    Objects.requireNonNull(account, "account");
    List<DownloadTicket> out = tx.readValue(WHAT + "findByAccount", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT
          + "WHERE user_id = ? AND service = ? AND downloads_left > 0 ORDER BY created_at DESC")) {
        ps.setString(1, account.userId());
        ps.setString(2, account.service());
        List<DownloadTicket> list = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            list.add(read(rs));
          }
        }
        return list;
      }
    });
    out.sort(Comparator.comparing(DownloadTicket::createdAt).reversed()
        .thenComparing(DownloadTicket::id));
    return List.copyOf(out);
  }

  @Override
  public TakeResult take(String id, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    return tx.inTransaction(WHAT + "take", c -> takeIn(c, id, now));
  }

  /** {@link #take} in the caller's transaction. */
  static TakeResult takeIn(Connection c, String id, Instant now) throws SQLException {
    DownloadTicket t = findIn(c, id, true);
    if (t == null) {
      return new TakeResult.NotFound();
    }
    if (!now.isBefore(t.expiresAt())) {
      delete(c, id);
      return new TakeResult.Expired(t.expiresAt());
    }
    if (t.downloadsLeft() <= 0) {
      delete(c, id);
      return new TakeResult.NotFound();
    }
    DownloadTicket after = t.withDownloadsLeft(t.downloadsLeft() - 1);
    if (after.downloadsLeft() == 0) {
      delete(c, id);
    } else {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE shomei_download_ticket SET downloads_left = ? WHERE id = ?")) {
        ps.setInt(1, after.downloadsLeft());
        ps.setString(2, id);
        ps.executeUpdate();
      }
    }
    return new TakeResult.Taken(after);
  }

  private static void delete(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM shomei_download_ticket WHERE id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  @Override
  public int deleteForCertificate(IssuerName issuer, BigInteger serial) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    return tx.inTransaction(WHAT + "deleteForCertificate", c -> deleteFor(c, issuer, serial));
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return tx.inTransaction(WHAT + "deleteExpired", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM shomei_download_ticket WHERE expires_at <= ?")) {
        // expires_at holds microseconds: expires_at <= now  <=>  expires_at <= micros(now)
        setInstant(ps, 1, micros(now));
        return ps.executeUpdate();
      }
    });
  }

  private static @Nullable DownloadTicket findIn(Connection c, String id, boolean lock)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE id = ?"
        + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        DownloadTicket t = read(rs);
        return lock || t.downloadsLeft() > 0 ? t : null;
      }
    }
  }

  private static DownloadTicket read(ResultSet rs) throws SQLException {
    String issuer = rs.getString("issuer_name");
    return new DownloadTicket(
        Columns.string(rs, "id"),
        new AccountKey(Columns.string(rs, "user_id"), Columns.string(rs, "service")),
        issuer == null ? NO_CERTIFICATE : new IssuerName(issuer),
        serial(rs, "serial"),
        Columns.bytes(rs, "pkcs12"),
        instant(rs, "created_at"),
        instant(rs, "expires_at"),
        rs.getInt("downloads_left"));
  }
}
