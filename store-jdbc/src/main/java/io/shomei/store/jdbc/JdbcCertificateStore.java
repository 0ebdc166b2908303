package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.instant;
import static io.shomei.store.jdbc.Columns.instantOrNull;
import static io.shomei.store.jdbc.Columns.micros;
import static io.shomei.store.jdbc.Columns.microsOrNull;
import static io.shomei.store.jdbc.Columns.serial;
import static io.shomei.store.jdbc.Columns.serialOrNull;
import static io.shomei.store.jdbc.Columns.setInstant;
import static io.shomei.store.jdbc.Columns.setSerial;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** {@link CertificateStore} on the {@code shomei_certificate} table. Thread-safe. */
final class JdbcCertificateStore implements CertificateStore {
  private static final String WHAT = "JDBC certificate store: ";
  static final String COLUMNS = "serial, user_id, service, not_before, not_after, "
      + "sha256_fingerprint, der, status, recorded_at, status_changed_at, superseded_by, "
      + "revocation_reason, conforming, profile, login_from, issuer_name";
  static final String SELECT = "SELECT " + COLUMNS + " FROM shomei_certificate ";

  private final Transactor tx;
  private final int fetchSize;

  JdbcCertificateStore(Transactor tx, int fetchSize) {
    this.tx = tx;
    this.fetchSize = fetchSize;
  }

  /** The checks of {@link #record} that need no database; throws what {@code record} throws. */
  static void checkRecordable(CertificateRecord certificate) {
    if (certificate.status() == CertificateStatus.ACTIVE) {
      throw new IllegalArgumentException("record() takes no ACTIVE certificate; use activate()");
    }
    if (!CertificateRecord.fingerprintOf(certificate.der()).equals(certificate.sha256Fingerprint())) {
      throw new IllegalArgumentException("fingerprint is not the SHA-256 of the DER");
    }
  }

