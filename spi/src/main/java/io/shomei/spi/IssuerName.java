package io.shomei.spi;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;

/**
 * The issuer a serial number belongs to: the SHA-256 of the DER encoding of the issuing CA's
 * distinguished name. RFC 5280 makes a serial unique per issuer name, not across issuers, so a store
 * keys a certificate by {@code (IssuerName, serial)}: an adopted CA and a new CA may both have
 * issued serial 7.
 *
 * <p>Names are compared by their encoding, as the bytes a certificate carries in its {@code issuer}
 * field (a CA's {@code subject} and the {@code issuer} of what it issued are the same bytes when a
 * CA copies its name, as every CA does). A fixed-length digest lets every store index the key.
 *
 * @param sha256 SHA-256 of the name's DER encoding, 64 lowercase hex digits
 * @since 0.2.0
 */
public record IssuerName(String sha256) {

  /** Validates the digest's shape. */
  public IssuerName {
    if (!CertificateRecord.isFingerprint(sha256)) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
  }

  /**
   * The key of a distinguished name given as its DER encoding.
   *
   * @param nameDer the encoded {@code Name}
   * @return the key
   */
  public static IssuerName ofEncoded(byte[] nameDer) {
    if (nameDer.length == 0) {
      throw new IllegalArgumentException("an encoded name is not empty");
    }
    try {
      return new IssuerName(HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(nameDer)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * The key of a distinguished name.
   *
   * @param name the name
   * @return the key of its encoding
   */
  public static IssuerName of(X500Principal name) {
    return ofEncoded(name.getEncoded());
  }

  /**
   * The key under which a CA's certificates are kept: its subject name.
   *
   * @param ca the issuing CA's certificate
   * @return the key of the CA's subject name
   */
  public static IssuerName ofCa(X509Certificate ca) {
    return of(ca.getSubjectX500Principal());
  }

  /**
   * The issuer of a certificate, read from its DER encoding.
   *
   * @param certificateDer an X.509 certificate
   * @return the key of the certificate's issuer name
   * @throws IllegalArgumentException if the bytes are not an X.509 certificate
   */
  public static IssuerName issuerOf(byte[] certificateDer) {
    X509Certificate x;
    try {
      x = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificateDer));
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("not an X.509 certificate", e);
    }
    return of(x.getIssuerX500Principal());
  }
}
