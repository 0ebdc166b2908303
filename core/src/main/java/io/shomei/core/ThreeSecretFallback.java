package io.shomei.core;

/**
 * What a service does with an acquisition by the three secrets (user ID, login password,
 * acquisition password) while the account holds a certificate that could renew instead
 * ({@link Renewal}): a certificate that may prove possession under the rules
 * ({@link io.shomei.core.eligibility.Eligibility#checkProof}). A real-time phishing site can ask
 * for the three secrets; it cannot use the customer's certificate. Set per service with
 * {@link Shomei.Builder#threeSecretFallback}.
 *
 * @since 0.2.0
 */
public enum ThreeSecretFallback {
  /** The three secrets alone issue, as before 0.2.0 (the default). */
  ALLOW,
  /**
   * The three secrets alone issue, and the issuance raises an alert: an
   * {@code ISSUANCE_ALERT} audit event and the host's {@link IssuanceAlert} listener
   * ({@link Shomei.Builder#issuanceAlerts}), which tells the customer on a second channel.
   */
  ALLOW_WITH_ALERT,
  /**
   * Refused with {@link AcquisitionRefusal#RENEW_WITH_CERTIFICATE} while the account holds a
   * certificate that may prove possession (one that never reached a browser does not count, see
   * {@link Acquisition}). A branch operator who confirms the PC is lost or replaced retires that
   * certificate ({@link OperatorActions#flagDeviceLostOrReplaced}); the three secrets then pass.
   */
  REFUSE
}
