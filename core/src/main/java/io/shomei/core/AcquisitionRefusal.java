package io.shomei.core;

/**
 * Why an acquisition was refused: a code the host maps to a message and a next step.
 *
 * @since 0.1.0
 */
public enum AcquisitionRefusal {
  /**
   * The user ID, the login password or the acquisition password is wrong, there is no such
   * account, or its login password is locked after too many failures. The same code, after the
   * same work, whichever it was; each wrong password was counted against that password. A locked
   * login password is never told here (that would tell a guesser who locked an account that it
   * exists; certificate login tells it to the certificate's holder), so a host's message for this
   * code should say that repeated failures lock the account and the branch unlocks it.
   */
  AUTHENTICATION_FAILED,
  /**
   * The acquisition password is locked after too many failures: the customer contacts the branch,
   * which issues a new one. Told only to a caller who gave the right login password.
   */
  LOCKED,
  /**
   * The temporary login password expired unused: the branch issues a new one. Told only when both
   * passwords were right.
   */
  LOGIN_PASSWORD_EXPIRED,
  /**
   * A one-time acquisition password was already used: the branch issues a new one (MISSION R7).
   * Told only when both passwords were right.
   */
  ACQUISITION_PASSWORD_USED,
  /**
   * Re-acquisition is not possible yet; {@link AcquisitionResult.Refused#availableFrom()} says from
   * when (MISSION R5: "re-acquisition before 2021-02-24 is not possible").
   */
  NOT_YET_ELIGIBLE,
  /**
   * The account has a usable certificate and no rule makes it eligible for a new one (and the bank
   * did not allow voluntary re-acquisition).
   */
  NOT_ELIGIBLE,
  /**
   * Self-service is closed for this account (certificate expired beyond any grace, campaign closed,
   * certificate revoked): the customer contacts the branch.
   */
  OPERATOR_REQUIRED,
  /** The acquisition password cannot protect a PKCS#12 file (not printable ASCII). */
  UNSUITABLE_PKCS12_PASSWORD,
  /**
   * The issuer refused (a bad CSR, a user ID the issuer does not accept); see
   * {@link AcquisitionResult.Refused#issuanceRefusal()}. Nothing was signed.
   */
  ISSUANCE_REFUSED,
  /**
   * Another acquisition for the same account completed first. The certificate issued here stays
   * unused (ISSUED, never active). Retrying is safe: the next attempt sees the new state (and is
   * usually refused as {@link #NOT_ELIGIBLE}, the other acquisition having succeeded).
   */
  CONCURRENT_ACQUISITION,
  /** The service is not configured in this Shomei instance. */
  UNKNOWN_SERVICE
}