  @Override
  public RecordResult record(CertificateRecord certificate) {
    checkRecordable(certificate);
    CertificateRecord stored = normalized(certificate);
    try {
      // one statement: atomic on its own, so no transaction of its own (one round trip)
      tx.writeOneOrDuplicate(WHAT + "record", c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_certificate (" + COLUMNS
            + ", active_marker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
          bind(ps, stored);
          return ps.executeUpdate();
        }
      });
      return new RecordResult.Recorded(stored);
    } catch (Transactor.DuplicateKey e) {
      // records are never deleted: the row that refused ours is committed and stays there
      return tx.inTransaction(WHAT + "record (duplicate)", c -> {
        CertificateRecord same = bySerial(c, stored.issuer(), stored.serial(), false);
        if (same != null) {
          return new RecordResult.DuplicateSerial(same);
        }
        CertificateRecord sameFp = queryOne(c, SELECT + "WHERE sha256_fingerprint = ?",
            ps -> ps.setString(1, stored.sha256Fingerprint()));
        if (sameFp != null) {
          return new RecordResult.DuplicateFingerprint(sameFp);
        }
        throw new SQLException("duplicate key reported but no duplicate found", "23505");
      });
    }
  }

  @Override
  public ActivationResult activate(IssuerName issuer, BigInteger serial,
      @Nullable BigInteger expectedActive, Instant at) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    Instant when = micros(Objects.requireNonNull(at, "at"));
    try {
      return tx.inTransactionOrDuplicate(WHAT + "activate", c -> {
        CertificateRecord target = bySerial(c, issuer, serial, true);
        if (target == null) {
          return new ActivationResult.NotFound(serial);
        }
        if (target.status() != CertificateStatus.ISSUED) {
          return new ActivationResult.NotActivatable(target);
        }
        AccountKey account = target.account();
        // Unlocked pre-check. A certificate is ACTIVE at most once in its life, so an expectation
        // that does not hold now can never hold again: answer without waiting for any lock.
        CertificateRecord current = activeOf(c, account);
        if (!Objects.equals(current == null ? null : current.serial(), expectedActive)) {
          return new ActivationResult.Conflict(current);
        }
        CertificateRecord superseded = null;
        if (current != null) {
          // the compare-and-set proper: waits for a concurrent writer of that row, then re-checks
          if (!supersede(c, current.sha256Fingerprint(), serial, when)) {
            return new ActivationResult.Conflict(activeOf(c, account));
          }
          superseded = current.withStatus(CertificateStatus.SUPERSEDED, when, serial, null);
        }
        // with no expected active, UNIQUE (user_id, service, active_marker) is the guard: a
        // concurrent activation that committed first makes this update fail with 23505
        CertificateRecord activated = target.withStatus(CertificateStatus.ACTIVE, when, null, null);
        try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_certificate SET "
            + "status = 'ACTIVE', active_marker = 'Y', status_changed_at = ? "
            + "WHERE sha256_fingerprint = ? AND status = 'ISSUED'")) {
          setInstant(ps, 1, when);
          ps.setString(2, target.sha256Fingerprint());
          if (ps.executeUpdate() != 1) {
            throw new SQLException("certificate changed under a row lock", "40001");
          }
        }
        return new ActivationResult.Activated(activated, superseded);
      });
    } catch (Transactor.DuplicateKey e) {
      // another transaction made a certificate of this account active first: the constraint held
      return tx.inTransaction(WHAT + "activate (conflict)", c -> {
        CertificateRecord target = bySerial(c, issuer, serial, false);
        if (target == null) {
          return new ActivationResult.NotFound(serial);
        }
        if (target.status() != CertificateStatus.ISSUED) {
          return new ActivationResult.NotActivatable(target);
        }
        return new ActivationResult.Conflict(activeOf(c, target.account()));
      });
    }
  }

  /**
   * Supersedes the certificate of fingerprint {@code old} if it is still active; false if it no
   * longer is. (By fingerprint: a serial alone may name active certificates of several issuers.)
   */
  private static boolean supersede(Connection c, String old, BigInteger successor, Instant at)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_certificate SET "
        + "status = 'SUPERSEDED', active_marker = NULL, superseded_by = ?, status_changed_at = ? "
        + "WHERE sha256_fingerprint = ? AND active_marker = 'Y'")) {
      setSerial(ps, 1, successor);
      setInstant(ps, 2, at);
      ps.setString(3, old);
      return ps.executeUpdate() == 1;
    }
  }

  static @Nullable CertificateRecord activeOf(Connection c, AccountKey account)
      throws SQLException {
    return queryOne(c, SELECT + "WHERE user_id = ? AND service = ? AND active_marker = 'Y'", ps -> {
      ps.setString(1, account.userId());
      ps.setString(2, account.service());
    });
  }

  @Override
  public RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason,
      Instant at) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(reason, "reason");
    Instant when = micros(Objects.requireNonNull(at, "at"));
    return tx.inTransaction(WHAT + "revoke", c -> revokeIn(c, issuer, serial, reason, when));
  }

  /** {@link #revoke} in the caller's transaction; {@code when} is already in microseconds. */
  static RevocationResult revokeIn(Connection c, IssuerName issuer, BigInteger serial,
      RevocationReason reason, Instant when) throws SQLException {
    CertificateRecord r = bySerial(c, issuer, serial, true);
    if (r == null) {
      return new RevocationResult.NotFound(serial);
    }
    if (r.status() == CertificateStatus.REVOKED) {
      return new RevocationResult.AlreadyRevoked(r);
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_certificate SET "
        + "status = 'REVOKED', active_marker = NULL, revocation_reason = ?, status_changed_at = ? "
        + "WHERE sha256_fingerprint = ? AND status <> 'REVOKED'")) {
      ps.setInt(1, reason.code());
      setInstant(ps, 2, when);
      ps.setString(3, r.sha256Fingerprint());
      if (ps.executeUpdate() != 1) {
        throw new SQLException("certificate changed under a row lock", "40001");
      }
    }
    return new RevocationResult.Revoked(
        r.withStatus(CertificateStatus.REVOKED, when, r.supersededBy(), reason));
  }

  @Override
  public Optional<CertificateRecord> findBySerial(IssuerName issuer, BigInteger serial) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    if (serial.signum() <= 0 || serial.bitLength() > 159) {
      return Optional.empty();
    }
    return Optional.ofNullable(tx.read(WHAT + "findBySerial",
        c -> bySerial(c, issuer, serial, false)));
  }

  @Override
  public List<CertificateRecord> findAllBySerial(BigInteger serial) {
    Objects.requireNonNull(serial, "serial");
    if (serial.signum() <= 0 || serial.bitLength() > 159) {
      return List.of();
    }
    return List.copyOf(tx.readValue(WHAT + "findAllBySerial", c -> allBySerial(c, serial, false)));
  }

  /**
   * Every issuer's certificate with this serial, ordered by issuer; with {@code lock}, each row
   * locked for update. Selected by serial alone and told apart here: a row written before schema
   * version 6 filled its issuer column is read with the issuer of its DER.
   */
  static List<CertificateRecord> allBySerial(Connection c, BigInteger serial, boolean lock)
      throws SQLException {
    List<CertificateRecord> all = new ArrayList<>(1);
    try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE serial = ?"
        + (lock ? " FOR UPDATE" : ""))) {
      setSerial(ps, 1, serial);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          all.add(read(rs));
        }
      }
    }
    all.sort(Comparator.comparing(r -> r.issuer().sha256()));
    return all;
  }

  /** The certificate of this issuer with this serial, or {@code null}; see {@link #allBySerial}. */
  static @Nullable CertificateRecord bySerial(Connection c, IssuerName issuer, BigInteger serial,
      boolean lock) throws SQLException {
    for (CertificateRecord r : allBySerial(c, serial, lock)) {
      if (r.issuer().equals(issuer)) {
        return r;
      }
    }
    return null;
  }

  @Override
  public Optional<CertificateRecord> findByFingerprint(String sha256Fingerprint) {
    if (!CertificateRecord.isFingerprint(sha256Fingerprint)) {
      return Optional.empty();
    }
    return Optional.ofNullable(tx.read(WHAT + "findByFingerprint",
        c -> queryOne(c, SELECT + "WHERE sha256_fingerprint = ?",
            ps -> ps.setString(1, sha256Fingerprint))));
  }

  @Override
  public Optional<CertificateRecord> findActive(AccountKey account) {
    Objects.requireNonNull(account, "account");
    return Optional.ofNullable(tx.read(WHAT + "findActive",
        c -> activeOf(c, account)));
  }

  @Override
  public List<CertificateRecord> findByAccount(AccountKey account) {
    Objects.requireNonNull(account, "account");
    List<CertificateRecord> out = tx.readValue(WHAT + "findByAccount", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT
          + "WHERE user_id = ? AND service = ? ORDER BY recorded_at, serial")) {
        ps.setString(1, account.userId());
        ps.setString(2, account.service());
        List<CertificateRecord> list = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            list.add(read(rs));
          }
        }
        return list;
      }
    });
    // the database already orders them; sorting again pins the SPI's order whatever the collation
    out.sort(Comparator.comparing(CertificateRecord::recordedAt)
        .thenComparing(CertificateRecord::serial));
    return List.copyOf(out);
  }

  @Override
  public long count() {
    return tx.readValue(WHAT + "count", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM shomei_certificate");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public void forEach(Consumer<? super CertificateRecord> action) {
    Objects.requireNonNull(action, "action");
    tx.once(WHAT + "forEach", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + "ORDER BY serial, issuer_name",
          ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(fetchSize);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            action.accept(read(rs));
          }
        }
      }
    });
  }

  /** The record as stored: instants truncated to the microsecond. */
  static CertificateRecord normalized(CertificateRecord r) {
    return new CertificateRecord(r.serial(), r.account(), micros(r.notBefore()), micros(r.notAfter()),
        r.sha256Fingerprint(), r.der(), r.status(), micros(r.recordedAt()),
        microsOrNull(r.statusChangedAt()), r.supersededBy(), r.revocationReason(), r.conforming(),
        r.profile(), microsOrNull(r.loginFrom()), r.issuer());
  }

  static void bind(PreparedStatement ps, CertificateRecord r) throws SQLException {
    setSerial(ps, 1, r.serial());
    ps.setString(2, r.account().userId());
    ps.setString(3, r.account().service());
    setInstant(ps, 4, r.notBefore());
    setInstant(ps, 5, r.notAfter());
    ps.setString(6, r.sha256Fingerprint());
    ps.setBytes(7, r.der());
    ps.setString(8, r.status().name());
    setInstant(ps, 9, r.recordedAt());
    setInstant(ps, 10, r.statusChangedAt());
    setSerial(ps, 11, r.supersededBy());
    RevocationReason reason = r.revocationReason();
    if (reason == null) {
      ps.setNull(12, Types.SMALLINT);
    } else {
      ps.setShort(12, (short) reason.code());
    }
    ps.setBoolean(13, r.conforming());
    ps.setString(14, r.profile());
    setInstant(ps, 15, r.loginFrom());
    ps.setString(16, r.issuer().sha256());
  }

  // Columns are read by position, in the order of COLUMNS: a label lookup per column per row
  // (H2 upper-cases and hashes the label every time) cost about a quarter of a campaign scan.
  private static CertificateRecord read(ResultSet rs) throws SQLException {
    int reason = rs.getInt(12);
    RevocationReason revocation = rs.wasNull() ? null : RevocationReason.ofCode(reason);
    byte[] der = Columns.bytes(rs, 7);
    String issuer = rs.getString(16);
    return new CertificateRecord(
        serial(rs, 1),
        new AccountKey(Columns.string(rs, 2), Columns.string(rs, 3)),
        instant(rs, 4),
        instant(rs, 5),
        Columns.string(rs, 6),
        der,
        CertificateStatus.valueOf(Columns.string(rs, 8)),
        instant(rs, 9),
        instantOrNull(rs, 10),
        serialOrNull(rs, 11),
        revocation,
        rs.getBoolean(13),
        rs.getString(14),
        instantOrNull(rs, 15),
        issuer != null ? new IssuerName(issuer) : IssuerBackfill.issuerOf(der));
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  static @Nullable CertificateRecord queryOne(Connection c, String sql, Binder binder)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }
}
