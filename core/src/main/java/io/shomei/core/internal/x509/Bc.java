package io.shomei.core.internal.x509;

import java.io.ByteArrayInputStream;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

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
}
