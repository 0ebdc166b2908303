package io.shomei.core;

import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.spi.AccountKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of {@link Certificates#check}: whether a presented chain would pass the certificate step
 * of a login now.
 *
 * @since 0.2.0
 */
public sealed interface CertificateCheck {

  /**
   * The certificate step would pass: the login would ask for the password.
   *
   * @param account the account it maps to
   * @param certificate the certificate
   * @param login the rules' decision (with {@link LoginDecision.Allowed#unusableFrom()} when a
   *     campaign will end its use)
   */
  record Usable(AccountKey account, CertificateSummary certificate, LoginDecision.Allowed login)
      implements CertificateCheck {
    /** Checks for nulls. */
    public Usable {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(login, "login");
    }
  }

  /**
   * The certificate would be refused.
   *
   * @param refusal what to tell the customer, as the login's certificate step would:
   *     {@link Refusal.CertificateRejected}, {@link Refusal.Superseded},
   *     {@link Refusal.MustReacquire} or {@link Refusal.ContactBranch} (no login password, locked)
   * @param detail an explanation for logs and operators
   * @param account the account, when the certificate is the account's own
   * @param certificate the certificate, when it could be read
   */
  record Refused(Refusal refusal, String detail, @Nullable AccountKey account,
      @Nullable CertificateSummary certificate) implements CertificateCheck {
    /** Checks for nulls. */
    public Refused {
      Objects.requireNonNull(refusal, "refusal");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
