package io.shomei.core.identity;

import io.shomei.core.internal.x509.CertificateFacts;
import io.shomei.spi.CertificateRecord;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a customer is shown about a certificate on the selection and login screens (MISSION R4,
 * L2): the common name, the issuer, the serial, the validity period in the bank's zone, the
 * fingerprint and the certificate policies.
 *
 * <h2>Security</h2>
 *
 * <p>Every string here is for display only. {@link #commonName()} is decoded by its declared
 * string type (a BMPString correctly as UTF-16, unlike {@code X500Principal.getName()}), but it is
 * <em>not</em> an identity: the user is what {@link CertificateMapper} returns. Both
 * {@link #commonName()} and {@link #issuer()} come from the certificate and may contain any
 * character: escape them for the medium (HTML, log line) before showing them.
 *
 * @param commonName the subject's single CN for display, or {@code null} if the subject has no CN,
 *     several, or does not parse
 * @param issuer the issuer's distinguished name for display (most significant RDN first)
 * @param serialHex the serial number in lowercase hexadecimal without separators
 * @param notBefore start of validity (inclusive)
 * @param notAfter end of validity (inclusive)
 * @param zone the zone to show dates in: the bank's zone (for example {@code Asia/Tokyo}), never
 *     the JVM default
 * @param sha256Fingerprint SHA-256 of the certificate's DER, 64 lowercase hex digits
 * @param policyOids certificate policy OIDs in the order of the extension (immutable; empty if
 *     none or if the extension does not parse)
 * @since 0.1.0
 */
public record CertificateSummary(
    @Nullable String commonName,
    String issuer,
    String serialHex,
    Instant notBefore,
    Instant notAfter,
    ZoneId zone,
    String sha256Fingerprint,
    List<String> policyOids) {

  /** Validates the fields and copies the policy list. */
  public CertificateSummary {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serialHex, "serialHex");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(zone, "zone");
    if (!CertificateRecord.isFingerprint(sha256Fingerprint)) {
      throw new IllegalArgumentException("sha256Fingerprint must be 64 lowercase hex digits");
    }
    policyOids = List.copyOf(policyOids);
  }

  /**
   * Summarises a certificate.
   *
   * @param certificate the certificate
   * @param zone the bank's zone for {@link #notBeforeInZone()} and {@link #notAfterInZone()}
   * @return the summary
   * @throws IllegalArgumentException if the certificate cannot be encoded
   */
  public static CertificateSummary of(X509Certificate certificate, ZoneId zone) {
    byte[] der;
    try {
      der = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
    return of(certificate, der, CertificateRecord.fingerprintOf(der), zone);
  }

  static CertificateSummary of(X509Certificate certificate, byte[] der, String fingerprint,
      ZoneId zone) {
    return new CertificateSummary(
        SubjectParser.displayCommonName(certificate.getSubjectX500Principal().getEncoded()),
        CertificateFacts.displayName(certificate.getIssuerX500Principal().getEncoded()),
        certificate.getSerialNumber().toString(16),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        zone,
        fingerprint,
        CertificateFacts.policyOids(certificate));
  }

  /**
   * Start of validity in {@link #zone()}.
   *
   * @return the zoned date-time
   */
  public ZonedDateTime notBeforeInZone() {
    return notBefore.atZone(zone);
  }

  /**
   * End of validity in {@link #zone()}.
   *
   * @return the zoned date-time
   */
  public ZonedDateTime notAfterInZone() {
    return notAfter.atZone(zone);
  }

  /**
   * Whether {@code instant} lies within the validity period, both ends inclusive.
   *
   * @param instant the instant
   * @return {@code true} if {@code notBefore <= instant <= notAfter}
   */
  public boolean isValidAt(Instant instant) {
    return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
  }
}
