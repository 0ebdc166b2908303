package io.shomei.spi;

/**
 * Where a {@link Proposal} stands. A pending proposal past its {@link Proposal#expiresAt()} stays
 * {@code PENDING} in the store but can no longer be decided.
 *
 * @since 0.2.0
 */
public enum ProposalStatus {
  /** Waiting for a second operator. */
  PENDING,
  /** Approved by a second operator; the action was handed to the engine to run. */
  APPROVED,
  /** Rejected by a second operator; nothing ran. */
  REJECTED
}
