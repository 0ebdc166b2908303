package io.shomei.spi;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A bounded permission to download an issued PKCS#12 file again (after a failed import) without
 * issuing a new certificate. The file is kept as it was handed out: encrypted with the customer's
 * acquisition password, which the store never sees.
 *
 * @param id an unguessable identifier (at least 128 bits of randomness, URL-safe), 16..128 chars
 * @param account the account the certificate was issued to
 * @param issuer the issuer of the certificate inside the file (since 0.2.0: a serial is unique per
 *     issuer only, so the ticket names its certificate by both)
 * @param serial the serial of the certificate inside the file
 * @param pkcs12 the PKCS#12 bytes (copied in and out; never printed)
 * @param createdAt when the ticket was created
 * @param expiresAt from this instant the ticket is unusable
 * @param downloadsLeft how many more downloads are allowed, {@code >= 0}
 * @since 0.1.0
 */
// The byte array is copied in the constructor and in pkcs12(), and equals/hashCode compare contents.
@SuppressWarnings("ArrayRecordComponent")
public record DownloadTicket(
    String id,
    AccountKey account,
    IssuerName issuer,
    BigInteger serial,
    byte[] pkcs12,
    Instant createdAt,
    Instant expiresAt,
    int downloadsLeft) {

  /** Largest PKCS#12 a store must accept, in bytes. */
  public static final int MAX_PKCS12_LENGTH = 64 * 1024;

  /** Validates the fields and copies the bytes. */
  public DownloadTicket {
    if (id.length() < 16 || id.length() > 128 || !id.chars().allMatch(DownloadTicket::urlSafe)) {
      throw new IllegalArgumentException("id must be 16..128 URL-safe chars");
    }
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    if (pkcs12.length == 0 || pkcs12.length > MAX_PKCS12_LENGTH) {
      throw new IllegalArgumentException("pkcs12 must be 1.." + MAX_PKCS12_LENGTH + " bytes");
    }
    pkcs12 = pkcs12.clone();
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("expiresAt must be after createdAt");
    }
    if (downloadsLeft < 0) {
      throw new IllegalArgumentException("downloadsLeft cannot be negative");
    }
  }

  private static boolean urlSafe(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_';
  }

  /**
   * The PKCS#12 bytes (a copy).
   *
   * @return a fresh copy
   */
  @Override
  public byte[] pkcs12() {
    return pkcs12.clone();
  }

  /**
   * Whether this is a ticket of that certificate: the same issuer and serial.
   *
   * @param certificate a certificate
   * @return {@code true} if the file holds {@code certificate}
   * @since 0.2.0
   */
  public boolean isFor(CertificateRecord certificate) {
    return issuer.equals(certificate.issuer()) && serial.equals(certificate.serial());
  }

  /**
   * This ticket with another download allowance; for store implementations.
   *
   * @param left the remaining downloads
   * @return the changed copy
   */
  public DownloadTicket withDownloadsLeft(int left) {
    return new DownloadTicket(id, account, issuer, serial, pkcs12, createdAt, expiresAt, left);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DownloadTicket t
        && id.equals(t.id)
        && account.equals(t.account)
        && issuer.equals(t.issuer)
        && serial.equals(t.serial)
        && Arrays.equals(pkcs12, t.pkcs12)
        && createdAt.equals(t.createdAt)
        && expiresAt.equals(t.expiresAt)
        && downloadsLeft == t.downloadsLeft;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, serial, downloadsLeft);
  }

  @Override
  public String toString() {
    return "DownloadTicket[id=<redacted>, account=" + account + ", issuer=" + issuer.sha256()
        + ", serial=" + serial.toString(16)
        + ", pkcs12=<redacted>, expiresAt=" + expiresAt + ", downloadsLeft=" + downloadsLeft + "]";
  }
}
