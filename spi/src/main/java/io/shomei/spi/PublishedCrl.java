package io.shomei.spi;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A CRL as published for one issuing CA: what {@link CrlStore} keeps so that every node serves the
 * same, newest CRL and the next one gets a greater number.
 *
 * @param issuer the issuing CA's key identifier (lower-case hex of its subject key identifier),
 *     1..128 characters {@code [0-9a-f]}
 * @param number the CRL number (positive, at most 159 bits as RFC 5280 allows)
 * @param thisUpdate the CRL's {@code thisUpdate}
 * @param nextUpdate the CRL's {@code nextUpdate}, after {@code thisUpdate}
 * @param der the signed CRL (copied in and out)
 * @since 0.2.0
 */
// The array is copied in the constructor and in der(); equals compares contents.
@SuppressWarnings("ArrayRecordComponent")
public record PublishedCrl(String issuer, BigInteger number, Instant thisUpdate,
    Instant nextUpdate, byte[] der) {
  /** Checks the values and copies the bytes. */
  public PublishedCrl {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(thisUpdate, "thisUpdate");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    if (!issuer.matches("[0-9a-f]{1,128}")) {
      throw new IllegalArgumentException("issuer must be 1..128 lower-case hex digits");
    }
    if (number.signum() <= 0 || number.bitLength() > 159) {
      throw new IllegalArgumentException("number must be positive and at most 159 bits");
    }
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException("nextUpdate must be after thisUpdate");
    }
    if (der.length == 0) {
      throw new IllegalArgumentException("der is empty");
    }
    der = der.clone();
  }

  /**
   * The signed CRL.
   *
   * @return a fresh copy of the DER bytes
   */
  @Override
  public byte[] der() {
    return der.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PublishedCrl p && issuer.equals(p.issuer) && number.equals(p.number)
        && thisUpdate.equals(p.thisUpdate) && nextUpdate.equals(p.nextUpdate)
        && Arrays.equals(der, p.der);
  }

  @Override
  public int hashCode() {
    return Objects.hash(issuer, number) * 31 + Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "PublishedCrl[issuer=" + issuer + ", number=" + number + ", thisUpdate=" + thisUpdate
        + ", nextUpdate=" + nextUpdate + ", " + der.length + " bytes]";
  }
}
