package io.shomei.core;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;

/**
 * A login whose certificate step passed and whose password step is still to come. The host keeps
 * it in its server-side session and hands it to {@link Login#password} or
 * {@link Login#changePassword}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li><b>Only the engine makes one.</b> There is no public constructor or factory: a pending
 *       login comes from {@link Login#presentCertificate}, that is from a TLS handshake that proved
 *       possession of the account's private key. Everything in it (account, serial, fingerprint)
 *       is public certificate data, so a value anyone could build would turn certificate login
 *       into password-only login.
 *   <li><b>Sealed by the engine.</b> It carries a MAC (HMAC-SHA256) over its fields under the
 *       engine's pending-login key ({@link Shomei.Builder#pendingLoginKey}); the later steps refuse
 *       one whose MAC does not verify ({@link Refusal.StartAgain}). So a pending login that was
 *       serialized (it is {@link Serializable}, for hosts whose sessions are) and edited, or made
 *       by another engine with another key, grants nothing.
 *   <li>It holds no secret and grants nothing by itself: every later step re-reads the certificate
 *       and credential state from the stores (the certificate must still be the account's active
 *       one, still eligible, the password still unlocked), so a certificate superseded or revoked
 *       meanwhile is refused.
 * </ul>
 *
 * <p>A pending login survives a restart of the JVM or a move to another node when the engines
 * share the pending-login key; with the default (a random key per engine) the customer presents
 * the certificate again.
 *
 * @since 0.1.0
 */
public final class PendingLogin implements Serializable {
  private static final long serialVersionUID = 2L;

  private final String userId;
  private final String service;
  private final BigInteger certificateSerial;
  private final String sha256Fingerprint;
  private final Instant issuedAt;
  private final byte[] seal;

  /** Only {@link PendingLoginSeal} makes one. */
  PendingLogin(AccountKey account, BigInteger certificateSerial, String sha256Fingerprint,
      Instant issuedAt, byte[] seal) {
    this.userId = account.userId();
    this.service = account.service();
    this.certificateSerial = Objects.requireNonNull(certificateSerial, "certificateSerial");
    this.sha256Fingerprint = sha256Fingerprint;
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    this.seal = seal.clone();
    validate();
  }

  private void validate() {
    if (certificateSerial.signum() <= 0) {
      throw new IllegalArgumentException("certificateSerial must be positive");
    }
    if (!CertificateRecord.isFingerprint(sha256Fingerprint)) {
      throw new IllegalArgumentException("sha256Fingerprint must be 64 lowercase hex digits");
    }
    new AccountKey(userId, service); // validates
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    try {
      if (userId == null || service == null || certificateSerial == null
          || sha256Fingerprint == null || issuedAt == null || seal == null) {
        throw new InvalidObjectException("a field is missing");
      }
      validate();
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectException("not a pending login");
    }
  }

  /**
   * The account the certificate is bound to.
   *
   * @return the account
   */
  public AccountKey account() {
    return new AccountKey(userId, service);
  }

  /**
   * The serial of the presented certificate.
   *
   * @return the serial
   */
  public BigInteger certificateSerial() {
    return certificateSerial;
  }

  /**
   * SHA-256 of the presented certificate's DER.
   *
   * @return 64 lowercase hex digits
   */
  public String sha256Fingerprint() {
    return sha256Fingerprint;
  }

  /**
   * When the certificate step passed; a later step refuses a pending login older than
   * {@link Shomei.Builder#pendingLoginTimeout}.
   *
   * @return the instant
   */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** The engine's MAC over the fields. */
  byte[] seal() {
    return seal.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingLogin p && userId.equals(p.userId) && service.equals(p.service)
        && certificateSerial.equals(p.certificateSerial)
        && sha256Fingerprint.equals(p.sha256Fingerprint) && issuedAt.equals(p.issuedAt)
        && MessageDigest.isEqual(seal, p.seal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, service, certificateSerial, issuedAt);
  }

  @Override
  public String toString() {
    return "PendingLogin[account=" + userId + "@" + service + ", certificateSerial="
        + certificateSerial.toString(16) + ", issuedAt=" + issuedAt + "]";
  }
}
