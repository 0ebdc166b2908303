package io.shomei.spi;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Keeps every certificate Shomei issued or registered, and which one is active per account.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li><b>One active certificate per account</b>, under any concurrency, enforced by the store itself
 *       (for a database: by a constraint, not only by application logic).
 *   <li>{@link #activate} is one atomic compare-and-set: either the certificate became active and the
 *       previous one superseded, or nothing changed.
 *   <li>A serial is unique per {@link IssuerName issuer} (RFC 5280: two CAs may use the same
 *       serial, and both certificates are kept); fingerprints are unique in the store. A duplicate is
 *       a typed outcome, never an overwrite.
 *   <li>Records are never deleted.
 *   <li>Every method is safe to call from many threads at once.
 *   <li>"Not found" is an empty {@link Optional} or a typed result, never {@code null} and never an
 *       exception. Infrastructure failures are {@link StorageException}.
 * </ul>
 *
 * <p>The contract suite {@code io.shomei.testing.contract.CertificateStoreContract} in
 * {@code shomei-test-fixtures} checks these guarantees.
 *
 * @since 0.1.0
 */
public interface CertificateStore {

  /**
   * Records a certificate. The record's status must be {@link CertificateStatus#ISSUED},
   * {@link CertificateStatus#SUPERSEDED} or {@link CertificateStatus#REVOKED}; a certificate becomes
   * ACTIVE only through {@link #activate}. The store checks that the fingerprint is the SHA-256 of
   * the DER.
   *
   * @param certificate the certificate to record
   * @return {@link RecordResult.Recorded}, or the duplicate that prevented it
   * @throws IllegalArgumentException if the status is ACTIVE or the fingerprint does not match
   * @throws StorageException on infrastructure failure
   */
  RecordResult record(CertificateRecord certificate);

  /**
   * Atomically makes a recorded ISSUED certificate the active one of its account, if and only if the
   * account's active certificate is still {@code expectedActive}. On success the previous active
   * certificate (if any) becomes {@link CertificateStatus#SUPERSEDED} with
   * {@code supersededBy = serial}, and both records carry {@code statusChangedAt = at}.
   *
   * @param issuer the issuer of the certificate to activate
   * @param serial serial of the certificate to activate
   * @param expectedActive serial of the account's active certificate as the caller last saw it, or
   *     {@code null} if the caller saw none
   * @param at the instant of the change
   * @return {@link ActivationResult.Activated}, or why nothing changed
   * @throws StorageException on infrastructure failure (then nothing or everything changed)
   * @since 0.2.0
   */
  ActivationResult activate(IssuerName issuer, BigInteger serial,
      @Nullable BigInteger expectedActive, Instant at);

  /**
   * {@link #activate(IssuerName, BigInteger, BigInteger, Instant)} for the one certificate recorded
   * with this serial. A serial that several issuers used names no certificate here:
   * {@link ActivationResult.NotFound}, nothing changed; give the issuer.
   *
   * @param serial serial of the certificate to activate
   * @param expectedActive serial of the account's active certificate as the caller last saw it, or
   *     {@code null} if the caller saw none
   * @param at the instant of the change
   * @return {@link ActivationResult.Activated}, or why nothing changed
   * @throws StorageException on infrastructure failure (then nothing or everything changed)
   */
  default ActivationResult activate(
      BigInteger serial, @Nullable BigInteger expectedActive, Instant at) {
    Optional<CertificateRecord> only = findBySerial(serial);
    return only.isPresent()
        ? activate(only.get().issuer(), serial, expectedActive, at)
        : new ActivationResult.NotFound(serial);
  }

  /**
   * Revokes a certificate in any state but REVOKED. Revoking the active certificate leaves the
   * account without an active one.
   *
   * @param issuer the certificate's issuer
   * @param serial the certificate's serial
   * @param reason the RFC 5280 reason
   * @param at the revocation instant
   * @return {@link RevocationResult.Revoked}, {@link RevocationResult.AlreadyRevoked} or
   *     {@link RevocationResult.NotFound}
   * @throws StorageException on infrastructure failure
   * @since 0.2.0
   */
  RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason,
      Instant at);

  /**
   * {@link #revoke(IssuerName, BigInteger, RevocationReason, Instant)} for the one certificate
   * recorded with this serial. A serial that several issuers used names no certificate here:
   * {@link RevocationResult.NotFound}, nothing changed; give the issuer.
   *
   * @param serial the certificate's serial
   * @param reason the RFC 5280 reason
   * @param at the revocation instant
   * @return {@link RevocationResult.Revoked}, {@link RevocationResult.AlreadyRevoked} or
   *     {@link RevocationResult.NotFound}
   * @throws StorageException on infrastructure failure
   */
  default RevocationResult revoke(BigInteger serial, RevocationReason reason, Instant at) {
    Optional<CertificateRecord> only = findBySerial(serial);
    return only.isPresent()
        ? revoke(only.get().issuer(), serial, reason, at)
        : new RevocationResult.NotFound(serial);
  }

  /**
   * Finds a certificate by issuer and serial.
   *
   * @param issuer the issuer
   * @param serial the serial number
   * @return the record, or empty
   * @since 0.2.0
   */
  Optional<CertificateRecord> findBySerial(IssuerName issuer, BigInteger serial);

  /**
   * Every certificate recorded with this serial, one per issuer that used it, ordered by issuer.
   *
   * @param serial the serial number
   * @return an immutable list, empty if none (also for a serial no certificate can have)
   * @since 0.2.0
   */
  List<CertificateRecord> findAllBySerial(BigInteger serial);

  /**
   * Finds the one certificate recorded with this serial. When several issuers used it, none is the
   * answer (empty): use {@link #findBySerial(IssuerName, BigInteger)} or
   * {@link #findAllBySerial(BigInteger)}.
   *
   * @param serial the serial number
   * @return the record, or empty if none or several have this serial
   */
  default Optional<CertificateRecord> findBySerial(BigInteger serial) {
    List<CertificateRecord> all = findAllBySerial(serial);
    return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
  }

  /**
   * Finds a certificate by the SHA-256 fingerprint of its DER.
   *
   * @param sha256Fingerprint 64 lowercase hex digits
   * @return the record, or empty (also for a malformed fingerprint)
   */
  Optional<CertificateRecord> findByFingerprint(String sha256Fingerprint);

  /**
   * The active certificate of an account.
   *
   * @param account the account
   * @return the active record, or empty if the account has none
   */
  Optional<CertificateRecord> findActive(AccountKey account);

  /**
   * Every certificate of an account, oldest recording first (ties broken by serial).
   *
   * @param account the account
   * @return an immutable list, empty if none
   */
  List<CertificateRecord> findByAccount(AccountKey account);

  /**
   * Number of certificates recorded, in all states.
   *
   * @return the count
   */
  long count();

  /**
   * Visits every certificate in constant memory (a cursor or pages, never the whole set at once), in
   * ascending serial order (one serial of several issuers: ordered by issuer). A certificate recorded or changed during the scan may or may not be seen,
   * and is seen at most once. The action runs on the calling thread; an exception it throws stops the
   * scan and is rethrown.
   *
   * @param action called once per certificate
   * @throws StorageException on infrastructure failure
   */
  void forEach(Consumer<? super CertificateRecord> action);

  /**
   * Outcome of {@link #record}.
   *
   * @since 0.1.0
   */
  sealed interface RecordResult {
    /**
     * The certificate was recorded.
     *
     * @param certificate the stored record
     */
    record Recorded(CertificateRecord certificate) implements RecordResult {}

    /**
     * A certificate of the same issuer with the same serial is already recorded; nothing changed.
     *
     * @param existing the stored record
     */
    record DuplicateSerial(CertificateRecord existing) implements RecordResult {}

    /**
     * A certificate with the same fingerprint (the same certificate) is already recorded; nothing
     * changed.
     *
     * @param existing the stored record
     */
    record DuplicateFingerprint(CertificateRecord existing) implements RecordResult {}
  }

  /**
   * Outcome of {@link #activate}.
   *
   * @since 0.1.0
   */
  sealed interface ActivationResult {
    /**
     * The certificate is now active.
     *
     * @param activated the now ACTIVE record
     * @param superseded the previously active record, now SUPERSEDED, or {@code null}
     */
    record Activated(CertificateRecord activated, @Nullable CertificateRecord superseded)
        implements ActivationResult {}

    /**
     * The account's active certificate is not the expected one; nothing changed.
     *
     * @param actualActive the account's active certificate now, or {@code null} if none
     */
    record Conflict(@Nullable CertificateRecord actualActive) implements ActivationResult {}

    /**
     * No certificate with that serial is recorded (under the issuer given).
     *
     * @param serial the serial asked for
     */
    record NotFound(BigInteger serial) implements ActivationResult {}

    /**
     * The certificate is not in state ISSUED; nothing changed.
     *
     * @param current the stored record
     */
    record NotActivatable(CertificateRecord current) implements ActivationResult {}
  }

  /**
   * Outcome of {@link #revoke}.
   *
   * @since 0.1.0
   */
  sealed interface RevocationResult {
    /**
     * The certificate is now revoked.
     *
     * @param revoked the REVOKED record
     */
    record Revoked(CertificateRecord revoked) implements RevocationResult {}

    /**
     * It was revoked before; nothing changed.
     *
     * @param current the stored record
     */
    record AlreadyRevoked(CertificateRecord current) implements RevocationResult {}

    /**
     * No certificate with that serial is recorded (under the issuer given).
     *
     * @param serial the serial asked for
     */
    record NotFound(BigInteger serial) implements RevocationResult {}
  }
}
