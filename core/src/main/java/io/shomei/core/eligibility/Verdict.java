package io.shomei.core.eligibility;

import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the rules say about one certificate at one instant: an explained, typed outcome.
 *
 * <p>For display (for example a command-line {@code cert check}), every verdict answers the same
 * questions: {@link #kind()} (its {@code name()} is a stable code, one per kind),
 * {@link #usableNow()}, {@link #unusableFrom()}, {@link #reacquireFrom()},
 * {@link #reacquireUntil()}, {@link #suggestedWindow()} and {@link #rule()} (its
 * {@link Rule#id()}); the kinds' own components add detail.
 *
 * <p>Every verdict answers {@link #usableNow()} (may the certificate be used for login at the
 * evaluation instant) and carries a {@link #suggestedWindow()} the host can show, the rule that
 * decided it (if any) and the instants involved. {@link RuleSet} documents which verdict wins when
 * several rules match.
 *
 * @since 0.1.0
 */
public sealed interface Verdict {

  /**
   * The kind, for counting and export.
   *
   * @return the kind
   */
  VerdictKind kind();

  /**
   * The instant the verdict was evaluated at.
   *
   * @return the evaluation instant
   */
  Instant evaluatedAt();

  /**
   * Whether the certificate may be used for login at {@link #evaluatedAt()}: it is current (not
   * superseded or revoked), within its validity period (both ends inclusive) and no campaign made
   * it unusable.
   *
   * @return {@code true} if usable
   */
  boolean usableNow();

  /**
   * When the owner should re-acquire or renew (RFC 9773 semantics; see each verdict for how it is
   * chosen).
   *
   * @return the window
   */
  SuggestedWindow suggestedWindow();

  /**
   * The rule that decided the verdict, or {@code null} when no rule did.
   *
   * @return the rule, or {@code null}
   */
  @Nullable Rule rule();

  /**
   * The first instant the certificate is refused for login under the re-acquisition campaign that
   * decided this verdict ({@link ReacquisitionRule#unusableFrom()}), or {@code null} when no
   * campaign decided it. Every verdict kind answers, so a host can print it uniformly; the records
   * that carry the same instant as a component return that component.
   *
   * @return the instant, or {@code null}
   * @since 0.1.0
   */
  default @Nullable Instant unusableFrom() {
    return rule() instanceof ReacquisitionRule campaign ? campaign.unusableFrom() : null;
  }

  /**
   * The first instant self-service re-acquisition is allowed under the campaign that decided this
   * verdict ({@link ReacquisitionRule#reacquireFrom()}), or {@code null} when no campaign decided
   * it.
   *
   * @return the instant, or {@code null}
   * @since 0.1.0
   */
  default @Nullable Instant reacquireFrom() {
    return rule() instanceof ReacquisitionRule campaign ? campaign.reacquireFrom() : null;
  }

  /**
   * The last instant (inclusive) self-service re-acquisition is allowed under the campaign that
   * decided this verdict ({@link ReacquisitionRule#reacquireUntil()}), or {@code null} when no
   * campaign decided it or the campaign has no end.
   *
   * @return the instant, or {@code null}
   * @since 0.1.0
   */
  default @Nullable Instant reacquireUntil() {
    return rule() instanceof ReacquisitionRule campaign ? campaign.reacquireUntil() : null;
  }

  /**
   * The last instant (inclusive) of the advised re-acquisition period of the campaign that decided
   * this verdict ({@link ReacquisitionRule#advisedUntil()}), or {@code null} when no campaign
   * decided it or the campaign advises no period of its own. The suggested window then ends there;
   * after it, an eligible certificate is overdue ({@link EligibleNow#overdue()}).
   *
   * @return the instant, or {@code null}
   * @since 0.2.0
   */
  default @Nullable Instant advisedUntil() {
    return rule() instanceof ReacquisitionRule campaign ? campaign.advisedUntil() : null;
  }

  /**
   * No rule applies and the certificate is valid and current: nothing to do. The window is the
   * last third of the validity period (the usual ARI default).
   *
   * @param evaluatedAt the evaluation instant
   * @param suggestedWindow the last third of the validity period
   */
  record Unaffected(Instant evaluatedAt, SuggestedWindow suggestedWindow) implements Verdict {
    /** Checks for nulls. */
    public Unaffected {
      Objects.requireNonNull(evaluatedAt, "evaluatedAt");
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.UNAFFECTED;
    }

    @Override
    public boolean usableNow() {
      return true;
    }

    @Override
    public @Nullable Rule rule() {
      return null;
    }
  }

  /**
   * A campaign affects the certificate and re-acquisition is refused until {@code reacquireFrom}.
   * The window starts at {@code reacquireFrom}.
   *
   * @param rule the campaign
   * @param evaluatedAt the evaluation instant, before {@code reacquireFrom}
   * @param reacquireFrom the first instant re-acquisition is allowed
   * @param unusableFrom the first instant the certificate is refused for login
   * @param usableNow whether the certificate can still be used now
   * @param suggestedWindow from {@code reacquireFrom} to {@code reacquireUntil} (or to the later of
   *     {@code reacquireFrom} and {@code unusableFrom})
   */
  record AffectedWaitUntil(
      ReacquisitionRule rule,
      Instant evaluatedAt,
      Instant reacquireFrom,
      Instant unusableFrom,
      boolean usableNow,
      SuggestedWindow suggestedWindow) implements Verdict {
    /** Checks for nulls and that {@code evaluatedAt < reacquireFrom}. */
    public AffectedWaitUntil {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
      if (!evaluatedAt.isBefore(reacquireFrom)) {
        throw new IllegalArgumentException("not waiting: " + evaluatedAt + " >= " + reacquireFrom);
      }
      Objects.requireNonNull(unusableFrom, "unusableFrom");
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.AFFECTED_WAIT;
    }
  }

  /**
   * The owner may re-acquire (or renew) the certificate now.
   *
   * @param rule the rule that opened the way (a campaign wins over a renewal rule)
   * @param reasons every reason that applies now
   * @param evaluatedAt the evaluation instant
   * @param unusableFrom the campaign's {@code unusableFrom}, or {@code null} when only a renewal
   *     rule applies (then the certificate's {@code notAfter} is what ends it)
   * @param selfServiceUntil the last instant self-service stays open, or {@code null} for no end
   * @param usableNow whether the certificate can still be used now
   * @param suggestedWindow the campaign's window, or the renewal window
   *     {@code [notAfter - renewBefore, notAfter]}
   */
  record EligibleNow(
      Rule rule,
      Set<Reason> reasons,
      Instant evaluatedAt,
      @Nullable Instant unusableFrom,
      @Nullable Instant selfServiceUntil,
      boolean usableNow,
      SuggestedWindow suggestedWindow) implements Verdict {
    /** Checks for nulls and copies {@code reasons} (not empty). */
    public EligibleNow {
      Objects.requireNonNull(rule, "rule");
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("an eligible verdict has a reason");
      }
      reasons = Set.copyOf(EnumSet.copyOf(reasons));
      Objects.requireNonNull(evaluatedAt, "evaluatedAt");
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.ELIGIBLE_NOW;
    }

    /**
     * Why a certificate is eligible now.
     *
     * @since 0.1.0
     */
    public enum Reason {
      /** A campaign's re-acquisition period is open. */
      REACQUISITION_OPEN,
      /** A renewal rule's window is open and the certificate has not expired. */
      RENEWAL_WINDOW_OPEN,
      /**
       * The campaign's advised period ({@link ReacquisitionRule#advisedUntil()}) is over and the
       * certificate was not replaced: re-acquisition is overdue. Self-service is still open; the
       * certificate keeps working until the campaign's {@code unusableFrom}.
       *
       * @since 0.2.0
       */
      OVERDUE
    }

    /**
     * Whether re-acquisition is overdue: the advised period ended ({@link Reason#OVERDUE}).
     *
     * @return {@code true} if overdue
     * @since 0.2.0
     */
    public boolean overdue() {
      return reasons.contains(Reason.OVERDUE);
    }
  }

  /**
   * A renewal rule applies; the renewal window opens at {@code dueFrom}. The certificate is usable.
   *
   * @param rule the renewal rule
   * @param evaluatedAt the evaluation instant, before {@code dueFrom}
   * @param dueFrom {@code notAfter - renewBefore}
   * @param suggestedWindow {@code [dueFrom, notAfter]}
   */
  record RenewalNotDueUntil(
      RenewalRule rule, Instant evaluatedAt, Instant dueFrom, SuggestedWindow suggestedWindow)
      implements Verdict {
    /** Checks for nulls and that {@code evaluatedAt < dueFrom}. */
    public RenewalNotDueUntil {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
      if (!evaluatedAt.isBefore(dueFrom)) {
        throw new IllegalArgumentException("already due: " + evaluatedAt + " >= " + dueFrom);
      }
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.RENEWAL_NOT_DUE;
    }

    @Override
    public boolean usableNow() {
      return true;
    }
  }

  /**
   * The certificate expired; its owner may still renew it alone until {@code selfServiceUntil}.
   *
   * @param rule the renewal rule that grants the grace
   * @param evaluatedAt the evaluation instant
   * @param expiredAfter the certificate's {@code notAfter}
   * @param selfServiceUntil {@code notAfter + selfServiceGrace}, inclusive
   * @param suggestedWindow {@code [notAfter, selfServiceUntil]}
   */
  record ExpiredSelfServiceUntil(
      RenewalRule rule,
      Instant evaluatedAt,
      Instant expiredAfter,
      Instant selfServiceUntil,
      SuggestedWindow suggestedWindow) implements Verdict {
    /** Checks for nulls. */
    public ExpiredSelfServiceUntil {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(evaluatedAt, "evaluatedAt");
      Objects.requireNonNull(expiredAfter, "expiredAfter");
      Objects.requireNonNull(selfServiceUntil, "selfServiceUntil");
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.EXPIRED_SELF_SERVICE;
    }

    @Override
    public boolean usableNow() {
      return false;
    }
  }

  /**
   * Self-service is over: only an operator (the branch) can help.
   *
   * @param rule the rule whose self-service period ended, or {@code null} when the certificate
   *     expired and no renewal rule applies
   * @param cause why
   * @param evaluatedAt the evaluation instant
   * @param requiredAfter the last instant self-service (or validity) lasted: {@code notAfter}, the
   *     end of the grace, or the campaign's {@code reacquireUntil}
   * @param usableNow whether the certificate can still be used now (only possible for
   *     {@link Cause#REACQUISITION_CLOSED} with a late {@code unusableFrom})
   * @param suggestedWindow {@code [requiredAfter, requiredAfter]}: in the past, so "act now"
   */
  record OperatorRequired(
      @Nullable Rule rule,
      Cause cause,
      Instant evaluatedAt,
      Instant requiredAfter,
      boolean usableNow,
      SuggestedWindow suggestedWindow) implements Verdict {
    /** Checks for nulls. */
    public OperatorRequired {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(evaluatedAt, "evaluatedAt");
      Objects.requireNonNull(requiredAfter, "requiredAfter");
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.OPERATOR_REQUIRED;
    }

    /**
     * Why an operator is needed.
     *
     * @since 0.1.0
     */
    public enum Cause {
      /** The certificate expired and no renewal rule grants self-service after expiry. */
      EXPIRED,
      /** The certificate expired and the renewal rule's grace is over. */
      GRACE_OVER,
      /** The campaign's re-acquisition period ended ({@code reacquireUntil} passed). */
      REACQUISITION_CLOSED
    }
  }

  /**
   * The certificate's validity has not started. The window is the last third of the validity period.
   *
   * @param evaluatedAt the evaluation instant, before {@code validFrom}
   * @param validFrom the certificate's {@code notBefore}
   * @param suggestedWindow the last third of the validity period
   */
  record NotYetValid(Instant evaluatedAt, Instant validFrom, SuggestedWindow suggestedWindow)
      implements Verdict {
    /** Checks for nulls and that {@code evaluatedAt < validFrom}. */
    public NotYetValid {
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
      if (!evaluatedAt.isBefore(validFrom)) {
        throw new IllegalArgumentException("already valid: " + evaluatedAt + " >= " + validFrom);
      }
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.NOT_YET_VALID;
    }

    @Override
    public boolean usableNow() {
      return false;
    }

    @Override
    public @Nullable Rule rule() {
      return null;
    }
  }

  /**
   * Another certificate replaced this one; nothing to do for it (judge the successor instead).
   *
   * @param evaluatedAt the evaluation instant
   * @param successor the serial of the replacing certificate
   * @param supersededAt when it was replaced
   * @param suggestedWindow {@code [supersededAt, supersededAt]}: the renewal already happened
   */
  record Superseded(
      Instant evaluatedAt, BigInteger successor, Instant supersededAt,
      SuggestedWindow suggestedWindow) implements Verdict {
    /** Checks for nulls. */
    public Superseded {
      Objects.requireNonNull(evaluatedAt, "evaluatedAt");
      Objects.requireNonNull(successor, "successor");
      Objects.requireNonNull(supersededAt, "supersededAt");
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.SUPERSEDED;
    }

    @Override
    public boolean usableNow() {
      return false;
    }

    @Override
    public @Nullable Rule rule() {
      return null;
    }
  }

  /**
   * The certificate was revoked. Revoked for cause ({@link RevocationReason#forCause()}): only an
   * operator can issue a new one. A certificate replaced by its successor reads as
   * {@link Superseded} instead; this verdict has reason {@code superseded} only for a record
   * without a successor (for example imported so).
   *
   * @param evaluatedAt the evaluation instant
   * @param reason the RFC 5280 reason
   * @param revokedAt when it was revoked
   * @param suggestedWindow {@code [revokedAt, revokedAt]}: in the past, so "act now"
   */
  record Revoked(
      Instant evaluatedAt, RevocationReason reason, Instant revokedAt,
      SuggestedWindow suggestedWindow) implements Verdict {
    /** Checks for nulls. */
    public Revoked {
      Objects.requireNonNull(evaluatedAt, "evaluatedAt");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(revokedAt, "revokedAt");
      Objects.requireNonNull(suggestedWindow, "suggestedWindow");
    }

    @Override
    public VerdictKind kind() {
      return VerdictKind.REVOKED;
    }

    @Override
    public boolean usableNow() {
      return false;
    }

    @Override
    public @Nullable Rule rule() {
      return null;
    }
  }
}
