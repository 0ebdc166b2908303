package io.shomei.core;

/**
 * Why a step of a certificate login was refused. Each constant says what a host should tell the
 * customer.
 *
 * @since 0.1.0
 */
public enum LoginRefusal {
  /**
   * The presented certificate was not accepted (untrusted, expired, not the active certificate of
   * its account, ...); {@link LoginResult.Refused#certificateRefusal()} says why. At the password
   * step this means the certificate was superseded, revoked or otherwise unbound after the
   * certificate step.
   */
  CERTIFICATE_NOT_ACCEPTED,
  /**
   * A re-acquisition campaign made the certificate unusable (MISSION R2, R5): send the customer to
   * certificate re-acquisition. {@link Refusal.MustReacquire} carries the dates.
   */
  REACQUIRE_REQUIRED,
  /**
   * The eligibility rules refuse the certificate for another reason (expired, not yet valid,
   * superseded, revoked); {@link Refusal.MustReacquire} has the reason and the date.
   */
  CERTIFICATE_NOT_USABLE,
  /**
   * Certificate step only: the account's login password is locked after too many failures. Tell
   * the customer to contact their branch (an operator unlocks it). The certificate already proves
   * who the customer is, so saying "locked" here tells nothing to someone who does not hold it.
   */
  ACCOUNT_LOCKED,
  /**
   * Certificate step only: the account has no credentials record or no login password. Tell the
   * customer to contact their branch.
   */
  NO_LOGIN_PASSWORD,
  /**
   * Password or change step: the password is wrong. Deliberately the same answer, taking the same
   * time, when the account is locked or unknown, so an attacker learns nothing from it.
   */
  INVALID_CREDENTIALS,
  /**
   * The correct temporary password was given, but it expired. Tell the customer to ask their
   * branch for a new temporary password.
   */
  TEMPORARY_PASSWORD_EXPIRED,
  /**
   * The temporary login password equals the acquisition password (a set-up error); it is refused so
   * that the acquisition password is never accepted as a login password (MISSION L4, A13). Tell the
   * customer to ask their branch for a new temporary password.
   */
  TEMPORARY_PASSWORD_UNUSABLE,
  /** The pending login is older than the configured timeout: start again with the certificate. */
  PENDING_LOGIN_EXPIRED,
  /**
   * Certificate step only: the certificate was issued by the three secrets while the account held
   * a certificate that could have renewed, and the service's cooling-off has not ended;
   * {@link Refusal.CoolingOff#until()} says when it does.
   *
   * @since 0.2.0
   */
  COOLING_OFF
}
