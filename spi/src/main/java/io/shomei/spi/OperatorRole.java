package io.shomei.spi;

/**
 * What a branch operator may do under dual control ({@link OperatorStore}).
 *
 * @since 0.2.0
 */
public enum OperatorRole {
  /** Proposes sensitive actions (a reset, an unlock, a revocation, a rule change). */
  BRANCH_OPERATOR,
  /** Approves or rejects another operator's proposal, and receives what the action hands out. */
  APPROVER,
  /** Reads accounts, proposals and the audit trail; proposes and approves nothing. */
  AUDITOR
}
