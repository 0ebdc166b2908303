package io.shomei.examples.springboot;

import io.shomei.core.identity.CertificateSummary;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * What the pages show of the certificate a customer logged in with (MISSION R4: its validity
 * period). Serializable, because it lives in the HTTP session.
 *
 * @param serialHex the serial number in hex
 * @param issuer the issuer's name, for display only
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256Fingerprint the SHA-256 fingerprint in lowercase hex, for the details
 */
public record CertificateView(String serialHex, String issuer, Instant notBefore, Instant notAfter,
    String sha256Fingerprint) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Checks for nulls. */
  public CertificateView {
    Objects.requireNonNull(serialHex, "serialHex");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
  }

  /**
   * From Shomei's summary of the certificate.
   *
   * @param summary the summary
   * @return the view
   */
  public static CertificateView of(CertificateSummary summary) {
    return new CertificateView(summary.serialHex(), summary.issuer(), summary.notBefore(),
        summary.notAfter(), summary.sha256Fingerprint());
  }
}
