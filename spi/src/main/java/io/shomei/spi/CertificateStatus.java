package io.shomei.spi;

/**
 * Lifecycle state of a recorded certificate. Expiry is not a state: it follows from the validity
 * period and the instant of the question.
 *
 * <pre>
 *   ISSUED --activate--&gt; ACTIVE --(another one activated)--&gt; SUPERSEDED
 *   ISSUED | ACTIVE | SUPERSEDED --revoke--&gt; REVOKED
 * </pre>
 *
 * @since 0.1.0
 */
public enum CertificateStatus {
  /** Recorded (signed) but never made active, for example issued by a flow that did not complete. */
  ISSUED,
  /** The one certificate of its account that is good for login. At most one per account. */
  ACTIVE,
  /** Was active; replaced by a newer certificate of the same account. */
  SUPERSEDED,
  /** Revoked with a reason; final. */
  REVOKED
}
