package io.shomei.store.jdbc;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.IssuerName;
import java.math.BigInteger;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Synthetic certificate records for load and fault tests. The JDBC store keeps the DER opaque (it
 * checks only the fingerprint), so random bytes of a realistic size keep 10,000-certificate tests fast
 * without weakening them; the contract suites use real certificates from the test CA.
 */
final class LoadTestSupport {
  private LoadTestSupport() {}

  /**
   * A deterministic ISSUED record.
   *
   * @param n distinct per certificate; becomes the serial (plus a high bit)
   * @param account the account
   * @param recordedAt the recording instant
   * @return the record
   */
  static CertificateRecord certificate(long n, AccountKey account, Instant recordedAt) {
    SplittableRandom random = new SplittableRandom(n);
    byte[] der = new byte[600];
    for (int i = 0; i < der.length; i++) {
      der[i] = (byte) random.nextInt(256);
    }
    BigInteger serial = BigInteger.ONE.shiftLeft(126).add(BigInteger.valueOf(n));
    // random bytes, no certificate: the record names its issuer (the empty name) outright
    return new CertificateRecord(serial, account, Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"), CertificateRecord.fingerprintOf(der), der,
        CertificateStatus.ISSUED, recordedAt, null, null, null, true, "load", null,
        IssuerName.ofEncoded(new byte[] {0x30, 0x00}));
  }
}
