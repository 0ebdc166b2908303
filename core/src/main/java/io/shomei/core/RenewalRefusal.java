package io.shomei.core;

/**
 * Why a renewal with the current certificate was refused: a code the host maps to a message and a
 * next step. Nothing was issued.
 *
 * @since 0.2.0
 */
public enum RenewalRefusal {
  /**
   * No proof of possession: no certificate was presented, or the signature over the challenge
   * does not verify with the presented certificate's key. The customer without a certificate uses
   * acquisition (the three secrets) instead.
   */
  NO_PROOF,
  /**
   * The presented certificate is not one this service accepts (a foreign CA's, even with the
   * same CN; an unknown, expired, malformed or another account's certificate); see
   * {@link RenewalResult.Refused#certificateRefusal()}.
   */
  CERTIFICATE_NOT_ACCEPTED,
  /** The presented certificate was replaced by a newer one: renew with the newer one. */
  SUPERSEDED,
  /** The presented certificate was revoked: the branch helps. */
  REVOKED,
  /**
   * The rules do not let this certificate prove possession now: a campaign made it unusable for
   * login and declares that it proves nothing ({@link
   * io.shomei.core.eligibility.ReacquisitionRule#proofAfterUnusable()}); see
   * {@link RenewalResult.Refused#proof()}. The customer re-acquires with the three secrets or at
   * the branch.
   */
  NOT_USABLE_AS_PROOF,
  /** The challenge was not made by this bank's engine, or not for this service and account. */
  CHALLENGE_INVALID,
  /** The challenge is older than its lifetime: ask for a new one. */
  CHALLENGE_EXPIRED,
  /** The challenge already yielded a certificate for the account: ask for a new one. */
  CHALLENGE_REPLAYED,
  /**
   * Not possible yet; {@link RenewalResult.Refused#availableFrom()} says from when (the same
   * decision as {@link AcquisitionRefusal#NOT_YET_ELIGIBLE}).
   */
  NOT_YET_ELIGIBLE,
  /**
   * The certificate is usable and no rule makes it eligible for a new one, and the bank did not
   * allow voluntary re-acquisition (as {@link AcquisitionRefusal#NOT_ELIGIBLE}).
   */
  NOT_ELIGIBLE,
  /** Only the branch can issue the next certificate (as {@link AcquisitionRefusal#OPERATOR_REQUIRED}). */
  OPERATOR_REQUIRED,
  /** The chosen file password cannot protect a PKCS#12 file (not printable ASCII). */
  UNSUITABLE_PKCS12_PASSWORD,
  /** The issuer refused; nothing was signed. */
  ISSUANCE_REFUSED,
  /**
   * Another renewal or acquisition for the account completed first; what was signed here is
   * handed to nobody ({@code CERTIFICATE_DISCARDED}).
   */
  CONCURRENT_RENEWAL,
  /** The service is not configured in this Shomei instance. */
  UNKNOWN_SERVICE
}
