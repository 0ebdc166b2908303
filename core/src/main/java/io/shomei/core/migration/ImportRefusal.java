package io.shomei.core.migration;

/**
 * Why a certificate was not imported. Nothing was recorded for any of these.
 *
 * @since 0.1.0
 */
public enum ImportRefusal {
  /** The file or bytes are not a certificate (bulk file import only; see {@link CertificateFiles}). */
  UNREADABLE,
  /** No trust anchors are configured for the request's service. */
  UNKNOWN_SERVICE,
  /** The certificate is a CA certificate or self-issued, not a customer's certificate. */
  NOT_AN_END_ENTITY,
  /**
   * The certificate cannot be stored: serial not positive or longer than 20 octets, or DER longer
   * than {@link io.shomei.spi.CertificateRecord#MAX_DER_LENGTH}.
   */
  UNSUPPORTED_CERTIFICATE,
  /**
   * No valid PKIX path to a trust anchor of the service, checked at an instant of the certificate's
   * own validity (see {@link CertificateInventory}).
   */
  UNTRUSTED_CHAIN,
  /**
   * The subject does not map to a user ID under the mapping policy and no user ID was given. Give
   * one explicitly to register it as non-conforming.
   */
  SUBJECT_NOT_MAPPABLE,
  /** The explicitly given user ID is not a user ID under the mapping policy. */
  INVALID_USER_ID,
  /** The subject maps to a user ID other than the explicitly given one. */
  USER_ID_MISMATCH,
  /**
   * Another certificate of the same issuer with the same serial is recorded (a serial is unique per
   * issuer; another CA's certificate with that serial is no conflict). The same certificate again is
   * {@link ImportResult.Duplicate}, not this.
   */
  SERIAL_CONFLICT,
  /**
   * An ACTIVE certificate for an account that was never enrolled (no credentials for the user ID
   * and service): nobody could log in with it, and nobody was given the letter that goes with an
   * account. Enroll the user for the service first. Checked when the inventory has a credential
   * store ({@link CertificateInventory.Builder#credentialStore}; always for
   * {@code Shomei.inventory()}); SUPERSEDED and REVOKED history is imported either way.
   *
   * @since 0.2.0
   */
  NOT_ENROLLED,
  /**
   * The account already has an active certificate and the policy is
   * {@link ActiveConflictPolicy#REFUSE}.
   */
  ACTIVE_EXISTS,
  /**
   * The certificate is SUPERSEDED but its account has no certificate to name as its successor (see
   * {@link ImportStatus.Superseded}). Import the successor first.
   */
  NO_SUCCESSOR
}
