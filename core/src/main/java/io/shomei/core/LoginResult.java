package io.shomei.core;

import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.ReacquisitionRule;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.password.PasswordViolation;
import io.shomei.spi.AccountKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Outcomes of the steps of a {@link Login}. Each step returns its own sealed subtype, so a host
 * handles exactly the outcomes that step can have:
 *
 * <ul>
 *   <li>{@link Login#presentCertificate} &rarr; {@link CertificateStep}: {@link PasswordRequired}
 *       or {@link Refused};
 *   <li>{@link Login#password} &rarr; {@link PasswordStep}: {@link Authenticated},
 *       {@link ChangeRequired} or {@link Refused};
 *   <li>{@link Login#changePassword} &rarr; {@link ChangeStep}: {@link Authenticated},
 *       {@link PolicyViolations} or {@link Refused}.
 * </ul>
 *
 * <p>None of them carries a secret.
 *
 * @since 0.1.0
 */
public sealed interface LoginResult
    permits LoginResult.CertificateStep, LoginResult.PasswordStep, LoginResult.ChangeStep {

  /**
   * Outcome of {@link Login#presentCertificate}.
   *
   * @since 0.1.0
   */
  sealed interface CertificateStep extends LoginResult permits PasswordRequired, Refused {}

  /**
   * Outcome of {@link Login#password}.
   *
   * @since 0.1.0
   */
  sealed interface PasswordStep extends LoginResult permits Authenticated, ChangeRequired, Refused {}

  /**
   * Outcome of {@link Login#changePassword}.
   *
   * @since 0.1.0
   */
  sealed interface ChangeStep extends LoginResult permits Authenticated, PolicyViolations, Refused {}

  /**
   * The certificate is accepted: show the password screen (MISSION L4) and keep {@link #pending()}
   * in the server-side session.
   *
   * @param pending what the next step needs
   * @param certificate the certificate's summary, for the screen (MISSION R4)
   * @param unusableFrom when a campaign will make this certificate unusable, for a warning; or
   *     {@code null} when none affects it
   * @since 0.1.0
   */
  record PasswordRequired(
      PendingLogin pending, CertificateSummary certificate, @Nullable Instant unusableFrom)
      implements CertificateStep {
    /** Checks for nulls. */
    public PasswordRequired {
      Objects.requireNonNull(pending, "pending");
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  /**
   * The login is complete: the host may start the customer's authenticated session.
   *
   * @param account the authenticated account
   * @param certificate the summary of the certificate used
   * @param authenticatedAt when the login completed
   * @param previousLoginAt the previous completed login, for "last login" display, or {@code null}
   *     on the first login
   * @param passwordChanged {@code true} if this login changed the password
   *     ({@link Login#changePassword})
   * @param certificateUnusableFrom when a campaign will make the certificate unusable, for a
   *     warning; or {@code null}
   * @since 0.1.0
   */
  record Authenticated(
      AccountKey account,
      CertificateSummary certificate,
      Instant authenticatedAt,
      @Nullable Instant previousLoginAt,
      boolean passwordChanged,
      @Nullable Instant certificateUnusableFrom) implements PasswordStep, ChangeStep {
    /** Checks for nulls. */
    public Authenticated {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(authenticatedAt, "authenticatedAt");
    }

    /**
     * Whether this was the account's first completed login.
     *
     * @return {@code true} if there was no previous login
     */
    public boolean firstLogin() {
      return previousLoginAt == null;
    }
  }

  /**
   * The password was right, but it must be changed before the login completes (MISSION L5): show
   * the change screen and call {@link Login#changePassword} with the same pending login.
   *
   * @param pending the pending login (unchanged)
   * @param reason why a change is required
   * @since 0.1.0
   */
  record ChangeRequired(PendingLogin pending, Reason reason) implements PasswordStep {
    /** Checks for nulls. */
    public ChangeRequired {
      Objects.requireNonNull(pending, "pending");
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why a password change is required.
     *
     * @since 0.1.0
     */
    public enum Reason {
      /** The login password is the temporary password the bank issued. */
      TEMPORARY_PASSWORD,
      /** The account never completed a login (and the flow requires a change at first login). */
      FIRST_LOGIN,
      /** The customer's own password has expired. */
      PASSWORD_EXPIRED
    }
  }

  /**
   * The new password breaks the password policy; nothing changed. Show the violations and let the
   * customer try again with the same pending login.
   *
   * @param pending the pending login (unchanged)
   * @param violations every violation, in rule order (not empty)
   * @since 0.1.0
   */
  record PolicyViolations(PendingLogin pending, List<PasswordViolation> violations)
      implements ChangeStep {
    /** Checks for nulls and copies the list. */
    public PolicyViolations {
      Objects.requireNonNull(pending, "pending");
      violations = List.copyOf(violations);
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("at least one violation");
      }
    }

    /**
     * Messages for the customer (Japanese for a Japanese locale, English otherwise).
     *
     * @param locale the customer's locale
     * @return one message per violation
     */
    public List<String> messages(Locale locale) {
      return violations.stream().map(v -> v.message(locale)).toList();
    }
  }

  /**
   * The step was refused.
   *
   * @param reason the typed reason a host maps to a message
   * @param detail an English explanation for logs and support staff, with the relevant dates in the
   *     bank's zone; never a secret, never a value taken from the certificate's names
   * @param account the account concerned, when known
   * @param certificate the presented certificate's summary, when known
   * @param certificateRefusal why the certificate was not accepted, exactly when {@code reason} is
   *     {@link LoginRefusal#CERTIFICATE_NOT_ACCEPTED}
   * @param eligibility the eligibility decision, exactly when {@code reason} is
   *     {@link LoginRefusal#REACQUIRE_REQUIRED} or {@link LoginRefusal#CERTIFICATE_NOT_USABLE}
   * @since 0.1.0
   */
  record Refused(
      LoginRefusal reason,
      String detail,
      @Nullable AccountKey account,
      @Nullable CertificateSummary certificate,
      @Nullable AcceptanceRefusal certificateRefusal,
      LoginDecision.@Nullable Refused eligibility)
      implements CertificateStep, PasswordStep, ChangeStep {
    /** Checks for nulls and the consistency of the optional parts with the reason. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      if ((reason == LoginRefusal.CERTIFICATE_NOT_ACCEPTED) != (certificateRefusal != null)) {
        throw new IllegalArgumentException(
            "certificateRefusal is set exactly for CERTIFICATE_NOT_ACCEPTED");
      }
      boolean rule = reason == LoginRefusal.REACQUIRE_REQUIRED
          || reason == LoginRefusal.CERTIFICATE_NOT_USABLE;
      if (rule != (eligibility != null)) {
        throw new IllegalArgumentException(
            "eligibility is set exactly for REACQUIRE_REQUIRED and CERTIFICATE_NOT_USABLE");
      }
    }

    /**
     * For {@link LoginRefusal#REACQUIRE_REQUIRED}: the first instant the certificate is refused.
     *
     * @return the campaign's {@code unusableFrom}, or {@code null} for other reasons
     */
    public @Nullable Instant unusableFrom() {
      LoginDecision.Refused e = eligibility;
      return e != null && e.reason() == LoginDecision.Reason.REACQUIRE_REQUIRED ? e.since() : null;
    }

    /**
     * For an eligibility refusal: the first instant the customer may re-acquire a certificate by
     * themselves (it may be in the past: then re-acquisition is open now).
     *
     * @return the instant, or {@code null} if unknown, not applicable, or only an operator can help
     */
    public @Nullable Instant reacquireFrom() {
      LoginDecision.Refused e = eligibility;
      if (e == null) {
        return null;
      }
      ReacquisitionDecision next = e.next();
      if (next instanceof ReacquisitionDecision.NotYet notYet) {
        return notYet.from();
      }
      if (next instanceof ReacquisitionDecision.Allowed && e.verdict().rule() instanceof ReacquisitionRule r) {
        return r.reacquireFrom();
      }
      return null;
    }

    /**
     * For an eligibility refusal: whether the customer may re-acquire a certificate by themselves
     * right now (otherwise later, from {@link #reacquireFrom()}, or only through an operator).
     *
     * @return {@code true} if self-service re-acquisition is open now
     */
    public boolean reacquireNow() {
      LoginDecision.Refused e = eligibility;
      return e != null && e.next() instanceof ReacquisitionDecision.Allowed;
    }
  }
}
