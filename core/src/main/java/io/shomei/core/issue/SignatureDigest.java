package io.shomei.core.issue;

/**
 * The hash a certificate signature uses. The signature scheme (RSA PKCS#1 v1.5 or ECDSA) follows
 * from the CA key in custody, so a profile names only the hash. SHA-1 and MD5 are not offered.
 *
 * @since 0.1.0
 */
public enum SignatureDigest {
  /** SHA-256. */
  SHA256,
  /** SHA-384. */
  SHA384,
  /** SHA-512. */
  SHA512;

  /**
   * The JCA signature algorithm name for a key algorithm, for example {@code SHA256withECDSA}.
   *
   * @param keyAlgorithm {@code RSA} or {@code EC} (as returned by {@code Key.getAlgorithm()})
   * @return the JCA signature algorithm name
   * @throws IllegalArgumentException for another key algorithm
   */
  public String jcaSignatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> name() + "withRSA";
      case "EC", "ECDSA" -> name() + "withECDSA";
      default -> throw new IllegalArgumentException("unsupported CA key algorithm: " + keyAlgorithm);
    };
  }
}
