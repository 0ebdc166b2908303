package io.shomei.core.password;

/**
 * A class of half-width (ASCII) characters a policy can require. Characters outside ASCII belong to
 * none of them.
 *
 * @since 0.1.0
 */
public enum CharacterClass {
  /** {@code A-Z}. */
  UPPERCASE,
  /** {@code a-z}. */
  LOWERCASE,
  /** {@code A-Z} or {@code a-z}: the "letters" of a rule such as "letters and digits". */
  LETTER,
  /** {@code 0-9}. */
  DIGIT,
  /** A printable ASCII character that is neither letter, digit nor space ({@code !"#$%...~}). */
  SYMBOL;

  /**
   * Whether a code point belongs to this class.
   *
   * @param codePoint the code point
   * @return {@code true} if it does
   */
  public boolean contains(int codePoint) {
    boolean upper = codePoint >= 'A' && codePoint <= 'Z';
    boolean lower = codePoint >= 'a' && codePoint <= 'z';
    boolean digit = codePoint >= '0' && codePoint <= '9';
    return switch (this) {
      case UPPERCASE -> upper;
      case LOWERCASE -> lower;
      case LETTER -> upper || lower;
      case DIGIT -> digit;
      case SYMBOL -> codePoint > 0x20 && codePoint < 0x7f && !upper && !lower && !digit;
    };
  }
}
