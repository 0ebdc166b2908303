package io.shomei.core;

import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.ReacquisitionRule;
import io.shomei.core.identity.AcceptanceRefusal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a login was refused, as the customer must be told: one case per thing a page says and
 * offers. The engine decides which case applies (a host never re-reads a store to tell, for
 * example, a certificate replaced by a newer one from one revoked for compromise); the host
 * switches on the case and chooses words.
 *
 * <pre>{@code
 * Refusal why = refused.refusal();
 * if (why instanceof Refusal.MustReacquire m) {
 *   page("reacquire", m.since(), m.reacquireFrom());
 * } else if (why instanceof Refusal.Superseded s) {
 *   page("superseded", s.at());                          // "use your newer certificate"
 * } else if (why instanceof Refusal.ContactBranch c) {
 *   page("branch." + c.why());
 * } else if (why instanceof Refusal.CertificateRejected r) {
 *   page("certificate." + r.reason());
 * } else if (why instanceof Refusal.InvalidCredentials) {
 *   page("invalid");                                     // nothing more, on purpose
 * } else {
 *   redirect("/");                                       // StartAgain
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public sealed interface Refusal {

  /**
   * The refusal code for audit trails and logs ({@link LoginRefusal}): coarser than the case.
   *
   * @return the code
   */
  LoginRefusal code();

  /**
   * A rule of the bank makes the certificate unusable for login (a re-acquisition campaign, or it
   * expired or is not valid yet by the rules): the customer needs a new certificate.
   *
   * @param cause which rule outcome: {@link LoginDecision.Reason#REACQUIRE_REQUIRED} for a campaign
   * @param since the first instant the certificate was refused (for example the campaign's
   *     {@code unusable-from})
   * @param next whether and when the customer may re-acquire by themselves
   * @param ruleId the deciding rule's identifier, or {@code null}
   */
  record MustReacquire(LoginDecision.Reason cause, Instant since, ReacquisitionDecision next,
      @Nullable String ruleId) implements Refusal {
    /** Checks for nulls. */
    public MustReacquire {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(next, "next");
    }

    static MustReacquire of(LoginDecision.Refused refused) {
      var rule = refused.verdict().rule();
      return new MustReacquire(refused.reason(), refused.since(), refused.next(),
          rule == null ? null : rule.id());
    }

    @Override
    public LoginRefusal code() {
      return cause == LoginDecision.Reason.REACQUIRE_REQUIRED
          ? LoginRefusal.REACQUIRE_REQUIRED : LoginRefusal.CERTIFICATE_NOT_USABLE;
    }

    /**
     * Whether the customer may re-acquire by themselves right now.
     *
     * @return {@code true} if self-service re-acquisition is open now
     */
    public boolean reacquireNow() {
      return next instanceof ReacquisitionDecision.Allowed;
    }

    /**
     * The first instant the customer may re-acquire by themselves (in the past when it is open
     * now), or {@code null} when unknown or when only the branch can help ({@link #branchOnly()}).
     *
     * @return the instant, or {@code null}
     */
    public @Nullable Instant reacquireFrom() {
      if (next instanceof ReacquisitionDecision.NotYet notYet) {
        return notYet.from();
      }
      if (next instanceof ReacquisitionDecision.Allowed allowed
          && allowed.verdict() != null
          && Objects.requireNonNull(allowed.verdict()).rule() instanceof ReacquisitionRule r) {
        return r.reacquireFrom();
      }
      return null;
    }

    /**
     * Whether the refused certificate itself may renew now ({@link Renewal}): re-acquisition is
     * open and the deciding campaign lets its cohort still prove possession
     * ({@code proof-after-unusable = allowed}). A host then offers its renewal page rather than
     * the acquisition form (no acquisition password to type).
     *
     * @return {@code true} if a renewal with this certificate would be considered now
     * @since 0.2.0
     */
    public boolean renewNow() {
      return next instanceof ReacquisitionDecision.Allowed allowed
          && allowed.verdict() != null
          && Objects.requireNonNull(allowed.verdict()).rule() instanceof ReacquisitionRule r
          && r.proofAfterUnusable();
    }

    /**
     * The last instant of self-service re-acquisition, when it is open now and closes.
     *
     * @return the instant, or {@code null}
     */
    public @Nullable Instant reacquireUntil() {
      return next instanceof ReacquisitionDecision.Allowed allowed ? allowed.until() : null;
    }

    /**
     * Whether only the branch can issue the next certificate.
     *
     * @return {@code true} if self-service re-acquisition is not possible
     */
    public boolean branchOnly() {
      return next instanceof ReacquisitionDecision.OperatorRequired;
    }
  }

  /**
   * The certificate was replaced by a newer one of the same account (superseded, or revoked
   * because it was superseded): the customer should use the newer certificate.
   *
   * @param successor the serial of the certificate that replaced it, when recorded
   * @param at when it was replaced or revoked, when recorded
   */
  record Superseded(@Nullable BigInteger successor, @Nullable Instant at) implements Refusal {
    @Override
    public LoginRefusal code() {
      return LoginRefusal.CERTIFICATE_NOT_ACCEPTED;
    }
  }

  /**
   * The presented certificate is not one this service accepts (unknown issuer, revoked, expired,
   * not the account's, malformed...).
   *
   * @param reason why, as the certificate check decided
   */
  record CertificateRejected(AcceptanceRefusal reason) implements Refusal {
    /** Checks for null; a superseded certificate is {@link Superseded}. */
    public CertificateRejected {
      Objects.requireNonNull(reason, "reason");
      if (reason == AcceptanceRefusal.SUPERSEDED) {
        throw new IllegalArgumentException("a superseded certificate is Refusal.Superseded");
      }
    }

    @Override
    public LoginRefusal code() {
      return LoginRefusal.CERTIFICATE_NOT_ACCEPTED;
    }
  }

  /**
   * Only the branch can help: the account's state needs an operator.
   *
   * @param why what the branch must do
   * @param since when that state began (the lock, the expiry), when known
   */
  record ContactBranch(Why why, @Nullable Instant since) implements Refusal {
    /** Checks for null. */
    public ContactBranch {
      Objects.requireNonNull(why, "why");
    }

    @Override
    public LoginRefusal code() {
      return switch (why) {
        case ACCOUNT_LOCKED -> LoginRefusal.ACCOUNT_LOCKED;
        case NO_LOGIN_PASSWORD -> LoginRefusal.NO_LOGIN_PASSWORD;
        case TEMPORARY_PASSWORD_EXPIRED -> LoginRefusal.TEMPORARY_PASSWORD_EXPIRED;
        case TEMPORARY_PASSWORD_UNUSABLE -> LoginRefusal.TEMPORARY_PASSWORD_UNUSABLE;
      };
    }

    /**
     * What the branch must do.
     *
     * @since 0.2.0
     */
    public enum Why {
      /** Unlock the login password (too many failures); told only after the certificate step. */
      ACCOUNT_LOCKED,
      /** Issue a login password: the account has none. */
      NO_LOGIN_PASSWORD,
      /** Issue a new temporary password: the mailed one expired. */
      TEMPORARY_PASSWORD_EXPIRED,
      /** Issue a new temporary password: the mailed one equals the acquisition password. */
      TEMPORARY_PASSWORD_UNUSABLE
    }
  }

  /**
   * The password is not right — or the account is locked or unknown: deliberately one answer, so
   * that a guesser learns nothing.
   */
  record InvalidCredentials() implements Refusal {
    @Override
    public LoginRefusal code() {
      return LoginRefusal.INVALID_CREDENTIALS;
    }
  }

  /**
   * The certificate is in its cooling-off: it was issued by the three secrets while the account
   * held a certificate that could have renewed instead, and the service waits before its first
   * login ({@link Shomei.Builder#coolingOff}). Tell the customer from when it works, and to call
   * the bank if they did not ask for it.
   *
   * @param until the first instant a login with it is accepted
   * @since 0.2.0
   */
  record CoolingOff(Instant until) implements Refusal {
    /** Checks for null. */
    public CoolingOff {
      Objects.requireNonNull(until, "until");
    }

    @Override
    public LoginRefusal code() {
      return LoginRefusal.COOLING_OFF;
    }
  }

  /** The certificate step is too old: present the certificate again. */
  record StartAgain() implements Refusal {
    @Override
    public LoginRefusal code() {
      return LoginRefusal.PENDING_LOGIN_EXPIRED;
    }
  }
}
