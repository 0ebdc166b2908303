package io.shomei.core;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CredentialStore.ReplaceResult;
import io.shomei.spi.CredentialStore.UpdateResult;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.IssuerName;
import io.shomei.spi.DownloadTicketStore.TakeResult;
import io.shomei.spi.Notice;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Storage;
import io.shomei.spi.StorageException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's writes that a customer is told about: with notices configured, each goes through
 * the storage's atomic unit that writes the change and its notices together
 * ({@link Storage#revoke}, {@link Storage#takeTicket}, {@link Storage#updateCredentials});
 * without, through the member stores as before. Every credential update it makes also writes
 * the ACCOUNT_LOCKED notice of a change that locks the login password.
 */
final class Noticing {
  private static final Logger LOG = LoggerFactory.getLogger(Noticing.class);

  /** No notices: the member stores' own writes. */
  static final Noticing NONE = new Noticing(null);

  private final @Nullable Storage storage;

  private Noticing(@Nullable Storage storage) {
    this.storage = storage;
  }

  /** Writes through {@code storage}'s atomic units; it must keep notices. */
  static Noticing through(Storage storage) {
    return new Noticing(Objects.requireNonNull(storage, "storage"));
  }

  /** Whether notices are written. */
  boolean on() {
    return storage != null;
  }

  /**
   * Revokes a certificate and deletes its download tickets; with notices, in one unit with its
   * REVOKED notice. Without, the tickets are deleted after the revocation, and a failure to
   * delete them is only logged (a revoked certificate's file no longer logs in).
   */
  RevocationResult revoke(CertificateStore certificates, DownloadTicketStore tickets,
      IssuerName issuer, BigInteger serial, RevocationReason reason, Instant at) {
    Storage s = storage;
    if (s != null) {
      return s.revoke(issuer, serial, reason, at,
          revoked -> List.of(NoticeKeys.revoked(revoked, at)));
    }
    RevocationResult r = certificates.revoke(issuer, serial, reason, at);
    if (r instanceof RevocationResult.Revoked) {
      try {
        tickets.deleteForCertificate(issuer, serial);
      } catch (StorageException e) {
        LOG.warn("could not delete download tickets of {}: {}", serial.toString(16),
            e.getMessage());
      }
    }
    return r;
  }

  /** Uses one download of a ticket; with notices, in one unit with the notices of it. */
  TakeResult take(DownloadTicketStore tickets, String id, Instant now,
      Function<DownloadTicket, List<Notice>> notices) {
    Storage s = storage;
    return s == null ? tickets.take(id, now) : s.takeTicket(id, now, notices);
  }

  /**
   * Updates an account's credentials; with notices, in one unit with {@code notices} and the
   * ACCOUNT_LOCKED notice if the change locks the login password.
   */
  UpdateResult update(CredentialStore credentials, AccountKey account,
      UnaryOperator<CredentialRecord> change,
      BiFunction<CredentialRecord, CredentialRecord, List<Notice>> notices) {
    Storage s = storage;
    if (s == null) {
      return credentials.update(account, change);
    }
    return s.updateCredentials(account, change, (before, after) -> {
      List<Notice> all = new ArrayList<>(notices.apply(before, after));
      all.addAll(NoticeKeys.ofLock(before, after));
      return all;
    });
  }

  /**
   * The credential store as {@link io.shomei.core.password.CredentialLockout} should see it: its
   * {@link CredentialStore#update updates} write the ACCOUNT_LOCKED notice of a lock in the same
   * unit. Without notices, the store itself.
   */
  CredentialStore credentials(CredentialStore credentials) {
    if (storage == null) {
      return credentials;
    }
    Noticing self = this;
    return new CredentialStore() {
      @Override
      public CreateResult create(CredentialRecord initial) {
        return credentials.create(initial);
      }

      @Override
      public Optional<CredentialRecord> find(AccountKey account) {
        return credentials.find(account);
      }

      @Override
      public List<AccountKey> accountsOf(String userId) {
        return credentials.accountsOf(userId);
      }

      @Override
      public ReplaceResult replace(CredentialRecord next) {
        return credentials.replace(next);
      }

      @Override
      public UpdateResult update(AccountKey account, UnaryOperator<CredentialRecord> change) {
        return self.update(credentials, account, change, (before, after) -> List.of());
      }

      @Override
      public String toString() {
        return "noticing " + credentials;
      }
    };
  }

  @Override
  public String toString() {
    return on() ? "Noticing[on]" : "Noticing[off]";
  }
}
