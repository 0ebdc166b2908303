package io.shomei.core.custody;

import io.shomei.spi.KeyCustodyException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Shared signing code of the JCA-backed custodies. */
final class Signing {
  private static final List<String> DIGESTS = List.of("SHA256", "SHA384", "SHA512");

  private Signing() {}

  /**
   * The signature algorithms offered for a key algorithm, filtered by what a provider supports.
   *
   * @param keyAlgorithm {@code RSA} or {@code EC}
   * @param provider the provider, or {@code null} for the installed providers
   * @return an immutable set, in order of preference
   */
  public static Set<String> algorithmsFor(String keyAlgorithm, @Nullable Provider provider) {
    String suffix;
    if ("RSA".equals(keyAlgorithm)) {
      suffix = "withRSA";
    } else if ("EC".equals(keyAlgorithm)) {
      suffix = "withECDSA";
    } else {
      throw new IllegalArgumentException("unsupported CA key algorithm: " + keyAlgorithm);
    }
    Set<String> out = new LinkedHashSet<>();
    for (String d : DIGESTS) {
      String alg = d + suffix;
      if (provider == null || provider.getService("Signature", alg) != null) {
        out.add(alg);
      }
    }
    if (out.isEmpty()) {
      throw new KeyCustodyException("the provider offers no SHA-2 signature for "
          + keyAlgorithm + " keys", null);
    }
    return Set.copyOf(out);
  }

  /**
   * Signs.
   *
   * @param supported the algorithms the custody offers
   * @param algorithm the requested algorithm
   * @param key the private key
   * @param provider the provider, or {@code null} for the installed providers
   * @param data the bytes to sign
   * @return the signature
   */
  public static byte[] sign(Set<String> supported, String algorithm, PrivateKey key,
      @Nullable Provider provider, byte[] data) {
    if (!supported.contains(algorithm)) {
      throw new IllegalArgumentException("unsupported signature algorithm: " + algorithm);
    }
    try {
      Signature s = provider == null
          ? Signature.getInstance(algorithm)
          : Signature.getInstance(algorithm, provider);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeyCustodyException("signing with " + algorithm + " failed", e);
    }
  }

  /**
   * Whether a private key and a public key belong together (signs a probe and verifies it).
   *
   * @param algorithm the algorithm to probe with
   * @param key the private key
   * @param provider the provider for signing, or {@code null}
   * @param publicKey the public key
   * @return {@code true} if they match
   */
  public static boolean matches(String algorithm, PrivateKey key, @Nullable Provider provider,
      PublicKey publicKey) {
    byte[] probe = "shomei key custody probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] sig = sign(Set.of(algorithm), algorithm, key, provider, probe);
    try {
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(publicKey);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
