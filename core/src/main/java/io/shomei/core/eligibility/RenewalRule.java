package io.shomei.core.eligibility;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Ordinary renewal: a selected certificate may be renewed by its owner from {@code renewBefore}
 * before its {@code notAfter}; after it expired, the owner may still renew for
 * {@code selfServiceGrace} (if set), after which an operator is needed.
 *
 * <p>Durations are exact (a day is 24 hours of instants), so no time zone is involved.
 *
 * @param id the rule's identifier
 * @param selector which certificates the rule applies to
 * @param renewBefore how long before {@code notAfter} the renewal window opens; not negative
 * @param selfServiceGrace how long after {@code notAfter} self-service renewal stays possible, or
 *     {@code null} for none (an expired certificate then always needs an operator); not negative
 * @param explanationCode a code the host maps to a customer-facing explanation
 * @param explanationUrl a page for the customer, or {@code null}
 * @since 0.1.0
 */
public record RenewalRule(
    String id,
    CertificateSelector selector,
    Duration renewBefore,
    @Nullable Duration selfServiceGrace,
    String explanationCode,
    @Nullable URI explanationUrl) implements Rule {

  /**
   * Validates the rule.
   *
   * @throws IllegalArgumentException for a malformed identifier, code or URL, or a negative duration
   */
  public RenewalRule {
    Names.requireIdentifier("id", id);
    Objects.requireNonNull(selector, "selector");
    if (renewBefore.isNegative()) {
      throw new IllegalArgumentException("renewBefore must not be negative");
    }
    if (selfServiceGrace != null && selfServiceGrace.isNegative()) {
      throw new IllegalArgumentException("selfServiceGrace must not be negative");
    }
    Names.requireIdentifier("explanationCode", explanationCode);
    ReacquisitionRule.requireWebUrl(explanationUrl);
  }

  /**
   * Renewal {@code renewBeforeDays} days before expiry, with an optional grace in days.
   *
   * @param id the identifier
   * @param selector the selector
   * @param renewBeforeDays days before {@code notAfter}
   * @param graceDays days of self-service after expiry, or {@code null} for none
   * @param explanationCode the explanation code
   * @return the rule
   */
  public static RenewalRule days(String id, CertificateSelector selector, int renewBeforeDays,
      @Nullable Integer graceDays, String explanationCode) {
    return new RenewalRule(id, selector, Duration.ofDays(renewBeforeDays),
        graceDays == null ? null : Duration.ofDays(graceDays), explanationCode, null);
  }
}
