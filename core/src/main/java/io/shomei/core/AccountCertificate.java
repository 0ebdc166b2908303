package io.shomei.core;

import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.Verdict;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.spi.AccountKey;
import java.util.Objects;

/**
 * An account's certificate status, as {@link Certificates#status} computes it.
 *
 * @since 0.2.0
 */
public sealed interface AccountCertificate {

  /**
   * The account holds an active certificate.
   *
   * @param account the account
   * @param certificate the active certificate, for the selection screen and the home page
   * @param verdict what the service's rules say of it now (usable, affected by a campaign with its
   *     dates, due for renewal...)
   * @param reacquisition whether and when the rules let the customer re-acquire
   * @param selfServiceNow whether an acquisition now would be allowed by the rules and the bank's
   *     settings (the same decision acquisition makes)
   */
  record Held(AccountKey account, CertificateSummary certificate, Verdict verdict,
      ReacquisitionDecision reacquisition, boolean selfServiceNow) implements AccountCertificate {
    /** Checks for nulls. */
    public Held {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(reacquisition, "reacquisition");
    }
  }

  /**
   * The account holds no active certificate (never acquired, or the last one was revoked).
   *
   * @param account the account
   * @param enrolled whether the account has credentials (it can acquire with its letter)
   * @param reacquisition whether and when the rules let the customer acquire
   * @param selfServiceNow whether an acquisition now would be allowed by the rules and settings
   */
  record NotHeld(AccountKey account, boolean enrolled, ReacquisitionDecision reacquisition,
      boolean selfServiceNow) implements AccountCertificate {
    /** Checks for nulls. */
    public NotHeld {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(reacquisition, "reacquisition");
    }
  }

  /** Not an account of a configured service: the user ID is malformed or the service unknown. */
  record Unknown() implements AccountCertificate {}
}
