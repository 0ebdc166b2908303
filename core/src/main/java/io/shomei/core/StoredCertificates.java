package io.shomei.core;

import io.shomei.spi.StorageException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** Parses the DER a certificate store keeps. */
final class StoredCertificates {
  private StoredCertificates() {}

  /**
   * Parses a stored certificate.
   *
   * @param der the DER encoding from a {@link io.shomei.spi.CertificateRecord}
   * @return the certificate
   * @throws StorageException if the stored bytes are not a certificate (corrupt store)
   */
  public static X509Certificate parse(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | ClassCastException e) {
      throw new StorageException("a stored certificate does not parse", e);
    }
  }
}
