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
  /** The CSR's signature algorithm is not one this SDK accepts (for example RSASSA-PSS, DSA). */
  CSR_UNSUPPORTED_SIGNATURE_ALGORITHM,
  /** The CSR's signature algorithm does not fit its public key (for example ECDSA with an RSA key). */
  CSR_SIGNATURE_KEY_MISMATCH,
  /** The public key is too weak: RSA below 2048 bits or with an unusable public exponent. */
  CSR_WEAK_KEY,
  /**
   * The public key is of an unsupported kind: an unknown or explicit curve, an invalid point, RSA
   * above 8192 bits, or another algorithm.
   */
  CSR_UNSUPPORTED_KEY,
  /** The CSR's signature does not verify with its own public key: no proof of possession. */
  CSR_BAD_SIGNATURE
}
