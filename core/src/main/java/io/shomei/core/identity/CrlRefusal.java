package io.shomei.core.identity;

/**
 * Why {@link IssuerCrls#load} did not take a CRL. Nothing is changed by a refused load: the CRL
 * loaded before it (if any) stays in force.
 *
 * @since 0.2.0
 */
public enum CrlRefusal {
  /** The encoding is larger than the configured limit ({@link IssuerCrls.Builder#maxCrlBytes}). */
  TOO_LARGE,
  /**
   * The bytes are not one DER (or PEM {@code X509 CRL}) certificate revocation list as RFC 5280
   * defines it, or its fields contradict each other (nextUpdate before thisUpdate, extensions
   * in a version 1 CRL).
   */
  MALFORMED,
  /** No CA configured with {@link IssuerCrls.Builder#consult} or {@code require} has the CRL's issuer name. */
  UNKNOWN_ISSUER,
  /**
   * A configured CA has the CRL's issuer name, but the signature does not verify with its key (or
   * with the key of any other configured CA of that name).
   */
  BAD_SIGNATURE,
  /** The CA whose key verifies the CRL has a keyUsage extension without cRLSign. */
  NOT_A_CRL_SIGNER,
  /** The CRL is signed with an algorithm the {@link CertificatePolicy} does not allow. */
  WEAK_SIGNATURE_ALGORITHM,
  /**
   * The CRL has no nextUpdate (RFC 5280 section 5.1.2.5 requires it), so nobody could tell when it
   * goes stale.
   */
  NO_NEXT_UPDATE,
  /** A delta CRL (deltaCRLIndicator): only complete CRLs are loaded. */
  DELTA_CRL,
  /**
   * The CRL covers something other than a plain set of the issuer's certificates: an indirect CRL
   * (indirectCRL, or entries naming another certificateIssuer), a CRL for some reasons only
   * (onlySomeReasons), or one for attribute certificates.
   */
  UNSUPPORTED_SCOPE,
  /** The CRL or one of its entries has a critical extension this loader does not understand. */
  UNSUPPORTED_CRITICAL_EXTENSION,
  /**
   * A CRL of the same issuer and scope at least as new (by CRL number when both have one, else by
   * thisUpdate) and different is loaded already: loading an older CRL would undo revocations.
   */
  NOT_NEWER_THAN_LOADED
}
