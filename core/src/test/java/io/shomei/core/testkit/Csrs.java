package io.shomei.core.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds PKCS#10 requests of every shape for tests. */
public final class Csrs {
  /** A Bouncy Castle provider for test-side key generation and signing (not registered). */
  public static final Provider BC = new BouncyCastleProvider();

  private Csrs() {}

  /**
   * An EC key pair on a named curve (any curve BC knows).
   *
   * @param curve the curve name
   * @return the key pair
   */
  public static KeyPair ec(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
      g.initialize(new ECGenParameterSpec(curve), new SecureRandom());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An RSA key pair.
   *
   * @param bits the modulus size
   * @return the key pair
   */
  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A DER request signed by {@code signer} over {@code subjectKey}'s public key.
   *
   * @param subjectKey whose public key the request carries
   * @param signer whose private key signs it (the same key pair for a valid proof of possession)
   * @param algorithm the signature algorithm
   * @param subject the requested subject
   * @return the DER encoding
   */
  public static byte[] der(KeyPair subjectKey, KeyPair signer, String algorithm, String subject) {
    try {
      JcaPKCS10CertificationRequestBuilder b =
          new JcaPKCS10CertificationRequestBuilder(new X500Principal(subject),
              subjectKey.getPublic());
      // A hostile request also asks for CA powers; the issuer must ignore it.
      b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(
          new Extension(Extension.basicConstraints, true,
              new BasicConstraints(true).getEncoded())));
      PKCS10CertificationRequest req = b.build(
          new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signer.getPrivate()));
      return req.getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A valid DER request (proof of possession by the same key).
   *
   * @param kp the key pair
   * @param algorithm the signature algorithm
   * @return the DER encoding
   */
  public static byte[] der(KeyPair kp, String algorithm) {
    return der(kp, kp, algorithm, "CN=requested-subject,O=Evil Corp");
  }

  /**
   * PEM of a DER request.
   *
   * @param der the DER
   * @return the PEM text
   */
  public static String pem(byte[] der) {
    try (StringWriter sw = new StringWriter(); JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(new PKCS10CertificationRequest(der));
      w.flush();
      return sw.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
