package io.shomei.core.identity;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of {@link CertificateAcceptance#accept}: {@link Accepted} or {@link Refused}.
 *
 * @since 0.1.0
 */
public sealed interface AcceptanceResult {

  /**
   * The certificate is trusted, names a user, and is that user's active certificate for the
   * service. A login flow continues with {@link #certificate()}: the reissue-eligibility rules are
   * evaluated against it next, then the password step.
   *
   * @param account the account (user ID and service) the certificate logs in to
   * @param certificate the stored ACTIVE record the certificate is bound to
   * @param summary what to show the customer
   * @since 0.1.0
   */
  record Accepted(AccountKey account, CertificateRecord certificate, CertificateSummary summary)
      implements AcceptanceResult {
    /** Checks that the record is the account's active certificate and matches the summary. */
    public Accepted {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(summary, "summary");
      if (!certificate.account().equals(account)
          || certificate.status() != CertificateStatus.ACTIVE
          || !certificate.sha256Fingerprint().equals(summary.sha256Fingerprint())) {
        throw new IllegalArgumentException("record does not bind this certificate to the account");
      }
    }

    /**
     * The user ID, as mapped from the certificate.
     *
     * @return {@code account().userId()}
     */
    public String userId() {
      return account.userId();
    }
  }

  /**
   * The certificate cannot be used for login.
   *
   * @param reason the typed reason
   * @param detail an English explanation for logs and support staff; it never repeats values taken
   *     from the certificate's names
   * @param mappingRefusal why the subject does not map, when {@code reason} is
   *     {@link AcceptanceRefusal#SUBJECT_NOT_MAPPABLE}; otherwise {@code null}
   * @param summary the presented certificate's summary, or {@code null} if none was presented
   * @param storedRecord the bank's record of the certificate when the refusal comes from it
   *     (OTHER_ACCOUNT, NOT_ACTIVE, SUPERSEDED, REVOKED, NON_CONFORMING); otherwise {@code null}
   * @since 0.1.0
   */
  record Refused(
      AcceptanceRefusal reason,
      String detail,
      @Nullable MappingRefusal mappingRefusal,
      @Nullable CertificateSummary summary,
      @Nullable CertificateRecord storedRecord) implements AcceptanceResult {
    /** Checks that the mapping refusal is given exactly for SUBJECT_NOT_MAPPABLE. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      if ((reason == AcceptanceRefusal.SUBJECT_NOT_MAPPABLE) != (mappingRefusal != null)) {
        throw new IllegalArgumentException("mappingRefusal is set exactly for SUBJECT_NOT_MAPPABLE");
      }
    }
  }
}
