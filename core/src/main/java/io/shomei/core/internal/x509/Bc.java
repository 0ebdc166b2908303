package io.shomei.core.internal.x509;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jspecify.annotations.Nullable;

/**
 * One Bouncy Castle provider instance for the SDK's own use. It is passed explicitly wherever it is
 * needed and never registered with {@code java.security.Security}, so the host's provider order is
 * left alone.
 */
public final class Bc {
  /** The shared, unregistered provider. */
  public static final Provider PROVIDER = new BouncyCastleProvider();

  private Bc() {}

  /**
   * Parses a DER certificate with the JDK's certificate factory.
   *
   * @param der the encoding
   * @return the certificate
   * @throws IllegalStateException if the JDK cannot parse what BC just produced
   */
  public static X509Certificate toX509(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot parse a certificate the SDK built", e);
    }
  }

  /**
   * The certificate's subject key identifier extension, if it has one.
   *
   * @param c the certificate
   * @return the key identifier, or {@code null} without the extension
   */
  public static byte @Nullable [] subjectKeyIdentifier(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    return ext == null ? null : SubjectKeyIdentifier.getInstance(
        ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
  }

  /**
   * The identifier of a CA's key for the authority key identifier of what it signs: its subject
   * key identifier, or (without one) the key identifier computed from its public key.
   *
   * @param ca the CA certificate
   * @return the key identifier
   */
  public static byte[] keyIdentifier(X509Certificate ca) {
    byte[] ski = subjectKeyIdentifier(ca);
    return ski != null ? ski : keyIdentifier(ca.getPublicKey());
  }

  /**
   * RFC 5280 4.2.1.2 method (1): the SHA-1 of the subjectPublicKey bits, an identifier rather
   * than a security function.
   *
   * @param key the public key
   * @return the 20-byte key identifier
   */
  public static byte[] keyIdentifier(PublicKey key) {
    return keyIdentifier(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
  }

  /**
   * RFC 5280 4.2.1.2 method (1) of an encoded public key.
   *
   * @param spki the public key info
   * @return the 20-byte key identifier
   */
  public static byte[] keyIdentifier(SubjectPublicKeyInfo spki) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }
}
