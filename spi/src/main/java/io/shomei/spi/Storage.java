package io.shomei.spi;

import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialStore.UpdateResult;
import io.shomei.spi.DownloadTicketStore.TakeResult;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A bank's stores, grouped, and the writes that span more than one of them: one method per
 * intention, atomic as a whole, so no caller carries a multi-step sequence or a compensation path.
 *
 * <p>An acquisition is committed with one call:
 *
 * <pre>{@code
 * CommitResult r = storage.commitAcquisition(new AcquisitionCommit(
 *     issued, ticket, activeSerialAsSeen, revokeAtOnce, now));
 * if (r instanceof CommitResult.Committed c) {
 *   // c.activated() is ACTIVE; c.superseded() is SUPERSEDED or REVOKED, its tickets are gone
 * } else {
 *   // Conflict (another acquisition won), DuplicateSerial, DuplicateFingerprint, DuplicateTicketId:
 *   // nothing changed
 * }
 * }</pre>
 *
 * <p>A change that the customer is told about writes its notices in the same unit: an acquisition
 * carries them in {@link AcquisitionCommit#notices()}; a revocation, a download and a credential
 * update (a lock) have their own units ({@link #revoke}, {@link #takeTicket},
 * {@link #updateCredentials}), which derive the notices from the change's outcome.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>{@link #commitAcquisition} is <b>one atomic unit</b> (one database transaction, one lock):
 *       either every effect it lists took place, or none did. Every outcome but
 *       {@link CommitResult.Committed} leaves all stores as they were.
 *   <li>So are {@link #revoke}, {@link #takeTicket} and {@link #updateCredentials}: the change and
 *       its notices are written together or not at all, also when deriving the notices fails
 *       after the change was made.
 *   <li>It keeps the guarantees of each store: one active certificate per account under any
 *       concurrency and across nodes; serials unique per issuer, unique fingerprints and ticket ids.
 *   <li>The member stores ({@link #certificateStore()}, ...) are the same objects on every call and
 *       see the effects of a commit all at once, never a part of it.
 *   <li>Infrastructure failures are {@link StorageException}: then nothing or everything changed,
 *       and the caller re-reads (for example {@link CertificateStore#findBySerial}) to know which.
 *   <li>Every method is safe to call from many threads at once.
 * </ul>
 *
 * <p>The contract suite {@code io.shomei.testing.contract.StorageContract} in
 * {@code shomei-test-fixtures} checks these guarantees.
 *
 * @since 0.2.0
 */
public interface Storage {

  /**
   * The certificate store.
   *
   * @return the store (the same object on every call)
   */
  CertificateStore certificateStore();

  /**
   * The credential store.
   *
   * @return the store (the same object on every call)
   */
  CredentialStore credentialStore();

  /**
   * The download ticket store.
   *
   * @return the store (the same object on every call)
   */
  DownloadTicketStore downloadTicketStore();

  /**
   * The audit log.
   *
   * @return the log (the same object on every call)
   */
  AuditLog auditLog();

  /**
   * The store of published CRLs.
   *
   * @return the store (the same object on every call)
   */
  CrlStore crlStore();

  /**
   * The store of the nodes' shared leases.
   *
   * @return the store (the same object on every call)
   */
  LeaseStore leaseStore();

  /**
   * The branch operators and the proposals of dual control. Storage that keeps no operators (a
   * bank's own implementation written before 0.2.0) throws; the engine asks for it only when dual
   * control is configured.
   *
   * @return the store (the same object on every call)
   * @throws UnsupportedOperationException if this storage keeps no operators
   * @since 0.2.0
   */
  default OperatorStore operatorStore() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no operators");
  }

  /**
   * The outbox of customer notices. Storage that keeps no notices (a bank's own implementation
   * written before notices existed) throws; the engine asks for it only when notices are
   * configured, and then {@link #commitAcquisition} must write {@link AcquisitionCommit#notices()}
   * in its atomic unit, and {@link #revoke}, {@link #takeTicket} and {@link #updateCredentials}
   * must be implemented.
   *
   * @return the store (the same object on every call)
   * @throws UnsupportedOperationException if this storage keeps no notices
   * @since 0.2.0
   */
  default NoticeStore noticeStore() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no notices");
  }

  /**
   * Revokes a certificate as {@link CertificateStore#revoke} does and, in the same atomic unit,
   * deletes its download tickets (of this issuer and serial only) and enqueues the notices {@code notices} derives from the revoked
   * record (a notice whose key is present is skipped, as {@link NoticeStore#enqueue} does).
   *
   * <p>{@code notices} is invoked only for {@link RevocationResult.Revoked}, with the REVOKED
   * record; it may be invoked more than once (a store re-runs a unit that lost a race), so it must
   * be free of side effects. If it throws, nothing changed and its exception propagates.
   *
   * <p>Storage that keeps no notices throws; the engine calls this only when notices are
   * configured.
   *
   * @param issuer the certificate's issuer
   * @param serial the certificate's serial
   * @param reason the RFC 5280 reason
   * @param at the revocation instant
   * @param notices the notices of the revocation, from the REVOKED record
   * @return as {@link CertificateStore#revoke}
   * @throws UnsupportedOperationException if this storage keeps no notices
   * @throws StorageException on infrastructure failure (then nothing or everything changed)
   * @since 0.2.0
   */
  default RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason,
      Instant at, Function<CertificateRecord, List<Notice>> notices) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no notices");
  }

  /**
   * Uses one download of a ticket as {@link DownloadTicketStore#take} does and, in the same
   * atomic unit, enqueues the notices {@code notices} derives from the ticket as it is after this
   * download (a notice whose key is present is skipped).
   *
   * <p>{@code notices} is invoked only for {@link TakeResult.Taken}; it may be invoked more than
   * once, so it must be free of side effects. If it throws, nothing changed (the download is not
   * counted) and its exception propagates.
   *
   * <p>Storage that keeps no notices throws; the engine calls this only when notices are
   * configured.
   *
   * @param id the ticket id
   * @param now the instant of the download
   * @param notices the notices of the download, from the ticket after it
   * @return as {@link DownloadTicketStore#take}
   * @throws UnsupportedOperationException if this storage keeps no notices
   * @throws StorageException on infrastructure failure (then nothing or everything changed)
   * @since 0.2.0
   */
  default TakeResult takeTicket(String id, Instant now,
      Function<DownloadTicket, List<Notice>> notices) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no notices");
  }

  /**
   * Changes an account's credentials as {@link CredentialStore#update} does and, in the same
   * atomic unit, enqueues the notices {@code notices} derives from the records before and after
   * the change (a notice whose key is present is skipped).
   *
   * <p>{@code notices} is invoked only when the change is stored
   * ({@link UpdateResult.Updated}), with the same two records the result carries; like
   * {@code change} it may be invoked more than once, so both must be free of side effects. If
   * either throws, nothing changed and the exception propagates.
   *
   * <p>Storage that keeps no notices throws; the engine calls this only when notices are
   * configured.
   *
   * @param account the account
   * @param change as for {@link CredentialStore#update}
   * @param notices the notices of the change, from the record before and the stored record after
   * @return as {@link CredentialStore#update}
   * @throws UnsupportedOperationException if this storage keeps no notices
   * @throws IllegalArgumentException if {@code change} returns a record of another account
   * @throws StorageException on infrastructure failure (then nothing or everything changed)
   * @since 0.2.0
   */
  default UpdateResult updateCredentials(AccountKey account, UnaryOperator<CredentialRecord> change,
      BiFunction<CredentialRecord, CredentialRecord, List<Notice>> notices) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no notices");
  }

  /**
   * Commits an acquisition in one atomic unit:
   *
   * <ol>
   *   <li>records {@code commit.certificate()};
   *   <li>stores {@code commit.ticket()}, if any;
   *   <li>activates the certificate if and only if the account's active certificate is still
   *       {@code commit.expectedActive()} (none for {@code null}); the previous one becomes
   *       SUPERSEDED with {@code supersededBy} = the new serial, or, with
   *       {@code commit.revokeSuperseded()}, REVOKED with reason
   *       {@link RevocationReason#SUPERSEDED} (and {@code supersededBy} set all the same); every
   *       changed record carries {@code statusChangedAt = commit.at()};
   *   <li>deletes the download tickets of the superseded certificate (its issuer and serial; a
   *       ticket of another issuer's certificate with the same serial stays);
   *   <li>enqueues {@code commit.notices()} in the {@link #noticeStore()} (a notice whose key is
   *       present is skipped, as {@link NoticeStore#enqueue} does).
   * </ol>
   *
   * <p>If more than one non-committed outcome applies, the store reports one of them.
   *
   * @param commit what to write
   * @return {@link CommitResult.Committed}, or why nothing changed
   * @throws IllegalArgumentException if the certificate would be refused by
   *     {@link CertificateStore#record} (fingerprint not the SHA-256 of the DER, ...)
   * @throws StorageException on infrastructure failure (then nothing or everything changed)
   */
  CommitResult commitAcquisition(AcquisitionCommit commit);

  /**
   * Outcome of {@link #commitAcquisition}.
   *
   * @since 0.2.0
   */
  sealed interface CommitResult {
    /**
     * Everything was written.
     *
     * @param activated the new certificate, now ACTIVE
     * @param superseded the previously active certificate, now SUPERSEDED or REVOKED, or
     *     {@code null} if the account had none
     */
    record Committed(CertificateRecord activated, @Nullable CertificateRecord superseded)
        implements CommitResult {
      /** Checks the states. */
      public Committed {
        Objects.requireNonNull(activated, "activated");
        if (activated.status() != CertificateStatus.ACTIVE) {
          throw new IllegalArgumentException("the activated certificate must be ACTIVE");
        }
        if (superseded != null && !activated.serial().equals(superseded.supersededBy())) {
          throw new IllegalArgumentException("the superseded certificate must name its successor");
        }
      }
    }

    /**
     * The account's active certificate is not the expected one; nothing changed.
     *
     * @param actualActive the account's active certificate now, or {@code null} if none
     */
    record Conflict(@Nullable CertificateRecord actualActive) implements CommitResult {}

    /**
     * A certificate of the same issuer with the same serial is recorded; nothing changed.
     *
     * @param existing the stored record
     */
    record DuplicateSerial(CertificateRecord existing) implements CommitResult {
      /** Checks for null. */
      public DuplicateSerial {
        Objects.requireNonNull(existing, "existing");
      }
    }

    /**
     * The same certificate (same fingerprint) is recorded; nothing changed.
     *
     * @param existing the stored record
     */
    record DuplicateFingerprint(CertificateRecord existing) implements CommitResult {
      /** Checks for null. */
      public DuplicateFingerprint {
        Objects.requireNonNull(existing, "existing");
      }
    }

    /**
     * A download ticket with the same id exists; nothing changed. The existing ticket is not
     * returned: it belongs to someone else.
     */
    record DuplicateTicketId() implements CommitResult {}
  }
}
