package io.shomei.core;

/**
 * Why an acquisition was refused: a code the host maps to a message and a next step.
 *
 * @since 0.1.0
 */
public enum AcquisitionRefusal {
  /**
   * The user ID, the login password or the acquisition password is wrong, there is no such
   * account, its login password is locked, or the acquisition path is locked after too many
   * failures. The same code, after the same work, whichever it was; a wrong attempt was counted
   * against the acquisition path (never against the login password). A lock is never told here:
   * while one holds, nothing is verified, so telling it would tell a guesser that the account
   * exists, and telling it only on right passwords would confirm a guessed password. A host's
   * message for this code should say that repeated failures block acquisition for a while (up to
   * an hour by default) and that the branch helps when it does not pass.
   */
  AUTHENTICATION_FAILED,
  /**
   * No longer returned (since 0.2.0 a lock of the acquisition path is answered as
   * {@link #AUTHENTICATION_FAILED}, see there); kept so that hosts' switches still compile.
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
   * The account has a usable certificate that has been used for a certificate login (or still has
   * a live download), no rule makes it eligible for a new one, and the bank did not allow voluntary
   * re-acquisition. A certificate never used for a login whose downloads ran out is replaced
   * instead (see {@link Acquisition}). A host's message should say what to do when the customer
   * lost the certificate all the same: the branch revokes it and issues a new acquisition password.
   */
  NOT_ELIGIBLE,
  /**
   * Self-service is closed for this account (certificate expired beyond any grace, campaign closed,
   * certificate revoked, or a certificate of the account revoked for cause and no new acquisition
   * password issued since, see {@link Shomei.Builder#operatorStepAfterRevocation}): the customer
   * contacts the branch.
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
   * Another acquisition for the same account completed first. The certificate signed here is
   * handed to nobody and not stored; the audit trail records it as {@code CERTIFICATE_DISCARDED}. Retrying is safe: the next attempt sees the new state (and is
   * usually refused as {@link #NOT_ELIGIBLE}, the other acquisition having succeeded).
   */
  CONCURRENT_ACQUISITION,
  /** The service is not configured in this Shomei instance. */
  UNKNOWN_SERVICE,
  /**
   * The service refuses the three secrets alone ({@link ThreeSecretFallback#REFUSE}) while the
   * account holds a certificate that can renew: renew with it ({@link Renewal}). When the
   * customer no longer has it (a lost or replaced PC), the branch flags it
   * ({@link OperatorActions#flagDeviceLostOrReplaced}). Told only when every secret was right.
   *
   * @since 0.2.0
   */
  RENEW_WITH_CERTIFICATE
}
