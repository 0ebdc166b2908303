package io.shomei.core.password;

/**
 * Why a candidate password was refused; stable, machine-readable codes. Each has a Japanese and an
 * English message ({@link PasswordViolation#message(java.util.Locale)}).
 *
 * @since 0.1.0
 */
public enum ViolationCode {
  /** Shorter than the minimum; {@link PasswordViolation#limit()} is the minimum. */
  TOO_SHORT,
  /** Longer than the maximum; {@link PasswordViolation#limit()} is the maximum. */
  TOO_LONG,
  /** Contains a character outside the allowed set (the character is not reported: it is secret). */
  DISALLOWED_CHARACTER,
  /** Lacks a required character class, named by {@link PasswordViolation#characterClass()}. */
  MISSING_CHARACTER_CLASS,
  /** Contains the user ID, or the user ID reversed, ignoring case. */
  CONTAINS_USER_ID,
  /** Repeats one character {@link PasswordViolation#limit()} or more times in a row ({@code 1111}). */
  REPEATED_CHARACTERS,
  /**
   * Contains {@link PasswordViolation#limit()} or more consecutive characters of an ascending or
   * descending sequence ({@code 1234}, {@code dcba}) or keyboard row ({@code qwer}).
   */
  SEQUENTIAL_CHARACTERS,
  /** Equals one of the last {@link PasswordViolation#limit()} passwords. */
  REUSED_PASSWORD,
  /** Is on the list of common or compromised passwords. */
  BLOCKLISTED,
  /** Equals the temporary password the bank issued (it cannot become the permanent password). */
  SAME_AS_TEMPORARY_PASSWORD,
  /** Equals the certificate acquisition password. */
  SAME_AS_ACQUISITION_PASSWORD
}
