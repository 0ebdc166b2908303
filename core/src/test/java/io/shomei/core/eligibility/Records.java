package io.shomei.core.eligibility;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificate records for rules that only read the record (service, validity, status): the DER is a
 * placeholder that is never parsed by such rules.
 */
final class Records {
  private static final AtomicLong SERIALS = new AtomicLong(1000);
  /** The placeholder DER names no issuer: these records name the empty name outright. */
  private static final IssuerName ISSUER = IssuerName.ofEncoded(new byte[] {0x30, 0x00});

  private Records() {}

  static CertificateRecord of(String service, Instant notBefore, Instant notAfter) {
    return of("12345678", service, notBefore, notAfter);
  }

  static CertificateRecord of(String user, String service, Instant notBefore, Instant notAfter) {
    long serial = SERIALS.incrementAndGet();
    byte[] der = ("not a certificate " + serial).getBytes(StandardCharsets.US_ASCII);
    return new CertificateRecord(BigInteger.valueOf(serial), new AccountKey(user, service),
        notBefore, notAfter, CertificateRecord.fingerprintOf(der), der, CertificateStatus.ISSUED,
        notBefore, null, null, null, true, "test", null, ISSUER);
  }

  static CertificateRecord superseded(CertificateRecord r, BigInteger successor, Instant at) {
    return r.withStatus(CertificateStatus.SUPERSEDED, at, successor, null);
  }

  static CertificateRecord revoked(CertificateRecord r, Instant at) {
    return r.withStatus(CertificateStatus.REVOKED, at, r.supersededBy(),
        RevocationReason.KEY_COMPROMISE);
  }
}
