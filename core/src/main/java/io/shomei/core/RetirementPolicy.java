package io.shomei.core;

/**
 * When the certificate a new acquisition replaced is revoked. Either way the old certificate is
 * SUPERSEDED the moment the new one becomes active, and certificate login refuses it from then on
 * (login accepts only the account's ACTIVE certificate).
 *
 * @since 0.1.0
 */
public enum RetirementPolicy {
  /**
   * Revoke the superseded certificate (reason {@code superseded}) as part of the acquisition
   * (default).
   */
  AT_ISSUANCE,
  /**
   * Leave it SUPERSEDED until the first successful certificate login with the new one, then revoke
   * it (the login flow does this), as OpenXPKI's delayed revoke-on-replace. Until then it is listed
   * on the CRL as superseded.
   */
  AT_FIRST_LOGIN
}
