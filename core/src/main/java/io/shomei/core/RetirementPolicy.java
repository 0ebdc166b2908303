package io.shomei.core;

/**
 * What happens to the certificate a new acquisition replaced. In every case the old certificate
 * is SUPERSEDED the moment the new one becomes active, certificate login refuses it from then on
 * (login accepts only the account's ACTIVE certificate), and the CRL lists it with reason
 * {@code superseded}.
 *
 * <p>A replaced certificate is never revoked <em>for cause</em>: under the two revoking policies
 * its revocation reason is {@link io.shomei.spi.RevocationReason#SUPERSEDED}, and verdicts, login
 * refusals and pages read it as superseded, not as revoked
 * ({@link io.shomei.spi.CertificateRecord#replaced()}).
 *
 * @since 0.1.0
 */
public enum RetirementPolicy {
  /**
   * Keep the replaced certificate SUPERSEDED in the store (default since 0.2.0). The CRL lists it
   * as superseded; nothing turns it into a revocation.
   *
   * @since 0.2.0
   */
  KEEP_SUPERSEDED,
  /**
   * Also revoke the superseded certificate (status REVOKED, reason {@code superseded}) as part of
   * the acquisition (the default of 0.1).
   */
  AT_ISSUANCE,
  /**
   * Leave it SUPERSEDED until the first successful certificate login with the new one, then revoke
   * it (reason {@code superseded}; the login flow does this), as OpenXPKI's delayed
   * revoke-on-replace. Until then it is listed on the CRL as superseded.
   */
  AT_FIRST_LOGIN
}
