package io.shomei.examples.springboot;

import io.shomei.spi.KeyCustody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Client certificates with any subject, signed by the application's own CA through its
 * {@link KeyCustody} (the key never leaves custody): what a mis-issuing CA or a lax registration
 * authority would hand out. Everything but the subject is what Shomei's profiles issue (EC P-256,
 * digitalSignature, clientAuth, key identifiers), so only the subject decides.
 */
final class CaSignedCertificates {
  private final KeyCustody ca;
  private final SecureRandom random = new SecureRandom();

  CaSignedCertificates(KeyCustody ca) {
    this.ca = ca;
  }

  /** A key store holding a new key and a certificate with this subject, chained to the CA. */
  KeyStore issue(byte[] subjectDer, char[] password) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keyPair = g.generateKeyPair();
      X509Certificate caCertificate = ca.certificate();
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
          X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
          new BigInteger(127, random).setBit(126), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(30))), X500Name.getInstance(subjectDer),
          SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()));
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          ids.createSubjectKeyIdentifier(keyPair.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          ids.createAuthorityKeyIdentifier(caCertificate));
      X509Certificate certificate =
          new JcaX509CertificateConverter().getCertificate(builder.build(new CustodySigner()));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", keyPair.getPrivate(), password,
          new Certificate[] {certificate, caCertificate});
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate certificate(KeyStore store) {
    try {
      return (X509Certificate) store.getCertificate("client");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs through the custody with SHA-256. */
  private final class CustodySigner implements ContentSigner {
    private final String algorithm = ca.signatureAlgorithms().stream()
        .filter(a -> a.startsWith("SHA256with")).findFirst().orElseThrow();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
    }

    @Override
    public OutputStream getOutputStream() {
      return data;
    }

    @Override
    public byte[] getSignature() {
      return ca.sign(algorithm, data.toByteArray());
    }
  }
}
