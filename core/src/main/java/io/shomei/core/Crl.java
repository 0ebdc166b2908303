package io.shomei.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A certificate revocation list (RFC 5280 version 2) signed by the CA through key custody.
 *
 * @param der the DER encoding (copied in and out)
 * @param crlNumber the CRL number (grows with {@code thisUpdate})
 * @param thisUpdate the issue instant
 * @param nextUpdate by when the next CRL will be issued
 * @param entries number of revoked certificates listed
 * @since 0.1.0
 */
// The array is copied in the constructor and in der(); equals compares contents.
@SuppressWarnings("ArrayRecordComponent")
public record Crl(byte[] der, BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate,
    int entries) {
  /** The media type for a DER CRL. */
  public static final String MEDIA_TYPE = "application/pkix-crl";

  /** Copies the bytes and checks for nulls. */
  public Crl {
    der = der.clone();
    Objects.requireNonNull(crlNumber, "crlNumber");
    Objects.requireNonNull(thisUpdate, "thisUpdate");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
  }

  /**
   * The DER encoding.
   *
   * @return a fresh copy
   */
  @Override
  public byte[] der() {
    return der.clone();
  }

  /**
   * The PEM encoding ({@code -----BEGIN X509 CRL-----}).
   *
   * @return the PEM text
   */
  public String pem() {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN X509 CRL-----\n" + b64 + "\n-----END X509 CRL-----\n";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Crl c && Arrays.equals(der, c.der) && crlNumber.equals(c.crlNumber)
        && thisUpdate.equals(c.thisUpdate) && nextUpdate.equals(c.nextUpdate)
        && entries == c.entries;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "Crl[number=" + crlNumber + ", thisUpdate=" + thisUpdate + ", nextUpdate=" + nextUpdate
        + ", entries=" + entries + "]";
  }
}
