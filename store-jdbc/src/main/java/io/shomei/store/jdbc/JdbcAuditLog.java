package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.instant;
import static io.shomei.store.jdbc.Columns.micros;
import static io.shomei.store.jdbc.Columns.setInstant;

import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditLog} on the {@code shomei_audit_event} table. An append compares with the committed
 * tail and inserts; the primary key on the sequence refuses the second of two concurrent appends of
 * the same sequence, which then reports a conflict. Thread-safe.
 */
final class JdbcAuditLog implements AuditLog {
  private static final String WHAT = "JDBC audit log: ";
  private static final String SELECT = "SELECT seq, occurred_at, event_type, actor, user_id, "
      + "service, details, previous_hash, record_hash FROM shomei_audit_event ";
  /** Longest user ID or service an audit row holds. */
  private static final int MAX_SUBJECT = 255;
  /** Longest encoded details an audit row holds. */
  private static final int MAX_DETAILS = 1_000_000;

  private final Transactor tx;
  private final int fetchSize;

  JdbcAuditLog(Transactor tx, int fetchSize) {
    this.tx = tx;
    this.fetchSize = fetchSize;
  }

  @Override
  public Optional<AuditRecord> last() {
    return Optional.ofNullable(tx.read(WHAT + "last", JdbcAuditLog::lastIn));
  }

  @Override
  public AppendResult append(AuditRecord record) {
    AuditRecord stored = new AuditRecord(record.sequence(), micros(record.at()), record.type(),
        record.actor(), record.userId(), record.service(), record.details(), record.previousHash(),
        record.hash());
    checkFits(stored.userId(), "userId");
    checkFits(stored.service(), "service");
    String details = DetailsCodec.encode(stored.details());
    if (details.length() > MAX_DETAILS) {
      throw new IllegalArgumentException("audit details longer than " + MAX_DETAILS + " chars");
    }
    try {
      return tx.inTransactionOrDuplicate(WHAT + "append", c -> {
        AuditRecord tail = lastIn(c);
        if (!continues(stored, tail)) {
          return new AppendResult.Conflict(Optional.ofNullable(tail));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_audit_event (seq, "
            + "occurred_at, event_type, actor, user_id, service, details, previous_hash, "
            + "record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setLong(1, stored.sequence());
          setInstant(ps, 2, stored.at());
          ps.setString(3, stored.type());
          ps.setString(4, stored.actor());
          ps.setString(5, stored.userId());
          ps.setString(6, stored.service());
          ps.setString(7, details);
          ps.setString(8, stored.previousHash());
          ps.setString(9, stored.hash());
          ps.executeUpdate();
        }
        return new AppendResult.Appended(stored);
      });
    } catch (Transactor.DuplicateKey e) {
      // a concurrent append of the same sequence committed first
      return new AppendResult.Conflict(last());
    }
  }

  private static void checkFits(@Nullable String value, String what) {
    if (value != null && value.length() > MAX_SUBJECT) {
      throw new IllegalArgumentException("audit " + what + " longer than " + MAX_SUBJECT + " chars");
    }
  }

  private static boolean continues(AuditRecord r, @Nullable AuditRecord tail) {
    long expectedSequence = tail == null ? 1 : tail.sequence() + 1;
    String expectedPrevious = tail == null ? AuditRecord.GENESIS_HASH : tail.hash();
    return r.sequence() == expectedSequence && r.previousHash().equals(expectedPrevious);
  }

  @Override
  public void forEach(long fromSequence, Consumer<? super AuditRecord> action) {
    Objects.requireNonNull(action, "action");
    tx.once(WHAT + "forEach", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE seq >= ? ORDER BY seq",
          ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(fetchSize);
        ps.setLong(1, fromSequence);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            action.accept(read(rs));
          }
        }
      }
    });
  }

  private static @Nullable AuditRecord lastIn(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        SELECT + "ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? read(rs) : null;
    }
  }

  private static AuditRecord read(ResultSet rs) throws SQLException {
    return new AuditRecord(
        rs.getLong("seq"),
        instant(rs, "occurred_at"),
        Columns.string(rs, "event_type"),
        Columns.string(rs, "actor"),
        rs.getString("user_id"),
        rs.getString("service"),
        DetailsCodec.decode(Columns.string(rs, "details")),
        Columns.string(rs, "previous_hash"),
        Columns.string(rs, "record_hash"));
  }
}
