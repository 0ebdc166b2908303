package io.shomei.core.issue;

import io.shomei.core.identity.CertificatePolicy;

/**
 * A key algorithm and size, for keys the SDK generates: end-entity keys on the server-side key
 * generation path, and new CA keys.
 *
 * @since 0.1.0
 */
public enum KeyType {
  /** RSA with a 2048-bit modulus and public exponent 65537. */
  RSA_2048("RSA", 2048, null),
  /** RSA with a 3072-bit modulus and public exponent 65537. */
  RSA_3072("RSA", 3072, null),
  /** RSA with a 4096-bit modulus and public exponent 65537. */
  RSA_4096("RSA", 4096, null),
  /** ECDSA on NIST P-256 (secp256r1). */
  EC_P256("EC", 256, "secp256r1"),
  /** ECDSA on NIST P-384 (secp384r1). */
  EC_P384("EC", 384, "secp384r1");

  private final String algorithm;
  private final int bits;
  private final String curve;

  KeyType(String algorithm, int bits, @org.jspecify.annotations.Nullable String curve) {
    this.algorithm = algorithm;
    this.bits = bits;
    this.curve = curve == null ? "" : curve;
  }

  /**
   * The JCA key algorithm name, {@code RSA} or {@code EC}.
   *
   * @return the algorithm name
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * The modulus size (RSA) or field size (EC) in bits.
   *
   * @return the size in bits
   */
  public int bits() {
    return bits;
  }

  /**
   * The standard curve name for EC keys ({@code secp256r1}, {@code secp384r1}); empty for RSA.
   *
   * @return the curve name, or an empty string
   */
  public String curve() {
    return curve;
  }

  /**
   * Whether this is an elliptic-curve key type.
   *
   * @return {@code true} for EC
   */
  public boolean isEc() {
    return "EC".equals(algorithm);
  }

  /**
   * Whether a certificate policy allows keys of this type.
   *
   * @param policy the policy
   * @return {@code true} if allowed
   * @since 0.2.0
   */
  public boolean allowedBy(CertificatePolicy policy) {
    return isEc()
        ? CertificatePolicy.EcCurve.ofStandardName(curve).filter(policy::allows).isPresent()
        : policy.allowsRsaKey(bits);
  }
}
