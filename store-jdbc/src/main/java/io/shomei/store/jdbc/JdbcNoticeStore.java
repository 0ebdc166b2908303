package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.instant;
import static io.shomei.store.jdbc.Columns.instantOrNull;
import static io.shomei.store.jdbc.Columns.micros;
import static io.shomei.store.jdbc.Columns.setInstant;
import static io.shomei.store.jdbc.Columns.string;

import io.shomei.spi.AccountKey;
import io.shomei.spi.Notice;
import io.shomei.spi.NoticeStore;
import io.shomei.spi.StorableText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link NoticeStore} on the {@code shomei_notice} table. A claim first gives expired CLAIMED rows
 * back to PENDING and turns expired SENDING rows into HELD, then reads due candidates and takes
 * each with an {@code UPDATE ... WHERE notice_key = ? AND status = 'PENDING'}: the row lock
 * serializes concurrent claimers and the condition is re-checked after the wait, so each notice
 * goes to one of them. Marking SENDING and every outcome are {@code UPDATE}s guarded by status and
 * holder (and, for SENDING, by the claim's end), ordered by the same row lock. Thread-safe.
 */
final class JdbcNoticeStore implements NoticeStore {
  private static final String WHAT = "JDBC notice store: ";
  private static final String COLUMNS = "notice_key, user_id, service, kind, facts, created_at, "
      + "status, due_at, attempts, holder, claimed_until, sent_at, last_error";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM shomei_notice ";
  private static final int MAX_ERROR = 4000;

  private final Transactor tx;

  JdbcNoticeStore(Transactor tx) {
    this.tx = tx;
  }

  @Override
  public boolean enqueue(Notice notice) {
    Objects.requireNonNull(notice, "notice");
    try {
      return tx.inTransactionOrDuplicate(WHAT + "enqueue", c -> insertIfAbsent(c, notice));
    } catch (Transactor.DuplicateKey e) {
      return false; // a concurrent writer of the same key committed first
    }
  }

  /**
   * Inserts a PENDING notice unless its key is present, in the caller's transaction.
   *
   * @return whether it was inserted
   */
  static boolean insertIfAbsent(Connection c, Notice notice) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_notice (" + COLUMNS
        + ") SELECT ?, ?, ?, ?, ?, ?, 'PENDING', ?, 0, NULL, NULL, NULL, NULL WHERE NOT EXISTS "
        + "(SELECT 1 FROM shomei_notice WHERE notice_key = ?)")) {
      ps.setString(1, notice.key());
      ps.setString(2, notice.account().userId());
      ps.setString(3, notice.account().service());
      ps.setString(4, notice.kind().name());
      ps.setString(5, DetailsCodec.encode(notice.facts()));
      setInstant(ps, 6, micros(notice.createdAt()));
      setInstant(ps, 7, micros(notice.createdAt()));
      ps.setString(8, notice.key());
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public List<StoredNotice> claim(String holder, Instant now, Instant until, int max) {
    NoticeStore.checkClaim(holder, now, until, max);
    Instant at = micros(now);
    Instant end = micros(until);
    if (!end.isAfter(at)) {
      throw new IllegalArgumentException("until must be after now at microsecond precision");
    }
    tx.inTransaction(WHAT + "expire claims", c -> {
      // never handed to the channel: claimable again
      int back = expire(c, "PENDING", "CLAIMED", "claim expired before sending", at);
      // may have reached the customer: for an operator
      return back + expire(c, "HELD", "SENDING", "claim expired while sending, without an outcome",
          at);
    });
    return tx.inTransaction(WHAT + "claim", c -> {
      List<StoredNotice> claimed = new ArrayList<>();
      // candidates taken by a concurrent claimer are skipped; read again while some are left
      for (int round = 0; round < 8 && claimed.size() < max; round++) {
        List<String> candidates = due(c, at, max - claimed.size());
        if (candidates.isEmpty()) {
          break;
        }
        for (String key : candidates) {
          if (take(c, key, holder, at, end)) {
            claimed.add(Objects.requireNonNull(one(c, key)));
          }
        }
      }
      return List.copyOf(claimed);
    });
  }

  private static int expire(Connection c, String to, String from, String error, Instant at)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_notice SET status = ?, "
        + "last_error = ? WHERE status = ? AND claimed_until <= ?")) {
      ps.setString(1, to);
      ps.setString(2, error);
      ps.setString(3, from);
      setInstant(ps, 4, at);
      return ps.executeUpdate();
    }
  }

  private static List<String> due(Connection c, Instant at, int max) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT notice_key FROM shomei_notice "
        + "WHERE status = 'PENDING' AND due_at <= ? ORDER BY created_at, notice_key")) {
      setInstant(ps, 1, at);
      ps.setMaxRows(max);
      List<String> keys = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(string(rs, 1));
        }
      }
      return keys;
    }
  }

  private static boolean take(Connection c, String key, String holder, Instant at, Instant end)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_notice SET status = 'CLAIMED', "
        + "holder = ?, claimed_until = ?, attempts = attempts + 1 "
        + "WHERE notice_key = ? AND status = 'PENDING' AND due_at <= ?")) {
      ps.setString(1, holder);
      setInstant(ps, 2, end);
      ps.setString(3, key);
      setInstant(ps, 4, at);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public boolean markSending(String key, String holder, Instant at, Instant until) {
    NoticeStore.checkUntil(at, until);
    Instant start = micros(at);
    Instant end = micros(until);
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("until must be after now at microsecond precision");
    }
    // the row lock orders this against a claimer's expiry of the same row; the condition is
    // re-checked after the wait, so the notice is either SENDING or PENDING again, never both
    return update(WHAT + "markSending", "status = 'SENDING', claimed_until = ? "
        + "WHERE notice_key = ? AND holder = ? AND status = 'CLAIMED' AND claimed_until > ?",
        ps -> {
          setInstant(ps, 1, end);
          ps.setString(2, key);
          ps.setString(3, holder);
          setInstant(ps, 4, start);
        });
  }

  @Override
  public boolean markSent(String key, String holder, Instant at) {
    Objects.requireNonNull(at, "at");
    return update(WHAT + "markSent", "status = 'SENT', sent_at = ?, last_error = NULL "
        + "WHERE notice_key = ? AND holder = ? AND status IN ('SENDING', 'HELD')", ps -> {
          setInstant(ps, 1, micros(at));
          ps.setString(2, key);
          ps.setString(3, holder);
        });
  }

  @Override
  public boolean retry(String key, String holder, Instant dueAt, String reason) {
    Objects.requireNonNull(dueAt, "dueAt");
    return update(WHAT + "retry", "status = 'PENDING', due_at = ?, last_error = ? "
        + "WHERE notice_key = ? AND holder = ? AND status IN ('CLAIMED', 'SENDING')", ps -> {
          setInstant(ps, 1, micros(dueAt));
          ps.setString(2, error(reason));
          ps.setString(3, key);
          ps.setString(4, holder);
        });
  }

  @Override
  public boolean hold(String key, String holder, String reason) {
    return update(WHAT + "hold", "status = 'HELD', last_error = ? "
        + "WHERE notice_key = ? AND holder = ? AND status IN ('CLAIMED', 'SENDING')", ps -> {
          ps.setString(1, error(reason));
          ps.setString(2, key);
          ps.setString(3, holder);
        });
  }

  @Override
  public boolean requeue(String key, Instant dueAt) {
    Objects.requireNonNull(dueAt, "dueAt");
    return update(WHAT + "requeue", "status = 'PENDING', due_at = ? "
        + "WHERE notice_key = ? AND status = 'HELD'", ps -> {
          setInstant(ps, 1, micros(dueAt));
          ps.setString(2, key);
        });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private boolean update(String operation, String setAndWhere, Binder binder) {
    return tx.inTransaction(operation, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_notice SET " + setAndWhere)) {
        binder.bind(ps);
        return ps.executeUpdate() == 1;
      }
    });
  }

  private static String error(String reason) {
    String r = StorableText.replaceUnstorable(reason);
    return r.length() <= MAX_ERROR ? r : r.substring(0, MAX_ERROR);
  }

  @Override
  public Optional<StoredNotice> find(String key) {
    return Optional.ofNullable(tx.read(WHAT + "find", c -> one(c, key)));
  }

  @Override
  public List<StoredNotice> list(Status status, int max) {
    if (max < 1 || max > 10_000) {
      throw new IllegalArgumentException("max must be 1..10000");
    }
    return tx.readValue(WHAT + "list", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          SELECT + "WHERE status = ? ORDER BY created_at, notice_key")) {
        ps.setString(1, status.name());
        ps.setMaxRows(max);
        List<StoredNotice> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
        return List.copyOf(out);
      }
    });
  }

  private static @Nullable StoredNotice one(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE notice_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private static StoredNotice read(ResultSet rs) throws SQLException {
    Notice notice = new Notice(string(rs, "notice_key"),
        new AccountKey(string(rs, "user_id"), string(rs, "service")),
        Notice.Kind.valueOf(string(rs, "kind")), DetailsCodec.decode(string(rs, "facts")),
        instant(rs, "created_at"));
    return new StoredNotice(notice, Status.valueOf(string(rs, "status")), instant(rs, "due_at"),
        rs.getInt("attempts"), rs.getString("holder"), instantOrNull(rs, "claimed_until"),
        instantOrNull(rs, "sent_at"), rs.getString("last_error"));
  }

  @Override
  public String toString() {
    return "JdbcNoticeStore";
  }
}
