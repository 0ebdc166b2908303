package io.shomei.core.internal.x509;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/** Key pair generation with the JDK's providers (or an explicit one, for example PKCS#11). */
public final class KeyPairs {
  private KeyPairs() {}

  /**
   * Generates a key pair.
   *
   * @param algorithm {@code RSA} or {@code EC}
   * @param bits the RSA modulus size (ignored for EC)
   * @param curve the curve name for EC (ignored for RSA)
   * @param random the CSPRNG
   * @param provider an explicit provider, or {@code null} for the JDK's choice
   * @return the key pair
   */
  public static KeyPair generate(
      String algorithm, int bits, String curve, SecureRandom random, @Nullable Provider provider) {
    try {
      KeyPairGenerator g = provider == null
          ? KeyPairGenerator.getInstance(algorithm)
          : KeyPairGenerator.getInstance(algorithm, provider);
      AlgorithmParameterSpec spec = "EC".equals(algorithm)
          ? new ECGenParameterSpec(curve)
          : new RSAKeyGenParameterSpec(bits, BigInteger.valueOf(65537));
      g.initialize(spec, random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key pair", e);
    }
  }
}
