package io.shomei.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the bank's branch operators (identities and roles) and the proposals of dual control: a
 * sensitive action proposed by one operator runs only once another operator approves it.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>{@link #decide} is a compare-and-set: of any number of concurrent decisions on one proposal,
 *       across threads and nodes, <b>at most one</b> returns {@link DecisionResult.Decided}; every
 *       other one sees the proposal already decided. A proposal is never decided by its proposer, nor
 *       at or after its expiry.
 *   <li>Proposals are never deleted through this interface; a decided proposal never changes again.
 *   <li>Every method is safe to call from many threads at once.
 * </ul>
 *
 * <p>The contract suite {@code io.shomei.testing.contract.OperatorStoreContract} in
 * {@code shomei-test-fixtures} checks these guarantees.
 *
 * @since 0.2.0
 */
public interface OperatorStore {

  /**
   * Adds an operator or replaces the one with the same id (roles changed, disabled).
   *
   * @param operator the operator
   * @throws StorageException on infrastructure failure
   */
  void saveOperator(OperatorRecord operator);

  /**
   * Reads an operator.
   *
   * @param id the operator's id
   * @return the operator, or empty if unknown
   * @throws StorageException on infrastructure failure
   */
  Optional<OperatorRecord> findOperator(String id);

  /**
   * Stores a new pending proposal.
   *
   * @param proposal the proposal, {@link ProposalStatus#PENDING}
   * @return {@code true} if stored, {@code false} if a proposal with that id exists (nothing changed)
   * @throws IllegalArgumentException if the proposal is not pending
   * @throws StorageException on infrastructure failure
   */
  boolean propose(Proposal proposal);

  /**
   * Reads a proposal, decided or not.
   *
   * @param id the proposal's id
   * @return the proposal, or empty
   * @throws StorageException on infrastructure failure
   */
  Optional<Proposal> findProposal(String id);

  /**
   * The proposals still decidable at {@code now} (pending, not expired), oldest first.
   *
   * @param now the instant
   * @param limit at most this many (1..10000)
   * @return an immutable list
   * @throws StorageException on infrastructure failure
   */
  List<Proposal> findPending(Instant now, int limit);

  /**
   * Decides a proposal if it is still pending, not expired at {@code at}, and {@code operator} is
   * not its proposer; atomically.
   *
   * @param id the proposal's id
   * @param operator the deciding operator
   * @param decision {@link ProposalStatus#APPROVED} or {@link ProposalStatus#REJECTED}
   * @param at the instant of the decision
   * @return {@link DecisionResult.Decided} with the decided proposal, or why nothing changed
   * @throws IllegalArgumentException if {@code decision} is {@code PENDING}
   * @throws StorageException on infrastructure failure (then it was decided or not; re-read)
   */
  DecisionResult decide(String id, String operator, ProposalStatus decision, Instant at);

  /**
   * Outcome of {@link #decide}.
   *
   * @since 0.2.0
   */
  sealed interface DecisionResult {
    /**
     * Decided now, by this call.
     *
     * @param proposal the proposal after the decision
     */
    record Decided(Proposal proposal) implements DecisionResult {
      /** Checks for null. */
      public Decided {
        Objects.requireNonNull(proposal, "proposal");
      }
    }

    /** No proposal with that id; nothing changed. */
    record NotFound() implements DecisionResult {}

    /**
     * Decided before (a replayed or concurrent decision); nothing changed.
     *
     * @param proposal the proposal as decided
     */
    record AlreadyDecided(Proposal proposal) implements DecisionResult {
      /** Checks for null. */
      public AlreadyDecided {
        Objects.requireNonNull(proposal, "proposal");
      }
    }

    /**
     * Pending but expired at the decision's instant; nothing changed.
     *
     * @param proposal the proposal
     */
    record Expired(Proposal proposal) implements DecisionResult {
      /** Checks for null. */
      public Expired {
        Objects.requireNonNull(proposal, "proposal");
      }
    }

    /**
     * The deciding operator is the proposer; nothing changed.
     *
     * @param proposal the proposal
     */
    record SameOperator(Proposal proposal) implements DecisionResult {
      /** Checks for null. */
      public SameOperator {
        Objects.requireNonNull(proposal, "proposal");
      }
    }
  }
}
