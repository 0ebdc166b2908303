package io.shomei.core.password;

import java.util.List;
import java.util.Locale;

/**
 * Outcome of {@link PasswordPolicy#validate}: accepted, or rejected with <em>every</em> violated rule.
 *
 * @since 0.1.0
 */
public sealed interface PasswordValidation {

  /**
   * Whether the candidate was accepted.
   *
   * @return {@code true} if no rule was violated
   */
  boolean accepted();

  /**
   * The violations, in rule order; empty when accepted.
   *
   * @return an immutable list
   */
  List<PasswordViolation> violations();

  /**
   * The messages of all violations, in order.
   *
   * @param locale the customer's locale
   * @return an immutable list
   */
  default List<String> messages(Locale locale) {
    return violations().stream().map(v -> v.message(locale)).toList();
  }

  /**
   * No rule was violated.
   *
   * @since 0.1.0
   */
  record Accepted() implements PasswordValidation {
    @Override
    public boolean accepted() {
      return true;
    }

    @Override
    public List<PasswordViolation> violations() {
      return List.of();
    }
  }

  /**
   * At least one rule was violated.
   *
   * @param violations every violation, in rule order (not empty)
   * @since 0.1.0
   */
  record Rejected(List<PasswordViolation> violations) implements PasswordValidation {
    /** Copies the list and checks it is not empty. */
    public Rejected {
      violations = List.copyOf(violations);
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs a violation");
      }
    }

    @Override
    public boolean accepted() {
      return false;
    }
  }
}
