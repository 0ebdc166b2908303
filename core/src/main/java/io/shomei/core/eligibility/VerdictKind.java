package io.shomei.core.eligibility;

/**
 * The kind of a {@link Verdict}, one constant per permitted subtype; used for counting and export.
 *
 * @since 0.1.0
 */
public enum VerdictKind {
  /** {@link Verdict.Unaffected}. */
  UNAFFECTED,
  /** {@link Verdict.AffectedWaitUntil}. */
  AFFECTED_WAIT,
  /** {@link Verdict.EligibleNow}. */
  ELIGIBLE_NOW,
  /** {@link Verdict.RenewalNotDueUntil}. */
  RENEWAL_NOT_DUE,
  /** {@link Verdict.ExpiredSelfServiceUntil}. */
  EXPIRED_SELF_SERVICE,
  /** {@link Verdict.OperatorRequired}. */
  OPERATOR_REQUIRED,
  /** {@link Verdict.NotYetValid}. */
  NOT_YET_VALID,
  /** {@link Verdict.Superseded}. */
  SUPERSEDED,
  /** {@link Verdict.Revoked}. */
  REVOKED
}
