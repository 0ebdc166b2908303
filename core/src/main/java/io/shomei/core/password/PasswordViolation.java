package io.shomei.core.password;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One violated rule. Never contains the candidate password or any part of it.
 *
 * @param code what was violated
 * @param limit the rule's number where the code names one (minimum or maximum length, run length,
 *     history depth), otherwise 0
 * @param characterClass the missing class for {@link ViolationCode#MISSING_CHARACTER_CLASS},
 *     otherwise {@code null}
 * @since 0.1.0
 */
public record PasswordViolation(ViolationCode code, int limit, @Nullable CharacterClass characterClass) {
  /** Validates the fields. */
  public PasswordViolation {
    Objects.requireNonNull(code, "code");
    if ((code == ViolationCode.MISSING_CHARACTER_CLASS) != (characterClass != null)) {
      throw new IllegalArgumentException("characterClass is required exactly for MISSING_CHARACTER_CLASS");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit cannot be negative");
    }
  }

  /**
   * A violation without a class.
   *
   * @param code the code
   * @param limit the number, or 0
   * @return the violation
   */
  public static PasswordViolation of(ViolationCode code, int limit) {
    return new PasswordViolation(code, limit, null);
  }

  /**
   * A message for the customer: Japanese for a Japanese locale, English for any other.
   *
   * @param locale the customer's locale
   * @return the message
   */
  public String message(Locale locale) {
    return ViolationMessages.violation(this, locale);
  }
}
