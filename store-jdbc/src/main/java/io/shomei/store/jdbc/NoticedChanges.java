package io.shomei.store.jdbc;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore.UpdateResult;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore.TakeResult;
import io.shomei.spi.IssuerName;
import io.shomei.spi.Notice;
import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@link io.shomei.spi.Storage#revoke}, {@link io.shomei.spi.Storage#takeTicket} and
 * {@link io.shomei.spi.Storage#updateCredentials}: each is the member store's own statements
 * followed, in the same transaction, by the notices derived from the outcome
 * ({@code INSERT ... WHERE NOT EXISTS}, as {@link JdbcNoticeStore#enqueue}). The derivation runs
 * after the change's statements; if it throws, the transaction is rolled back with the change.
 */
final class NoticedChanges {
  private static final String WHAT = "JDBC storage: ";

  private final Transactor tx;

  NoticedChanges(Transactor tx) {
    this.tx = tx;
  }

  RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason,
      Instant at, Function<CertificateRecord, List<Notice>> notices) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(notices, "notices");
    Instant when = Columns.micros(Objects.requireNonNull(at, "at"));
    return tx.inTransaction(WHAT + "revoke", c -> {
      RevocationResult r = JdbcCertificateStore.revokeIn(c, issuer, serial, reason, when);
      if (r instanceof RevocationResult.Revoked revoked) {
        JdbcDownloadTicketStore.deleteFor(c, issuer, serial);
        enqueue(c, notices.apply(revoked.revoked()));
      }
      return r;
    });
  }

  TakeResult takeTicket(String id, Instant now, Function<DownloadTicket, List<Notice>> notices) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(notices, "notices");
    return tx.inTransaction(WHAT + "takeTicket", c -> {
      TakeResult r = JdbcDownloadTicketStore.takeIn(c, id, now);
      if (r instanceof TakeResult.Taken taken) {
        enqueue(c, notices.apply(taken.ticket()));
      }
      return r;
    });
  }

  UpdateResult updateCredentials(AccountKey account, UnaryOperator<CredentialRecord> change,
      BiFunction<CredentialRecord, CredentialRecord, List<Notice>> notices) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(notices, "notices");
    return tx.inTransaction(WHAT + "updateCredentials", c -> {
      UpdateResult r = JdbcCredentialStore.updateIn(c, account, change);
      if (r instanceof UpdateResult.Updated u) {
        enqueue(c, notices.apply(u.before(), u.after()));
      }
      return r;
    });
  }

  private static void enqueue(Connection c, List<Notice> notices) throws SQLException {
    for (Notice n : Objects.requireNonNull(notices, "notices returned null")) {
      JdbcNoticeStore.insertIfAbsent(c, Objects.requireNonNull(n, "a null notice"));
    }
  }

  @Override
  public String toString() {
    return "NoticedChanges";
  }
}
