package io.shomei.spi;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One certificate as a store keeps it: who it belongs to, its validity, its lifecycle state and its
 * DER encoding. Certificates are never deleted; they change state.
 *
 * <p>The compact constructor validates the shape of every field and the consistency between them
 * (an ACTIVE certificate has no successor, only a REVOKED one has a reason, ...). The canonical
 * constructor does not parse the DER; {@link #fingerprintOf(byte[])} computes the fingerprint a store
 * must check on {@link CertificateStore#record(CertificateRecord)}, and the constructors without an
 * {@link IssuerName} read the issuer from the DER ({@link IssuerName#issuerOf(byte[])}). The DER
 * array is copied in and out.
 *
 * @param serial the certificate's serial number, positive, at most 20 octets; unique per
 *     {@code issuer} in a store (two issuers may have used the same serial)
 * @param account the account (user ID and service) the certificate was issued or registered for
 * @param notBefore start of validity (inclusive)
 * @param notAfter end of validity (inclusive); not before {@code notBefore}
 * @param sha256Fingerprint SHA-256 of {@code der}, 64 lowercase hex digits; unique in a store
 * @param der the certificate's DER encoding
 * @param status lifecycle state
 * @param recordedAt when the store first recorded it
 * @param statusChangedAt when {@code status} last changed; {@code null} while ISSUED and never changed
 * @param supersededBy serial of the certificate that replaced this one (a certificate of the same
 *     account, possibly of another issuer); set exactly when SUPERSEDED, and kept when a SUPERSEDED
 *     certificate is later revoked
 * @param revocationReason set exactly when REVOKED
 * @param conforming {@code false} for an imported certificate whose subject does not satisfy the
 *     mapping policy (it can be listed and campaigned, never used for login)
 * @param profile name of the issuance profile, or {@code null} for an imported certificate
 * @param loginFrom the first instant a login with this certificate is accepted (a cooling-off
 *     after an issuance by the three secrets while the account held a certificate that could have
 *     renewed instead), or {@code null} for no such instant; stores keep it as given through every
 *     transition (since 0.2.0)
 * @param issuer the issuer name of the certificate in {@code der} (since 0.2.0); the constructors
 *     without it read it from the DER
 * @since 0.1.0
 */
// The DER array is copied in the constructor and in der(), and equals/hashCode compare contents.
@SuppressWarnings("ArrayRecordComponent")
public record CertificateRecord(
    BigInteger serial,
    AccountKey account,
    Instant notBefore,
    Instant notAfter,
    String sha256Fingerprint,
    byte[] der,
    CertificateStatus status,
    Instant recordedAt,
    @Nullable Instant statusChangedAt,
    @Nullable BigInteger supersededBy,
    @Nullable RevocationReason revocationReason,
    boolean conforming,
    @Nullable String profile,
    @Nullable Instant loginFrom,
    IssuerName issuer) {

  /** Largest DER encoding a store must accept, in bytes. */
  public static final int MAX_DER_LENGTH = 16 * 1024;

  /** Validates every field and their consistency; copies {@code der}. */
  public CertificateRecord {
    Objects.requireNonNull(serial, "serial");
    if (serial.signum() <= 0 || serial.bitLength() > 159) {
      throw new IllegalArgumentException("serial must be positive and fit in 20 octets");
    }
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    if (notAfter.isBefore(notBefore)) {
      throw new IllegalArgumentException("notAfter before notBefore");
    }
    if (!isFingerprint(sha256Fingerprint)) {
      throw new IllegalArgumentException("sha256Fingerprint must be 64 lowercase hex digits");
    }
    if (der.length == 0 || der.length > MAX_DER_LENGTH) {
      throw new IllegalArgumentException("der must be 1.." + MAX_DER_LENGTH + " bytes");
    }
    der = der.clone();
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if ((status == CertificateStatus.SUPERSEDED) && supersededBy == null) {
      throw new IllegalArgumentException("a SUPERSEDED certificate names its successor");
    }
    if ((status == CertificateStatus.ACTIVE || status == CertificateStatus.ISSUED)
        && supersededBy != null) {
      throw new IllegalArgumentException(status + " certificate cannot have a successor");
    }
    if ((status == CertificateStatus.REVOKED) != (revocationReason != null)) {
      throw new IllegalArgumentException("revocationReason is set exactly when REVOKED");
    }
    if (status != CertificateStatus.ISSUED && statusChangedAt == null) {
      throw new IllegalArgumentException(status + " certificate needs statusChangedAt");
    }
    if (profile != null && (profile.isBlank() || profile.length() > 64)) {
      throw new IllegalArgumentException("profile must be 1..64 non-blank chars");
    }
    if (profile != null) {
      StorableText.check("profile", profile);
    }
    Objects.requireNonNull(issuer, "issuer");
  }

  /**
   * A record whose issuer is read from the DER: the shape before 0.2.0's several issuers.
   *
   * @param serial the serial number
   * @param account the account
   * @param notBefore validity start
   * @param notAfter validity end
   * @param sha256Fingerprint the fingerprint of {@code der}
   * @param der the DER encoding of an X.509 certificate
   * @param status lifecycle state
   * @param recordedAt when the store first recorded it
   * @param statusChangedAt when the status last changed, or {@code null}
   * @param supersededBy the successor's serial, or {@code null}
   * @param revocationReason the revocation reason, or {@code null}
   * @param conforming whether the subject satisfies the mapping policy
   * @param profile the issuance profile name, or {@code null}
   * @param loginFrom the first instant of login, or {@code null}
   * @throws IllegalArgumentException if {@code der} is not an X.509 certificate
   * @since 0.2.0
   */
  public CertificateRecord(BigInteger serial, AccountKey account, Instant notBefore,
      Instant notAfter, String sha256Fingerprint, byte[] der, CertificateStatus status,
      Instant recordedAt, @Nullable Instant statusChangedAt, @Nullable BigInteger supersededBy,
      @Nullable RevocationReason revocationReason, boolean conforming, @Nullable String profile,
      @Nullable Instant loginFrom) {
    this(serial, account, notBefore, notAfter, sha256Fingerprint, der, status, recordedAt,
        statusChangedAt, supersededBy, revocationReason, conforming, profile, loginFrom,
        IssuerName.issuerOf(der));
  }

  /**
   * A record without a cooling-off ({@code loginFrom} {@code null}): the shape of 0.1.0.
   *
   * @param serial the serial number
   * @param account the account
   * @param notBefore validity start
   * @param notAfter validity end
   * @param sha256Fingerprint the fingerprint of {@code der}
   * @param der the DER encoding
   * @param status lifecycle state
   * @param recordedAt when the store first recorded it
   * @param statusChangedAt when the status last changed, or {@code null}
   * @param supersededBy the successor's serial, or {@code null}
   * @param revocationReason the revocation reason, or {@code null}
   * @param conforming whether the subject satisfies the mapping policy
   * @param profile the issuance profile name, or {@code null}
   * @throws IllegalArgumentException if {@code der} is not an X.509 certificate
   */
  public CertificateRecord(BigInteger serial, AccountKey account, Instant notBefore,
      Instant notAfter, String sha256Fingerprint, byte[] der, CertificateStatus status,
      Instant recordedAt, @Nullable Instant statusChangedAt, @Nullable BigInteger supersededBy,
      @Nullable RevocationReason revocationReason, boolean conforming, @Nullable String profile) {
    this(serial, account, notBefore, notAfter, sha256Fingerprint, der, status, recordedAt,
        statusChangedAt, supersededBy, revocationReason, conforming, profile, null,
        IssuerName.issuerOf(der));
  }

  /**
   * A freshly issued certificate in state {@link CertificateStatus#ISSUED}, with its fingerprint
   * computed from the DER and its issuer read from it.
   *
   * @param serial the serial number
   * @param account the account
   * @param notBefore validity start
   * @param notAfter validity end
   * @param der the DER encoding
   * @param recordedAt the recording instant
   * @param conforming whether the subject satisfies the mapping policy
   * @param profile the issuance profile name, or {@code null}
   * @return the record
   * @throws IllegalArgumentException if {@code der} is not an X.509 certificate
   */
  public static CertificateRecord issued(
      BigInteger serial,
      AccountKey account,
      Instant notBefore,
      Instant notAfter,
      byte[] der,
      Instant recordedAt,
      boolean conforming,
      @Nullable String profile) {
    return new CertificateRecord(serial, account, notBefore, notAfter, fingerprintOf(der), der,
        CertificateStatus.ISSUED, recordedAt, null, null, null, conforming, profile, null,
        IssuerName.issuerOf(der));
  }

  /**
   * The DER encoding (a copy).
   *
   * @return a fresh copy of the encoding
   */
  @Override
  public byte[] der() {
    return der.clone();
  }

  /**
   * This record in another state; used by store implementations for transitions.
   *
   * @param newStatus the new state
   * @param at when the state changed
   * @param successor the successor's serial (for SUPERSEDED; kept from this record when REVOKED)
   * @param reason the revocation reason (for REVOKED)
   * @return the changed record
   */
  public CertificateRecord withStatus(
      CertificateStatus newStatus,
      Instant at,
      @Nullable BigInteger successor,
      @Nullable RevocationReason reason) {
    return new CertificateRecord(serial, account, notBefore, notAfter, sha256Fingerprint, der,
        newStatus, recordedAt, at, successor, reason, conforming, profile, loginFrom, issuer);
  }

  /**
   * This record with a first instant of login (a cooling-off), or without one.
   *
   * @param first the first instant a login is accepted, or {@code null}
   * @return the changed record
   * @since 0.2.0
   */
  public CertificateRecord withLoginFrom(@Nullable Instant first) {
    return new CertificateRecord(serial, account, notBefore, notAfter, sha256Fingerprint, der,
        status, recordedAt, statusChangedAt, supersededBy, revocationReason, conforming, profile,
        first, issuer);
  }

  /**
   * Whether this certificate was replaced in the normal course: SUPERSEDED, or REVOKED with reason
   * {@link RevocationReason#SUPERSEDED} (a superseded certificate revoked later, or imported so).
   * Such a certificate is no longer good for login, but nothing was held against its holder.
   *
   * @return {@code true} if superseded, never for a revocation for cause
   * @since 0.2.0
   */
  public boolean replaced() {
    return status == CertificateStatus.SUPERSEDED
        || (status == CertificateStatus.REVOKED && revocationReason == RevocationReason.SUPERSEDED);
  }

  /**
   * Whether this certificate was revoked for cause: REVOKED with a reason for which
   * {@link RevocationReason#forCause()} holds (every reason but {@code superseded} and
   * {@code cessationOfOperation}).
   *
   * @return {@code true} if revoked for cause
   * @since 0.2.0
   */
  public boolean revokedForCause() {
    return status == CertificateStatus.REVOKED && revocationReason != null
        && revocationReason.forCause();
  }

  /**
   * Whether {@code instant} lies within the validity period, both ends inclusive (RFC 5280).
   *
   * @param instant the instant to test
   * @return {@code true} if {@code notBefore <= instant <= notAfter}
   */
  public boolean isValidAt(Instant instant) {
    return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
  }

  /**
   * SHA-256 of a DER encoding as 64 lowercase hex digits.
   *
   * @param der the encoding
   * @return the fingerprint
   */
  public static String fingerprintOf(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Whether a string is a well-formed fingerprint (64 lowercase hex digits).
   *
   * @param s the string
   * @return {@code true} if well-formed
   */
  public static boolean isFingerprint(@Nullable String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CertificateRecord r
        && serial.equals(r.serial)
        && account.equals(r.account)
        && notBefore.equals(r.notBefore)
        && notAfter.equals(r.notAfter)
        && sha256Fingerprint.equals(r.sha256Fingerprint)
        && Arrays.equals(der, r.der)
        && status == r.status
        && recordedAt.equals(r.recordedAt)
        && Objects.equals(statusChangedAt, r.statusChangedAt)
        && Objects.equals(supersededBy, r.supersededBy)
        && revocationReason == r.revocationReason
        && conforming == r.conforming
        && Objects.equals(profile, r.profile)
        && Objects.equals(loginFrom, r.loginFrom)
        && issuer.equals(r.issuer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serial, sha256Fingerprint, status, statusChangedAt);
  }

  @Override
  public String toString() {
    return "CertificateRecord[serial=" + serial.toString(16) + ", issuer=" + issuer.sha256()
        + ", account=" + account
        + ", status=" + status + ", notBefore=" + notBefore + ", notAfter=" + notAfter
        + ", sha256=" + sha256Fingerprint + ", der=" + der.length + " bytes"
        + (loginFrom == null ? "" : ", loginFrom=" + loginFrom) + "]";
  }
}
