package io.shomei.core.eligibility;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One eligibility rule: a {@link CertificateSelector} and what follows for the certificates it
 * selects. A rule is data; {@link RuleSet} evaluates rules with a fixed precedence.
 *
 * @since 0.1.0
 */
public sealed interface Rule permits ReacquisitionRule, RenewalRule {

  /**
   * The rule's identifier, unique in its rule set (1..64 of {@code A-Z a-z 0-9 . _ -}).
   *
   * @return the identifier
   */
  String id();

  /**
   * Which certificates the rule applies to.
   *
   * @return the selector
   */
  CertificateSelector selector();

  /**
   * A code the host maps to a customer-facing explanation (same alphabet as {@link #id()}).
   *
   * @return the explanation code
   */
  String explanationCode();

  /**
   * A page explaining the rule to the customer, or {@code null}.
   *
   * @return an absolute http(s) URI, or {@code null}
   */
  @Nullable URI explanationUrl();
}
