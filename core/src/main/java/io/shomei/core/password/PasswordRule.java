package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.util.List;

/**
 * One rule of a {@link PasswordPolicy}. The built-in rules are made by {@link PasswordPolicy.Builder};
 * {@link PasswordPolicy#rules()} lists them, so each can also be checked on its own.
 *
 * <p>A rule never keeps, logs or reports the candidate or any part of it.
 *
 * @since 0.1.0
 */
public interface PasswordRule {
  /**
   * Checks a candidate.
   *
   * @param candidate the candidate password (not destroyed)
   * @param context what context-dependent rules compare with
   * @return the violations, empty if the candidate satisfies this rule
   */
  List<PasswordViolation> check(Secret candidate, PasswordContext context);
}
