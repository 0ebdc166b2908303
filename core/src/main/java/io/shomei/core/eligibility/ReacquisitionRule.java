package io.shomei.core.eligibility;

import io.shomei.spi.RevocationReason;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A re-acquisition campaign: the selected certificates stop working at {@code unusableFrom}, and
 * their owners may re-acquire a certificate themselves from {@code reacquireFrom} on (not before),
 * optionally only until {@code reacquireUntil} (after which an operator is needed).
 *
 * <p>The notice of 2021 is one such rule (see {@code examples/rules/notice-2021.rules}):
 *
 * <pre>{@code
 * ZoneId tokyo = ZoneId.of("Asia/Tokyo");
 * new ReacquisitionRule("notice-2021",
 *     CertificateSelector.builder()
 *         .services("fx-forward")
 *         .validityStart(TimeRange.onOrBefore(ZonedDate.of("2020-11-11", tokyo)))
 *         .build(),
 *     ZonedDate.of("2021-02-24", tokyo).startOfDay(),   // unusableFrom
 *     ZonedDate.of("2021-02-24", tokyo).startOfDay(),   // reacquireFrom
 *     null, "CA_STANDARD_CHANGE_2021", null);
 * }</pre>
 *
 * @param id the rule's identifier
 * @param selector which certificates are affected
 * @param unusableFrom first instant at which an affected certificate is refused for login
 * @param reacquireFrom first instant at which self-service re-acquisition is allowed
 * @param reacquireUntil last instant (inclusive) at which self-service re-acquisition is allowed, or
 *     {@code null} for no end; not before {@code reacquireFrom}
 * @param explanationCode a code the host maps to a customer-facing explanation
 * @param explanationUrl a page for the customer, or {@code null}
 * @param revocationReason when not {@code null}, the revocation status Shomei publishes for relying
 *     parties (the OCSP responder) says {@code revoked} with this reason for every affected
 *     certificate from {@code unusableFrom} on, at the same instant login starts to refuse it; when
 *     {@code null} (the default) the campaign changes no revocation status. See
 *     {@code io.shomei.core.ocsp.OcspResponder} for the trade-off; since 0.2.0
 * @since 0.1.0
 */
public record ReacquisitionRule(
    String id,
    CertificateSelector selector,
    Instant unusableFrom,
    Instant reacquireFrom,
    @Nullable Instant reacquireUntil,
    String explanationCode,
    @Nullable URI explanationUrl,
    @Nullable RevocationReason revocationReason) implements Rule {

  /**
   * Validates the rule.
   *
   * @throws IllegalArgumentException for a malformed identifier, code or URL, or when
   *     {@code reacquireUntil} is before {@code reacquireFrom}
   */
  public ReacquisitionRule {
    Names.requireIdentifier("id", id);
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(unusableFrom, "unusableFrom");
    Objects.requireNonNull(reacquireFrom, "reacquireFrom");
    if (reacquireUntil != null && reacquireUntil.isBefore(reacquireFrom)) {
      throw new IllegalArgumentException("reacquireUntil " + reacquireUntil
          + " is before reacquireFrom " + reacquireFrom);
    }
    Names.requireIdentifier("explanationCode", explanationCode);
    requireWebUrl(explanationUrl);
    if (revocationReason == RevocationReason.KEY_COMPROMISE
        || revocationReason == RevocationReason.CA_COMPROMISE) {
      throw new IllegalArgumentException("a campaign does not declare a compromise: "
          + revocationReason);
    }
  }

  /**
   * A campaign that changes no revocation status (the 0.1 rule).
   *
   * @param id the rule's identifier
   * @param selector which certificates are affected
   * @param unusableFrom first instant at which an affected certificate is refused for login
   * @param reacquireFrom first instant at which self-service re-acquisition is allowed
   * @param reacquireUntil last instant of self-service re-acquisition, or {@code null}
   * @param explanationCode a code the host maps to a customer-facing explanation
   * @param explanationUrl a page for the customer, or {@code null}
   */
  public ReacquisitionRule(String id, CertificateSelector selector, Instant unusableFrom,
      Instant reacquireFrom, @Nullable Instant reacquireUntil, String explanationCode,
      @Nullable URI explanationUrl) {
    this(id, selector, unusableFrom, reacquireFrom, reacquireUntil, explanationCode,
        explanationUrl, null);
  }

  static void requireWebUrl(@Nullable URI url) {
    if (url == null) {
      return;
    }
    String scheme = url.getScheme();
    if (!url.isAbsolute() || url.getHost() == null || scheme == null
        || !(scheme.toLowerCase(Locale.ROOT).equals("https")
            || scheme.toLowerCase(Locale.ROOT).equals("http"))) {
      throw new IllegalArgumentException("explanationUrl must be an absolute http(s) URL: " + url);
    }
  }

  /**
   * Whether self-service re-acquisition is open at {@code now} under this rule.
   *
   * @param now the instant
   * @return {@code true} if {@code reacquireFrom <= now <= reacquireUntil}
   */
  public boolean reacquisitionOpenAt(Instant now) {
    return !now.isBefore(reacquireFrom) && (reacquireUntil == null || !now.isAfter(reacquireUntil));
  }
}
