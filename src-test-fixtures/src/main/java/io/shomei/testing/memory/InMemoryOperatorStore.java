package io.shomei.testing.memory;

import io.shomei.spi.OperatorRecord;
import io.shomei.spi.OperatorStore;
import io.shomei.spi.Proposal;
import io.shomei.spi.ProposalStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A strict in-memory {@link OperatorStore}. Beyond the SPI it counts the decisions it granted per
 * proposal and fails loudly if one proposal were ever decided twice, and it refuses a proposal
 * whose proposer is unknown or disabled (a bank's store may keep operators elsewhere; ours keeps
 * them here). Atomic under one lock.
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public final class InMemoryOperatorStore implements OperatorStore {
  private final Object lock = new Object();
  private final Map<String, OperatorRecord> operators = new HashMap<>();
  private final Map<String, Proposal> proposals = new HashMap<>();

  /** An empty store. */
  public InMemoryOperatorStore() {}

  @Override
  public void saveOperator(OperatorRecord operator) {
    Objects.requireNonNull(operator, "operator");
    synchronized (lock) {
      operators.put(operator.id(), operator);
    }
  }

  @Override
  public Optional<OperatorRecord> findOperator(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      return Optional.ofNullable(operators.get(id));
    }
  }

  @Override
  public boolean propose(Proposal proposal) {
    Objects.requireNonNull(proposal, "proposal");
    if (proposal.status() != ProposalStatus.PENDING) {
      throw new IllegalArgumentException("a new proposal must be PENDING");
    }
    synchronized (lock) {
      OperatorRecord proposer = operators.get(proposal.proposedBy());
      if (proposer == null || !proposer.enabled()) {
        throw new IllegalStateException(
            "strict store: the proposer is not an enabled operator of this store");
      }
      return proposals.putIfAbsent(proposal.id(), proposal) == null;
    }
  }

  @Override
  public Optional<Proposal> findProposal(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      return Optional.ofNullable(proposals.get(id));
    }
  }

  @Override
  public List<Proposal> findPending(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000");
    }
    List<Proposal> out = new ArrayList<>();
    synchronized (lock) {
      for (Proposal p : proposals.values()) {
        if (p.decidableAt(now)) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparing(Proposal::proposedAt).thenComparing(Proposal::id));
    return List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }

  @Override
  public DecisionResult decide(String id, String operator, ProposalStatus decision, Instant at) {
    Objects.requireNonNull(id, "id");
    OperatorRecord.requireValidId(operator);
    Objects.requireNonNull(at, "at");
    if (decision == ProposalStatus.PENDING) {
      throw new IllegalArgumentException("a decision is APPROVED or REJECTED");
    }
    synchronized (lock) {
      Proposal p = proposals.get(id);
      if (p == null) {
        return new DecisionResult.NotFound();
      }
      Optional<DecisionResult> refused = p.refusalOfDecision(operator, at);
      if (refused.isPresent()) {
        return refused.get();
      }
      Proposal decided = p.decided(decision, operator, at);
      proposals.put(id, decided);
      return new DecisionResult.Decided(decided);
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemoryOperatorStore[" + operators.size() + " operators, " + proposals.size()
          + " proposals]";
    }
  }
}
