package io.shomei.core.internal.x509;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/** Builds self-signed root CA certificates through a signing function. */
public final class RootCertificates {
  private RootCertificates() {}

  /**
   * Builds a self-signed root certificate.
   *
   * @param subject the subject (also the issuer)
   * @param publicKey the CA public key
   * @param jcaAlgorithm the signature algorithm
   * @param signer signs the TBS bytes with the CA private key
   * @param now the start of validity
   * @param validity the validity period
   * @param random the serial source
   * @return the certificate
   */
  public static X509Certificate selfSigned(
      X500Principal subject,
      PublicKey publicKey,
      String jcaAlgorithm,
      FunctionContentSigner.SignFunction signer,
      Instant now,
      Duration validity,
      SecureRandom random) {
    X500Name name = X500Name.getInstance(subject.getEncoded());
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
    Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
    BigInteger serial = SerialNumbers.next(random);
    try {
      X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, serial,
          Date.from(notBefore), Date.from(notBefore.plus(validity)), name, spki);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(
          MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes())));
      return Bc.toX509(b.build(new FunctionContentSigner(jcaAlgorithm, signer)).getEncoded());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build the root certificate", e);
    }
  }
}
