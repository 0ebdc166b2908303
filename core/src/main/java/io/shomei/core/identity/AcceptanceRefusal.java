package io.shomei.core.identity;

/**
 * Why a presented certificate is not accepted for login. Each constant says what a host should
 * tell the customer.
 *
 * @since 0.1.0
 */
public enum AcceptanceRefusal {
  /** No certificate was presented. Tell the customer to choose their certificate. */
  NO_CERTIFICATE,
  /**
   * A presented encoding is not a certificate as X.509 and DER define it (it does not parse,
   * has bytes after the certificate, is not DER, repeats an extension, names different signature
   * algorithms inside and outside the signed part, encodes an OID in a non-minimal form, ...).
   * {@link CertificateAcceptance#acceptEncoded} refuses every encoding the platform's parser
   * refuses; both it and {@link CertificateAcceptance#accept} refuse a parsed certificate whose
   * encoding is not DER. Tell the customer the certificate cannot be used.
   *
   * @since 0.2.0
   */
  MALFORMED_CERTIFICATE,
  /**
   * The presented certificate is a CA certificate (basicConstraints cA, or keyCertSign), not a
   * customer's certificate. Tell the customer to choose the certificate whose CN is their user ID.
   */
  CA_CERTIFICATE_AS_LEAF,
  /** The presented certificate is self-issued (subject = issuer). Not one of the bank's. */
  SELF_SIGNED_LEAF,
  /**
   * The subject does not name a user (see {@link AcceptanceResult.Refused#mappingRefusal()}). Tell
   * the customer to choose the certificate whose CN is their user ID.
   */
  SUBJECT_NOT_MAPPABLE,
  /** The certificate's validity has not started at the instant of login. */
  NOT_YET_VALID,
  /** The certificate's validity has ended. The customer must re-acquire a certificate. */
  EXPIRED,
  /**
   * A certificate of the path is signed with an algorithm the certificate policy does not allow
   * (always SHA-1 and MD5).
   */
  WEAK_SIGNATURE_ALGORITHM,
  /**
   * The certificate's key is not allowed by the certificate policy: too weak, or of a refused type
   * (by default RSA under 2048 bits, another curve than P-256 or P-384).
   */
  WEAK_KEY,
  /** The extended key usage does not list clientAuth (anyExtendedKeyUsage does not count). */
  NOT_FOR_CLIENT_AUTHENTICATION,
  /** keyUsage is missing or does not include digitalSignature. */
  NO_DIGITAL_SIGNATURE_USAGE,
  /**
   * No valid path to a trust anchor configured for the service: another CA (possibly with the same
   * name), a broken signature, an expired CA (the trust anchor's own certificate included, unless
   * {@link CertificateAcceptance.Builder#checkTrustAnchorValidity(boolean)} turned that off), or a
   * certificate of another service's CA.
   */
  UNTRUSTED_CHAIN,
  /**
   * The certificate, or a CA certificate of its path, is listed as revoked on the CRL of the CA
   * that issued it ({@link IssuerCrls}): the adopted CA itself revoked it, whatever the bank's
   * record says. The customer must re-acquire a certificate or contact the bank.
   *
   * @since 0.2.0
   */
  REVOKED_BY_ISSUER,
  /**
   * The CA that issued the certificate (or a CA certificate of its path) is configured to require
   * a current CRL ({@link IssuerCrls.Builder#require}), and none is loaded or the loaded one is
   * past its nextUpdate. Not the customer's doing: certificate login is unavailable until the bank
   * loads a current CRL; the customer should try again later.
   *
   * @since 0.2.0
   */
  REVOCATION_STATUS_UNKNOWN,
  /** The certificate is trusted but the bank has no record of it. */
  UNKNOWN_CERTIFICATE,
  /**
   * The bank's record of this certificate belongs to another account (another user, or another
   * service).
   */
  OTHER_ACCOUNT,
  /**
   * The certificate was issued but never activated (an acquisition that did not complete). The
   * customer should acquire a certificate again.
   */
  NOT_ACTIVE,
  /**
   * A newer certificate replaced this one (its record is SUPERSEDED, or REVOKED with reason
   * {@code superseded}). Tell the customer to choose their newest certificate (and remove this
   * one). Never a revocation for cause.
   */
  SUPERSEDED,
  /**
   * The certificate was revoked for cause (any reason but {@code superseded}). The customer must
   * contact the bank or re-acquire.
   */
  REVOKED,
  /**
   * The bank's record marks the certificate as not conforming to the mapping policy (an imported
   * certificate); it can never be used for login. The customer must re-acquire.
   */
  NON_CONFORMING
}
