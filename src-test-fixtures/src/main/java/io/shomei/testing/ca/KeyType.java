package io.shomei.testing.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/**
 * Key types the test CA can put in certificates, including weak ones for negative tests.
 *
 * <p>Key pairs are generated once per type and reused round-robin from a small pool (RSA generation is
 * slow): two certificates from the test CA may share a key pair, never a serial.
 *
 * @since 0.1.0
 */
public enum KeyType {
  /** EC on P-256 (secp256r1). */
  EC_P256("EC", 256, "secp256r1", "SHA256withECDSA"),
  /** EC on P-384 (secp384r1). */
  EC_P384("EC", 384, "secp384r1", "SHA384withECDSA"),
  /** EC on secp256k1 (a curve a bank profile should refuse). */
  EC_SECP256K1("EC", 256, "secp256k1", "SHA256withECDSA"),
  /** RSA 2048. */
  RSA_2048("RSA", 2048, null, "SHA256withRSA"),
  /** RSA 3072. */
  RSA_3072("RSA", 3072, null, "SHA256withRSA"),
  /** RSA 1024 (weak; for negative tests). */
  RSA_1024("RSA", 1024, null, "SHA256withRSA");

  private final String algorithm;
  private final int size;
  private final @org.jspecify.annotations.Nullable String curve;
  private final String defaultSignature;

  KeyType(String algorithm, int size, @org.jspecify.annotations.Nullable String curve,
      String defaultSignature) {
    this.algorithm = algorithm;
    this.size = size;
    this.curve = curve;
    this.defaultSignature = defaultSignature;
  }

  /**
   * JCA key algorithm ({@code EC} or {@code RSA}).
   *
   * @return the algorithm
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * Key size in bits.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * The usual signature algorithm for a key of this type.
   *
   * @return a JCA signature algorithm name
   */
  public String defaultSignatureAlgorithm() {
    return defaultSignature;
  }

  /**
   * A freshly generated key pair (slow for RSA).
   *
   * @return a new key pair
   */
  public KeyPair generate() {
    try {
      // the JDK 17 SunEC provider no longer offers secp256k1: Bouncy Castle generates that one
      KeyPairGenerator g = "secp256k1".equals(curve)
          ? KeyPairGenerator.getInstance(algorithm, new org.bouncycastle.jce.provider.BouncyCastleProvider())
          : KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        g.initialize(new ECGenParameterSpec(curve), new SecureRandom());
      } else {
        g.initialize(size, new SecureRandom());
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate " + this, e);
    }
  }

  /**
   * A key pair from this type's small reuse pool.
   *
   * @return a key pair, possibly shared with other test certificates
   */
  public KeyPair pooled() {
    return KeyPools.next(this);
  }
}
