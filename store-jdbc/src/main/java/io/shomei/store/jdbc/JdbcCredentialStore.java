package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.instant;
import static io.shomei.store.jdbc.Columns.instantOrNull;
import static io.shomei.store.jdbc.Columns.microsOrNull;
import static io.shomei.store.jdbc.Columns.setInstant;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.LoginPassword;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * {@link CredentialStore} on the {@code shomei_credential} table; {@link #replace} is an optimistic
 * {@code UPDATE ... WHERE row_version = ?}, {@link #update} one transaction that locks the row
 * ({@code SELECT ... FOR UPDATE}), applies the change and writes it. Thread-safe.
 */
final class JdbcCredentialStore implements CredentialStore {
  private static final String WHAT = "JDBC credential store: ";
  private static final String DATA_COLUMNS = "login_hash, login_temporary, login_set_at, "
      + "login_expires_at, password_history, login_failures, login_locked_at, acquisition_hash, "
      + "acquisition_issued_at, acquisition_consumed_at, acquisition_failures, "
      + "acquisition_locked_at, last_login_at";
  private static final String SELECT = "SELECT user_id, service, " + DATA_COLUMNS
      + ", row_version FROM shomei_credential ";

  private final Transactor tx;

  JdbcCredentialStore(Transactor tx) {
    this.tx = tx;
  }

  @Override
  public CreateResult create(CredentialRecord initial) {
    if (initial.version() != 0) {
      throw new IllegalArgumentException("a new credential record has version 0");
    }
    CredentialRecord stored = normalized(initial);
    try {
      tx.inTransactionOrDuplicate(WHAT + "create", c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_credential (user_id, "
            + "service, " + DATA_COLUMNS + ", row_version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
          ps.setString(1, stored.account().userId());
          ps.setString(2, stored.account().service());
          bindData(ps, 3, stored);
          return ps.executeUpdate();
        }
      });
      return new CreateResult.Created(stored);
    } catch (Transactor.DuplicateKey e) {
      // records are never deleted through the SPI, so the one that refused ours is there
      CredentialRecord existing = tx.find(WHAT + "create (duplicate)",
          c -> findIn(c, stored.account(), false));
      if (existing == null) {
        throw new io.shomei.spi.StorageException(
            WHAT + "create: duplicate key reported but the record is gone");
      }
      return new CreateResult.AlreadyExists(existing);
    }
  }

  @Override
  public Optional<CredentialRecord> find(AccountKey account) {
    Objects.requireNonNull(account, "account");
    return Optional.ofNullable(tx.read(WHAT + "find", c -> findIn(c, account, false)));
  }

  @Override
  public List<AccountKey> accountsOf(String userId) {
    Objects.requireNonNull(userId, "userId");
    List<AccountKey> out = tx.readValue(WHAT + "accountsOf", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT user_id, service FROM shomei_credential WHERE user_id = ? ORDER BY service")) {
        ps.setString(1, userId);
        List<AccountKey> list = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            list.add(new AccountKey(Columns.string(rs, "user_id"), Columns.string(rs, "service")));
          }
        }
        return list;
      }
    });
    // Java string order, whatever the database collation
    out.sort(Comparator.comparing(AccountKey::service));
    return List.copyOf(out);
  }

  @Override
  public ReplaceResult replace(CredentialRecord next) {
    CredentialRecord wanted = normalized(next);
    return tx.inTransaction(WHAT + "replace", c -> {
      if (write(c, wanted)) {
        return new ReplaceResult.Replaced(wanted.withVersion(wanted.version() + 1));
      }
      CredentialRecord current = findIn(c, wanted.account(), false);
      if (current == null) {
        return new ReplaceResult.NotFound(wanted.account());
      }
      return new ReplaceResult.Conflict(current);
    });
  }

  /**
   * One transaction: the row is read under a lock, so the change sees the current record and no
   * other writer can come between; the change runs again only if the database asks to re-run the
   * transaction (serialization failure, deadlock).
   */
  @Override
  public UpdateResult update(AccountKey account, UnaryOperator<CredentialRecord> change) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(change, "change");
    return tx.inTransaction(WHAT + "update", c -> updateIn(c, account, change));
  }

  /** {@link #update} in the caller's transaction, under the record's row lock. */
  // the same instance is the documented "no change" signal
  @SuppressWarnings("ReferenceEquality")
  static UpdateResult updateIn(Connection c, AccountKey account,
      UnaryOperator<CredentialRecord> change) throws SQLException {
    CredentialRecord current = findIn(c, account, true);
    if (current == null) {
      return new UpdateResult.NotFound(account);
    }
    CredentialRecord next = CredentialStore.nextState(current, change);
    if (next == current) {
      return new UpdateResult.Unchanged(current);
    }
    CredentialRecord wanted = normalized(next.withVersion(current.version()));
    if (!write(c, wanted)) {
      throw new SQLException("credential record changed under a row lock", "40001");
    }
    return new UpdateResult.Updated(current, wanted.withVersion(current.version() + 1));
  }

  /** The optimistic update; {@code false} if the stored version is not {@code wanted}'s. */
  private static boolean write(Connection c, CredentialRecord wanted) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_credential SET "
        + "login_hash = ?, login_temporary = ?, login_set_at = ?, login_expires_at = ?, "
        + "password_history = ?, login_failures = ?, login_locked_at = ?, acquisition_hash = ?, "
        + "acquisition_issued_at = ?, acquisition_consumed_at = ?, acquisition_failures = ?, "
        + "acquisition_locked_at = ?, last_login_at = ?, row_version = row_version + 1 "
        + "WHERE user_id = ? AND service = ? AND row_version = ?")) {
      bindData(ps, 1, wanted);
      ps.setString(14, wanted.account().userId());
      ps.setString(15, wanted.account().service());
      ps.setLong(16, wanted.version());
      return ps.executeUpdate() == 1;
    }
  }

  /** The record as stored: instants truncated to the microsecond. */
  private static CredentialRecord normalized(CredentialRecord r) {
    LoginPassword lp = r.loginPassword();
    if (lp != null) {
      lp = new LoginPassword(lp.hash(), lp.temporary(), Columns.micros(lp.setAt()),
          microsOrNull(lp.expiresAt()));
    }
    AcquisitionPassword ap = r.acquisitionPassword();
    if (ap != null) {
      ap = new AcquisitionPassword(ap.hash(), Columns.micros(ap.issuedAt()),
          microsOrNull(ap.consumedAt()));
    }
    return new CredentialRecord(r.account(), lp, r.passwordHistory(), r.loginFailures(),
        microsOrNull(r.loginLockedAt()), ap, r.acquisitionFailures(),
        microsOrNull(r.acquisitionLockedAt()), microsOrNull(r.lastLoginAt()), r.version());
  }

  /** Binds the 13 data columns from {@code first} on. */
  private static void bindData(PreparedStatement ps, int first, CredentialRecord r)
      throws SQLException {
    int i = first;
    LoginPassword lp = r.loginPassword();
    ps.setString(i++, lp == null ? null : lp.hash());
    if (lp == null) {
      ps.setNull(i++, Types.BOOLEAN);
    } else {
      ps.setBoolean(i++, lp.temporary());
    }
    setInstant(ps, i++, lp == null ? null : lp.setAt());
    setInstant(ps, i++, lp == null ? null : lp.expiresAt());
    ps.setString(i++, String.join(" ", r.passwordHistory()));
    ps.setInt(i++, r.loginFailures());
    setInstant(ps, i++, r.loginLockedAt());
    AcquisitionPassword ap = r.acquisitionPassword();
    ps.setString(i++, ap == null ? null : ap.hash());
    setInstant(ps, i++, ap == null ? null : ap.issuedAt());
    setInstant(ps, i++, ap == null ? null : ap.consumedAt());
    ps.setInt(i++, r.acquisitionFailures());
    setInstant(ps, i++, r.acquisitionLockedAt());
    setInstant(ps, i, r.lastLoginAt());
  }

  private static @Nullable CredentialRecord findIn(Connection c, AccountKey account, boolean lock)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE user_id = ? AND service = ?"
        + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, account.userId());
      ps.setString(2, account.service());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private static CredentialRecord read(ResultSet rs) throws SQLException {
    String loginHash = rs.getString("login_hash");
    LoginPassword lp = null;
    if (loginHash != null) {
      Boolean temporary = Columns.booleanOrNull(rs, "login_temporary");
      lp = new LoginPassword(loginHash, Boolean.TRUE.equals(temporary),
          instant(rs, "login_set_at"), instantOrNull(rs, "login_expires_at"));
    }
    String acquisitionHash = rs.getString("acquisition_hash");
    AcquisitionPassword ap = null;
    if (acquisitionHash != null) {
      ap = new AcquisitionPassword(acquisitionHash, instant(rs, "acquisition_issued_at"),
          instantOrNull(rs, "acquisition_consumed_at"));
    }
    String history = Columns.string(rs, "password_history");
    List<String> hashes = history.isEmpty() ? List.of() : Arrays.asList(history.split(" ", -1));
    return new CredentialRecord(
        new AccountKey(Columns.string(rs, "user_id"), Columns.string(rs, "service")),
        lp,
        hashes,
        rs.getInt("login_failures"),
        instantOrNull(rs, "login_locked_at"),
        ap,
        rs.getInt("acquisition_failures"),
        instantOrNull(rs, "acquisition_locked_at"),
        instantOrNull(rs, "last_login_at"),
        rs.getLong("row_version"));
  }
}
