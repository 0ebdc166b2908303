package io.shomei.core.issue;

/**
 * Why a certificate was not issued. When issuance is refused nothing was signed by the CA.
 *
 * @since 0.1.0
 */
public enum IssuanceRefusal {
  /** The user ID is empty or blank. */
  EMPTY_USER_ID,
  /** The user ID is longer than 64 characters or contains control characters. */
  INVALID_USER_ID,
  /** The CSR is larger than {@link CertificateIssuer#MAX_CSR_LENGTH} bytes. */
  CSR_TOO_LARGE,
  /** The CSR is not a well-formed PKCS#10 request (DER, or a single PEM block). */
  CSR_MALFORMED,
  /** The CSR is signed with SHA-1, MD5 or another hash that is too weak. */
  CSR_WEAK_SIGNATURE_ALGORITHM,
  /**
   * The CSR's signature algorithm is not one the certificate policy allows, or not one this SDK
   * verifies in requests (RSASSA-PSS, DSA).
   */
  CSR_UNSUPPORTED_SIGNATURE_ALGORITHM,
  /** The CSR's signature algorithm does not fit its public key (for example ECDSA with an RSA key). */
  CSR_SIGNATURE_KEY_MISMATCH,
  /**
   * The public key is too weak: RSA below the certificate policy's minimum (2048 bits by default)
   * or with an unusable modulus or public exponent.
   */
  CSR_WEAK_KEY,
  /**
   * The public key is of a kind the certificate policy does not allow (a curve it does not list,
   * RSA above its maximum, another algorithm), or unusable (explicit curve parameters, a point not
   * on the curve).
   */
  CSR_UNSUPPORTED_KEY,
  /** The CSR's signature does not verify with its own public key: no proof of possession. */
  CSR_BAD_SIGNATURE
}
