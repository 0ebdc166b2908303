package io.shomei.store.jdbc;

import static io.shomei.store.jdbc.Columns.micros;
import static io.shomei.store.jdbc.Columns.setInstant;
import static io.shomei.store.jdbc.Columns.setSerial;

import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.Notice;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Storage.CommitResult;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link io.shomei.spi.Storage#commitAcquisition} in one transaction of five statements on the
 * happy path (read the active row, retire it, insert the certificate and the ticket, delete the old
 * tickets). The old active row is taken with an {@code UPDATE ... WHERE active_marker = 'Y'} (the row
 * lock is the compare-and-set), and {@code UNIQUE (user_id, service, active_marker)} guards the
 * case "no active certificate expected" as it does for {@code activate}. Duplicates are left to the
 * database's unique constraints: a violation rolls the whole transaction back, and a second,
 * read-only transaction tells which key it was.
 */
final class AcquisitionCommits {
  private static final String WHAT = "JDBC storage: commitAcquisition";

  private final Transactor tx;

  AcquisitionCommits(Transactor tx) {
    this.tx = tx;
  }

  CommitResult commit(AcquisitionCommit commit) {
    JdbcCertificateStore.checkRecordable(commit.certificate());
    DownloadTicket ticket = commit.ticket();
    if (ticket != null) {
      JdbcDownloadTicketStore.checkStorable(ticket);
    }
    CertificateRecord certificate = JdbcCertificateStore.normalized(commit.certificate());
    Instant at = micros(commit.at());
    BigInteger expected = commit.expectedActive();
    try {
      return tx.inTransactionOrDuplicate(WHAT, c -> {
        CertificateRecord active = JdbcCertificateStore.activeOf(c, certificate.account());
        if (!Objects.equals(active == null ? null : active.serial(), expected)) {
          return new CommitResult.Conflict(active);
        }
        CertificateRecord superseded = null;
        if (active != null) {
          if (!retire(c, active.sha256Fingerprint(), certificate.serial(),
              commit.revokeSuperseded(), at)) {
            // another commit took the row between our read and our lock: it won, nothing written
            return new CommitResult.Conflict(
                JdbcCertificateStore.activeOf(c, certificate.account()));
          }
          superseded = commit.revokeSuperseded()
              ? active.withStatus(CertificateStatus.REVOKED, at, certificate.serial(),
                  RevocationReason.SUPERSEDED)
              : active.withStatus(CertificateStatus.SUPERSEDED, at, certificate.serial(), null);
        }
        // a duplicate serial, fingerprint or ticket id fails one of these inserts with 23505
        CertificateRecord activated =
            certificate.withStatus(CertificateStatus.ACTIVE, at, null, null);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_certificate ("
            + JdbcCertificateStore.COLUMNS + ", active_marker) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Y')")) {
          JdbcCertificateStore.bind(ps, activated);
          ps.executeUpdate();
        }
        if (ticket != null) {
          JdbcDownloadTicketStore.insert(c, ticket);
        }
        if (superseded != null) {
          JdbcDownloadTicketStore.deleteFor(c, superseded.issuer(), superseded.serial());
        }
        for (Notice notice : commit.notices()) {
          JdbcNoticeStore.insertIfAbsent(c, notice);
        }
        return new CommitResult.Committed(activated, superseded);
      });
    } catch (Transactor.DuplicateKey e) {
      // rolled back: a concurrent writer committed a row with one of our keys first
      return tx.inTransaction(WHAT + " (duplicate)", c -> {
        CommitResult refused = refusal(c, certificate, ticket, expected);
        // Serials and fingerprints are never deleted and an account's active certificate never
        // becomes active again, so they were found above; a ticket id can vanish (used up,
        // deleted), and it is the only key left.
        return refused != null ? refused : new CommitResult.DuplicateTicketId();
      });
    }
  }

  /** Why the commit cannot happen as things stand, or {@code null}; writes nothing. */
  private static @Nullable CommitResult refusal(Connection c, CertificateRecord certificate,
      @Nullable DownloadTicket ticket, @Nullable BigInteger expected) throws SQLException {
    CertificateRecord same =
        JdbcCertificateStore.bySerial(c, certificate.issuer(), certificate.serial(), false);
    if (same != null) {
      return new CommitResult.DuplicateSerial(same);
    }
    CertificateRecord sameFp = JdbcCertificateStore.queryOne(c,
        JdbcCertificateStore.SELECT + "WHERE sha256_fingerprint = ?",
        ps -> ps.setString(1, certificate.sha256Fingerprint()));
    if (sameFp != null) {
      return new CommitResult.DuplicateFingerprint(sameFp);
    }
    if (ticket != null && JdbcDownloadTicketStore.exists(c, ticket.id())) {
      return new CommitResult.DuplicateTicketId();
    }
    CertificateRecord active = JdbcCertificateStore.activeOf(c, certificate.account());
    if (!Objects.equals(active == null ? null : active.serial(), expected)) {
      return new CommitResult.Conflict(active);
    }
    return null;
  }

  /**
   * Supersedes (or revokes) the certificate of fingerprint {@code old} if it is still active;
   * {@code false} if it no longer is. Waits for a concurrent writer of that row.
   */
  private static boolean retire(Connection c, String old, BigInteger successor,
      boolean revoke, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE shomei_certificate SET status = ?, "
        + "active_marker = NULL, superseded_by = ?, revocation_reason = ?, status_changed_at = ? "
        + "WHERE sha256_fingerprint = ? AND active_marker = 'Y'")) {
      ps.setString(1, revoke ? CertificateStatus.REVOKED.name() : CertificateStatus.SUPERSEDED.name());
      setSerial(ps, 2, successor);
      if (revoke) {
        ps.setShort(3, (short) RevocationReason.SUPERSEDED.code());
      } else {
        ps.setNull(3, Types.SMALLINT);
      }
      setInstant(ps, 4, at);
      ps.setString(5, old);
      return ps.executeUpdate() == 1;
    }
  }
}
