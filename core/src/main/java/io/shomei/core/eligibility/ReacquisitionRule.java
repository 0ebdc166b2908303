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
 * <p>A bank may also <em>advise</em> a period that ends before the hard cut-off ("please re-acquire
 * between October 1 and November 30; certificates stop working on January 1"): {@code advisedUntil}
 * ends the suggested window there, and a certificate still not replaced after it is
 * <em>overdue</em> ({@link Verdict.EligibleNow.Reason#OVERDUE}) while it keeps working until
 * {@code unusableFrom}.
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
 * @param advisedUntil the last instant (inclusive) of the advised re-acquisition period, or
 *     {@code null} when the advice runs to the hard cut-off; not before {@code reacquireFrom}, not
 *     after {@code reacquireUntil} (since 0.2.0)
 * @param revocationReason when not {@code null}, the revocation status Shomei publishes for relying
 *     parties (the OCSP responder) says {@code revoked} with this reason for every affected
 *     certificate from {@code unusableFrom} on, at the same instant login starts to refuse it; when
 *     {@code null} (the default) the campaign changes no revocation status. See
 *     {@code io.shomei.core.ocsp.OcspResponder} for the trade-off; since 0.2.0
 * @param proofAfterUnusable whether an affected certificate may still <em>prove possession</em>
 *     of its key for a renewal with the current certificate ({@code io.shomei.core.Renewal}) once
 *     it is unusable for login from {@code unusableFrom} (until it expires): {@code true} when the
 *     campaign's reason is outside the key (a CA standard change, as in the notice of 2021), so
 *     the customer renews with it instead of the three secrets; {@code false} (the default) when
 *     the key itself is the weakness and nothing signed with it may count. Before
 *     {@code unusableFrom} a usable certificate always proves possession; since 0.2.0
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
    @Nullable Instant advisedUntil,
    @Nullable RevocationReason revocationReason,
    boolean proofAfterUnusable) implements Rule {

  /**
   * Validates the rule.
   *
   * @throws IllegalArgumentException for a malformed identifier, code or URL, when
   *     {@code reacquireUntil} is before {@code reacquireFrom}, or when {@code advisedUntil} is
   *     before {@code reacquireFrom} or after {@code reacquireUntil}
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
    if (advisedUntil != null && (advisedUntil.isBefore(reacquireFrom)
        || (reacquireUntil != null && advisedUntil.isAfter(reacquireUntil)))) {
      throw new IllegalArgumentException("advisedUntil " + advisedUntil
          + " is outside the self-service period");
    }
    if (revocationReason == RevocationReason.KEY_COMPROMISE
        || revocationReason == RevocationReason.CA_COMPROMISE) {
      throw new IllegalArgumentException("a campaign does not declare a compromise: "
          + revocationReason);
    }
  }

  /**
   * A campaign whose certificates prove nothing once unusable for login (the form before 0.2.0).
   *
   * @param id the rule's identifier
   * @param selector which certificates are affected
   * @param unusableFrom first instant at which an affected certificate is refused for login
   * @param reacquireFrom first instant at which self-service re-acquisition is allowed
   * @param reacquireUntil last instant of self-service re-acquisition, or {@code null}
   * @param explanationCode a code the host maps to a customer-facing explanation
   * @param explanationUrl a page for the customer, or {@code null}
   * @param advisedUntil the last instant of the advised period, or {@code null}
   * @param revocationReason the revocation status published from {@code unusableFrom}, or
   *     {@code null}
   * @since 0.2.0
   */
  public ReacquisitionRule(String id, CertificateSelector selector, Instant unusableFrom,
      Instant reacquireFrom, @Nullable Instant reacquireUntil, String explanationCode,
      @Nullable URI explanationUrl, @Nullable Instant advisedUntil,
      @Nullable RevocationReason revocationReason) {
    this(id, selector, unusableFrom, reacquireFrom, reacquireUntil, explanationCode,
        explanationUrl, advisedUntil, revocationReason, false);
  }

  /**
   * A campaign without an advised period that changes no revocation status (the form of 0.1):
   * the suggested window runs to the hard cut-off.
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
        explanationUrl, null, null, false);
  }

  /**
   * The window the bank suggests for re-acquisition: from {@code reacquireFrom} to
   * {@code advisedUntil} when the bank advised one, else to {@code reacquireUntil}, else to
   * {@code unusableFrom} (or {@code reacquireFrom} when that comes first).
   *
   * @return the window
   * @since 0.2.0
   */
  public SuggestedWindow suggestedWindow() {
    Instant end = advisedUntil != null ? advisedUntil
        : reacquireUntil != null ? reacquireUntil
        : unusableFrom.isAfter(reacquireFrom) ? unusableFrom : reacquireFrom;
    return new SuggestedWindow(reacquireFrom, end);
  }

  /**
   * Whether a certificate this campaign affects is overdue at {@code now}: the advised period
   * ended and it was not replaced (a certificate that is replaced is no longer evaluated under the
   * campaign). {@code false} without an advised period.
   *
   * @param now the instant
   * @return {@code true} if {@code now} is after {@code advisedUntil}
   * @since 0.2.0
   */
  public boolean overdueAt(Instant now) {
    return advisedUntil != null && now.isAfter(advisedUntil);
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
