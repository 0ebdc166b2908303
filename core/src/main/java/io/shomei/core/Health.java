package io.shomei.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Shomei#health()} found: one typed {@link Check} per {@link Kind}, taken now, and
 * whether the node is {@link #ready()} to take traffic.
 *
 * <h2>Liveness and readiness</h2>
 *
 * <p><b>Live</b> means the process answers; a host reports it without calling Shomei (a liveness
 * probe that touched the database would restart every node when the database blinks). <b>Ready</b>
 * means this node can do every step of the manual: the database answers, key custody signs, and no
 * CA certificate has expired. A node whose HSM session is lost is not ready (it cannot issue), yet
 * certificate login keeps working there (login needs the trust anchors and the database, not the
 * CA key), so a load balancer that takes it out of rotation loses nothing in flight. The audit
 * chain's tail and the next campaign instant are reported but do not change readiness: a broken
 * chain is a matter for the operators on every node at once, not a reason to stop serving.
 *
 * @param at when the checks ran (the engine's clock)
 * @param checks one per {@link Kind}, in the order of {@link Kind}
 * @since 0.2.0
 */
public record Health(Instant at, List<Check> checks) {

  /** Copies the checks. */
  public Health {
    Objects.requireNonNull(at, "at");
    checks = List.copyOf(checks);
  }

  /**
   * What is checked.
   *
   * @since 0.2.0
   */
  public enum Kind {
    /** The store answers a read (the audit log's tail). DOWN makes the node not ready. */
    DATABASE(true),
    /**
     * Key custody signs a test message and the signature verifies with the CA's public key. DOWN
     * (an HSM session lost, a token removed) makes the node not ready.
     */
    KEY_CUSTODY(true),
    /**
     * The CA certificates (custody's chain and every service's trust anchors): WARN when one ends
     * within the horizon, DOWN (not ready) when one has ended. {@link Check#instant()} is the
     * earliest end.
     */
    CA_EXPIRY(true),
    /**
     * The newest audit records still verify and link ({@link
     * io.shomei.core.audit.AuditTrail#verifyTail}); DOWN when they do not or cannot be read.
     */
    AUDIT_CHAIN(false),
    /**
     * The next instant at which a re-acquisition rule of a service changes what customers are told
     * (unusable from, re-acquisition opens or closes, advice ends); {@link Check#instant()} is it,
     * or {@code null} when no rule has one ahead. Always UP: it is information for operators.
     */
    NEXT_CAMPAIGN_INSTANT(false),
    /**
     * The newest published CRL ({@link CrlPublisher#latest()}): UP while it is fresh, WARN when
     * none was published yet or its renewal is overdue ({@link CrlPublisher#publishIfDue()} did
     * not run or failed on every node), DOWN once its {@code nextUpdate} has passed (relying
     * parties then hold an expired CRL). {@link Check#instant()} is its {@code nextUpdate}. It does
     * not change readiness: the CRL is the cluster's, and login does not read it.
     *
     * @since 0.2.0
     */
    CRL_FRESHNESS(false);

    private final boolean readiness;

    Kind(boolean readiness) {
      this.readiness = readiness;
    }

    /**
     * Whether a DOWN check of this kind makes the node not ready.
     *
     * @return {@code true} for database, key custody and CA expiry
     */
    public boolean affectsReadiness() {
      return readiness;
    }
  }

  /**
   * A check's outcome.
   *
   * @since 0.2.0
   */
  public enum Status {
    /** Fine. */
    UP,
    /** Fine now, needs attention soon (a CA certificate ends within the horizon). */
    WARN,
    /** Failing. */
    DOWN
  }

  /**
   * One check.
   *
   * @param kind what was checked
   * @param status the outcome
   * @param detail a short description for operators (counts, dates, an exception's class; never a
   *     secret or a stored value)
   * @param instant the instant the check is about (earliest CA end, next campaign instant), or
   *     {@code null}
   * @since 0.2.0
   */
  public record Check(Kind kind, Status status, String detail, @Nullable Instant instant) {
    /** Validates. */
    public Check {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * Whether the node is ready: no check that {@linkplain Kind#affectsReadiness() affects
   * readiness} is DOWN.
   *
   * @return {@code true} if ready
   */
  public boolean ready() {
    return checks.stream().noneMatch(c -> c.kind().affectsReadiness() && c.status() == Status.DOWN);
  }

  /**
   * The check of a kind.
   *
   * @param kind the kind
   * @return the check, if it ran
   */
  public Optional<Check> check(Kind kind) {
    return checks.stream().filter(c -> c.kind() == kind).findFirst();
  }
}
