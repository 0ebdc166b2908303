package io.shomei.core.eligibility;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a presented certificate may be used for login, from {@link Eligibility#checkLogin}.
 *
 * @since 0.1.0
 */
public sealed interface LoginDecision {

  /**
   * The verdict the decision was derived from.
   *
   * @return the verdict
   */
  Verdict verdict();

  /**
   * The certificate may be used. The host may still warn about a coming change: see
   * {@link #unusableFrom()}.
   *
   * @param verdict the verdict
   */
  record Allowed(Verdict verdict) implements LoginDecision {
    /**
     * Checks that the verdict says usable.
     *
     * @throws IllegalArgumentException otherwise
     */
    public Allowed {
      if (!verdict.usableNow()) {
        throw new IllegalArgumentException("verdict is not usable: " + verdict.kind());
      }
    }

    /**
     * When a campaign will make the certificate unusable, for a warning on the page; {@code null}
     * when no campaign affects it.
     *
     * @return the campaign's {@code unusableFrom}, or {@code null}
     */
    public @Nullable Instant unusableFrom() {
      if (verdict instanceof Verdict.AffectedWaitUntil w) {
        return w.unusableFrom();
      }
      if (verdict instanceof Verdict.EligibleNow e) {
        return e.unusableFrom();
      }
      if (verdict instanceof Verdict.OperatorRequired o
          && o.rule() instanceof ReacquisitionRule r) {
        return r.unusableFrom();
      }
      return null;
    }
  }

  /**
   * The certificate must not be used; {@code next} tells the customer what to do.
   *
   * @param reason why, as a code the host maps to a message
   * @param since the instant the reason refers to (see each {@link Reason})
   * @param next whether and from when the account may re-acquire a certificate itself
   * @param verdict the verdict
   */
  record Refused(Reason reason, Instant since, ReacquisitionDecision next, Verdict verdict)
      implements LoginDecision {
    /** Checks for nulls. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(next, "next");
      Objects.requireNonNull(verdict, "verdict");
    }
  }

  /**
   * Why a certificate is refused for login.
   *
   * @since 0.1.0
   */
  enum Reason {
    /**
     * A campaign made the certificate unusable; the customer must re-acquire one (from
     * {@code next}). {@code since} is the campaign's {@code unusableFrom}.
     */
    REACQUIRE_REQUIRED,
    /** The certificate expired; {@code since} is its {@code notAfter} (its last valid instant). */
    EXPIRED,
    /** The certificate's validity has not started; {@code since} is its {@code notBefore}. */
    NOT_YET_VALID,
    /** A newer certificate replaced this one; {@code since} is when. */
    SUPERSEDED,
    /** The certificate was revoked; {@code since} is when. */
    REVOKED
  }
}
