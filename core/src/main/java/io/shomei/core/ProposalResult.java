package io.shomei.core;

import io.shomei.spi.Proposal;
import java.util.Objects;

/**
 * Outcome of {@link OperatorActions#propose}.
 *
 * @since 0.2.0
 */
public sealed interface ProposalResult {

  /**
   * Stored, waiting for another operator's approval. It carries no secret: what the action hands
   * out goes to the approver.
   *
   * @param proposal the stored proposal (its id is what the approver is given)
   * @since 0.2.0
   */
  record Proposed(Proposal proposal) implements ProposalResult {
    /** Checks for null. */
    public Proposed {
      Objects.requireNonNull(proposal, "proposal");
    }
  }

  /**
   * Not stored.
   *
   * @param reason why
   * @since 0.2.0
   */
  record Refused(Reason reason) implements ProposalResult {
    /** Checks for null. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Why a proposal was refused.
   *
   * @since 0.2.0
   */
  enum Reason {
    /** The operator is not in the operator store, or is disabled. */
    UNKNOWN_OPERATOR,
    /** The operator's roles do not include {@code BRANCH_OPERATOR} (an auditor, an approver). */
    ROLE_NOT_ALLOWED,
    /** The account does not exist, or the certificate to revoke is not the account's. */
    NO_SUCH_TARGET,
    /** A rule change names an unknown service or its rule file does not parse. */
    INVALID_RULES
  }
}
