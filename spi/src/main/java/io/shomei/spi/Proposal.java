package io.shomei.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A sensitive operator action proposed by one operator and waiting for (or decided by) another:
 * dual control. The store keeps what the action is ({@code action} and {@code parameters}), never a
 * secret: the secrets an approved action hands out are generated when it runs.
 *
 * @param id the proposal's id (1..64 chars of {@code [A-Za-z0-9_-]})
 * @param action the action's stable name (for example {@code RESET_ACQUISITION_PASSWORD}), 1..64
 *     chars of {@code [A-Z0-9_]}
 * @param account the account it acts on, or {@code null} for an action on no account (a rule change)
 * @param parameters what the action needs besides the account (immutable; no secrets)
 * @param proposedBy the proposing operator
 * @param proposedAt when it was proposed
 * @param expiresAt the first instant at which it can no longer be decided
 * @param status where it stands
 * @param decidedBy the deciding operator, set exactly when not {@code PENDING}
 * @param decidedAt when it was decided, set exactly when not {@code PENDING}
 * @since 0.2.0
 */
public record Proposal(String id, String action, @Nullable AccountKey account,
    Map<String, String> parameters, String proposedBy, Instant proposedAt, Instant expiresAt,
    ProposalStatus status, @Nullable String decidedBy, @Nullable Instant decidedAt) {

  /** Validates the fields. */
  public Proposal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(proposedAt, "proposedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(status, "status");
    if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("proposal id must be 1..64 chars of [A-Za-z0-9_-]");
    }
    if (!action.matches("[A-Z0-9_]{1,64}")) {
      throw new IllegalArgumentException("action must be 1..64 chars of [A-Z0-9_]");
    }
    OperatorRecord.requireValidId(proposedBy);
    if (!expiresAt.isAfter(proposedAt)) {
      throw new IllegalArgumentException("expiresAt must be after proposedAt");
    }
    if ((status == ProposalStatus.PENDING) != (decidedBy == null)
        || (decidedBy == null) != (decidedAt == null)) {
      throw new IllegalArgumentException("decidedBy and decidedAt are set exactly when decided");
    }
    if (decidedBy != null) {
      OperatorRecord.requireValidId(decidedBy);
    }
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (!e.getKey().matches("[a-z0-9_]{1,64}") || !StorableText.isStorable(e.getValue())) {
        throw new IllegalArgumentException("parameter names are [a-z0-9_]{1,64}, values storable");
      }
    }
    parameters = Map.copyOf(new TreeMap<>(parameters));
  }

  /**
   * Whether it can still be decided at {@code now}.
   *
   * @param now the instant
   * @return {@code true} if pending and not expired
   */
  public boolean decidableAt(Instant now) {
    return status == ProposalStatus.PENDING && now.isBefore(expiresAt);
  }

  /**
   * Why {@code operator} may not decide this proposal at {@code at}, checked in the order every
   * {@link OperatorStore#decide} answers: already decided, expired, the proposer's own.
   *
   * @param operator the operator who would decide
   * @param at when
   * @return the refusal, or empty if the decision may be taken
   * @since 0.2.0
   */
  public Optional<OperatorStore.DecisionResult> refusalOfDecision(String operator, Instant at) {
    if (status != ProposalStatus.PENDING) {
      return Optional.of(new OperatorStore.DecisionResult.AlreadyDecided(this));
    }
    if (!at.isBefore(expiresAt)) {
      return Optional.of(new OperatorStore.DecisionResult.Expired(this));
    }
    if (proposedBy.equals(operator)) {
      return Optional.of(new OperatorStore.DecisionResult.SameOperator(this));
    }
    return Optional.empty();
  }

  /**
   * This proposal decided.
   *
   * @param decision {@link ProposalStatus#APPROVED} or {@link ProposalStatus#REJECTED}
   * @param operator the deciding operator
   * @param at when
   * @return the decided proposal
   */
  public Proposal decided(ProposalStatus decision, String operator, Instant at) {
    if (decision == ProposalStatus.PENDING) {
      throw new IllegalArgumentException("a decision is APPROVED or REJECTED");
    }
    return new Proposal(id, action, account, parameters, proposedBy, proposedAt, expiresAt,
        decision, operator, at);
  }
}
