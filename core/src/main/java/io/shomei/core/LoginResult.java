package io.shomei.core;

import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.password.PasswordViolation;
import io.shomei.spi.AccountKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
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
 *   <li>{@link Login#changePassword} (both forms) &rarr; {@link ChangeStep}: {@link Authenticated},
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
   * @param passwordAttemptsLeft how many wrong passwords in a row the account still takes before
   *     its login password locks (1 = the next wrong one locks), so the password screen can warn
   *     before the last attempt; empty when unknown. Told only here, to the holder of an accepted
   *     certificate, like the lock itself: the password step's refusal stays one answer for wrong,
   *     locked and unknown. Since 0.2.0.
   * @since 0.1.0
   */
  record PasswordRequired(
      PendingLogin pending, CertificateSummary certificate, @Nullable Instant unusableFrom,
      OptionalInt passwordAttemptsLeft)
      implements CertificateStep {
    /** Checks for nulls. */
    public PasswordRequired {
      Objects.requireNonNull(pending, "pending");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(passwordAttemptsLeft, "passwordAttemptsLeft");
    }

    /**
     * The 0.1 shape: attempts left unknown.
     *
     * @param pending what the next step needs
     * @param certificate the certificate's summary
     * @param unusableFrom when a campaign will make this certificate unusable, or {@code null}
     */
    public PasswordRequired(
        PendingLogin pending, CertificateSummary certificate, @Nullable Instant unusableFrom) {
      this(pending, certificate, unusableFrom, OptionalInt.empty());
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
   * the change screen and call {@link Login#changePassword(PasswordProof, io.shomei.spi.Secret)}
   * with {@link #proof()}, so the customer who just typed the current password gives only the
   * new one; or {@link Login#changePassword(PendingLogin, io.shomei.spi.Secret,
   * io.shomei.spi.Secret)} with the same pending login when the host asks for the current one
   * again.
   *
   * @param pending the pending login (unchanged)
   * @param reason why a change is required
   * @param proof that the current password was given at this password step; keep it in the
   *     server-side session with the pending login. Since 0.2.0.
   * @since 0.1.0
   */
  record ChangeRequired(PendingLogin pending, Reason reason, PasswordProof proof)
      implements PasswordStep {
    /** Checks for nulls, and that the proof is for this pending login. */
    public ChangeRequired {
      Objects.requireNonNull(pending, "pending");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(proof, "proof");
      if (!proof.pending().equals(pending)) {
        throw new IllegalArgumentException("the proof is for another pending login");
      }
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
   * The step was refused. {@link #refusal()} says what the customer must be told and offered;
   * {@link #detail()} is for logs and operators, in English, never shown to a customer as is.
   *
   * @param refusal what to tell the customer
   * @param detail an explanation for logs (dates in the bank's zone); never a secret
   * @param account the account concerned, when the certificate identified one
   * @param certificate the presented certificate, when it could be read
   * @since 0.1.0
   */
  record Refused(
      Refusal refusal,
      String detail,
      @Nullable AccountKey account,
      @Nullable CertificateSummary certificate)
      implements CertificateStep, PasswordStep, ChangeStep {
    /** Checks for nulls. */
    public Refused {
      Objects.requireNonNull(refusal, "refusal");
      Objects.requireNonNull(detail, "detail");
    }

    /**
     * The refusal's code, for audit trails, logs and metrics.
     *
     * @return {@code refusal().code()}
     */
    public LoginRefusal reason() {
      return refusal.code();
    }

    /**
     * For a refused certificate: the certificate check's reason ({@code SUPERSEDED} for
     * {@link Refusal.Superseded}).
     *
     * @return the reason, or {@code null} when the certificate was not what was refused
     */
    public @Nullable AcceptanceRefusal certificateRefusal() {
      if (refusal instanceof Refusal.CertificateRejected r) {
        return r.reason();
      }
      return refusal instanceof Refusal.Superseded ? AcceptanceRefusal.SUPERSEDED : null;
    }
  }

}
