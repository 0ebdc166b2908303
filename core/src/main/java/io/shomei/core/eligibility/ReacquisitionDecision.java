package io.shomei.core.eligibility;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether an account may re-acquire a certificate by itself (self-service, with its acquisition
 * password) now, from {@link Eligibility#checkReacquisition}.
 *
 * @since 0.1.0
 */
public sealed interface ReacquisitionDecision {

  /**
   * Self-service acquisition is allowed now.
   *
   * @param verdict the verdict on the account's current certificate, or {@code null} when the
   *     account has none (first acquisition)
   */
  record Allowed(@Nullable Verdict verdict) implements ReacquisitionDecision {
    /**
     * The last instant the permission lasts, or {@code null} for no rule-given end.
     *
     * @return the end of self-service, or {@code null}
     */
    public @Nullable Instant until() {
      if (verdict instanceof Verdict.EligibleNow e) {
        return e.selfServiceUntil();
      }
      if (verdict instanceof Verdict.ExpiredSelfServiceUntil x) {
        return x.selfServiceUntil();
      }
      return null;
    }
  }

  /**
   * Refused until {@code from}; from then on it will be allowed (as long as nothing else changes).
   *
   * @param reason why not yet
   * @param from the first instant it will be allowed
   * @param verdict the verdict on the current certificate
   */
  record NotYet(NotYet.Reason reason, Instant from, Verdict verdict) implements ReacquisitionDecision {
    /** Checks for nulls. */
    public NotYet {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(verdict, "verdict");
    }

    /**
     * Why re-acquisition is not open yet.
     *
     * @since 0.1.0
     */
    public enum Reason {
      /** A campaign affects the certificate and re-acquisition opens at {@code from}. */
      CAMPAIGN_NOT_OPEN,
      /** A renewal rule applies and its window opens at {@code from}. */
      RENEWAL_NOT_DUE,
      /**
       * The current certificate's validity starts at {@code from}; it is judged from then on (so
       * that "allowed" is never followed by "not yet").
       */
      NOT_YET_VALID
    }
  }

  /**
   * Self-service is not possible; the customer must contact an operator (the branch).
   *
   * @param reason why
   * @param verdict the verdict on the current certificate
   */
  record OperatorRequired(OperatorRequired.Reason reason, Verdict verdict) implements ReacquisitionDecision {
    /** Checks for nulls. */
    public OperatorRequired {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(verdict, "verdict");
    }

    /**
     * Why an operator is needed.
     *
     * @since 0.1.0
     */
    public enum Reason {
      /** The certificate expired and no rule grants self-service after expiry. */
      EXPIRED,
      /** The renewal rule's self-service grace after expiry is over. */
      GRACE_OVER,
      /** The campaign's re-acquisition period ended. */
      REACQUISITION_CLOSED,
      /** The certificate was revoked. */
      REVOKED
    }
  }
}
