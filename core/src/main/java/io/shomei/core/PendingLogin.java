package io.shomei.core;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import java.math.BigInteger;
import java.util.Objects;
import java.time.Instant;

/**
 * A login whose certificate step passed and whose password step is still to come. The host keeps
 * it in its server-side session (never in a cookie or a form field the client can edit) and hands
 * it to {@link Login#password} or {@link Login#changePassword}.
 *
 * <p>It holds no secret and grants nothing by itself: every later step re-reads the certificate
 * and credential state from the stores (the certificate must still be the account's active one,
 * still eligible, the password still unlocked), so a pending login survives a restart of the JVM
 * or a move to another node, and a certificate superseded or revoked meanwhile is refused.
 *
 * @param account the account the certificate is bound to
 * @param certificateSerial the serial of the presented certificate
 * @param sha256Fingerprint SHA-256 of the presented certificate's DER, 64 lowercase hex digits
 * @param issuedAt when the certificate step passed; a later step refuses a pending login older than
 *     {@link Shomei.Builder#pendingLoginTimeout}
 * @since 0.1.0
 */
public record PendingLogin(
    AccountKey account, BigInteger certificateSerial, String sha256Fingerprint, Instant issuedAt) {

  /** Validates the fields. */
  public PendingLogin {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(certificateSerial, "certificateSerial");
    if (certificateSerial.signum() <= 0) {
      throw new IllegalArgumentException("certificateSerial must be positive");
    }
    if (!CertificateRecord.isFingerprint(sha256Fingerprint)) {
      throw new IllegalArgumentException("sha256Fingerprint must be 64 lowercase hex digits");
    }
    Objects.requireNonNull(issuedAt, "issuedAt");
  }
}
