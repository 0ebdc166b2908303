package io.shomei.core.identity;

/**
 * The syntax of a user ID as it must appear in a certificate's common name: ASCII digits
 * ({@code 0x30..0x39}) only, with a length in a configured range. The default is exactly eight
 * digits, the bank's login ID format.
 *
 * <p>A candidate is checked as a string, exactly as it was encoded: no trimming, no Unicode
 * normalisation, no case folding and no numeric parsing. Full-width digits ({@code U+FF10..}),
 * other scripts' digits ({@code Character.isDigit} is deliberately not used), NUL, spaces, signs
 * and leading or trailing whitespace are refused, never "fixed". Leading zeros are significant:
 * {@code 01234567} and {@code 1234567} are different user IDs.
 *
 * <p>This is the one syntax of a user ID. Every boundary where one comes in (enrollment, an
 * acquisition form, a certificate's CN, an import, an operator's command line) parses it here,
 * once, into a {@link UserId}; the SPI's {@link io.shomei.spi.AccountKey} keeps only the structural
 * checks a store needs.
 *
 * @param minLength the shortest accepted user ID, {@code >= 1}
 * @param maxLength the longest accepted user ID, {@code minLength <= maxLength <= 64} (64 is the
 *     X.520 upper bound of a common name, and {@link io.shomei.spi.AccountKey#MAX_LENGTH})
 * @since 0.1.0
 */
public record UserIdPolicy(int minLength, int maxLength) {

  /** The longest user ID any policy can accept: the X.520 upper bound {@code ub-common-name}. */
  public static final int MAX_LENGTH = 64;

  /** Validates the range. */
  public UserIdPolicy {
    if (minLength < 1 || maxLength < minLength || maxLength > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "need 1 <= minLength <= maxLength <= " + MAX_LENGTH + ", got " + minLength + ".."
              + maxLength);
    }
  }

  /**
   * The default policy: exactly eight ASCII digits.
   *
   * @return the policy {@code 8..8}
   */
  public static UserIdPolicy eightDigits() {
    return new UserIdPolicy(8, 8);
  }

  /**
   * ASCII digits with a length in {@code minLength..maxLength}.
   *
   * @param minLength the shortest accepted length
   * @param maxLength the longest accepted length
   * @return the policy
   * @throws IllegalArgumentException if the range is empty or outside {@code 1..64}
   */
  public static UserIdPolicy digits(int minLength, int maxLength) {
    return new UserIdPolicy(minLength, maxLength);
  }

  /**
   * Parses a text into a user ID: the one check of a user ID's syntax.
   *
   * @param candidate the text as it came in (a form field, a decoded CN), never trimmed
   * @return the user ID, or why it is not one
   * @since 0.2.0
   */
  public UserIdResult parse(String candidate) {
    int n = candidate.length();
    if (n == 0) {
      return new UserIdResult.Refused(UserIdResult.Refused.Reason.EMPTY);
    }
    for (int i = 0; i < n; i++) {
      char c = candidate.charAt(i);
      if (c < '0' || c > '9') {
        return new UserIdResult.Refused(UserIdResult.Refused.Reason.NOT_ASCII_DIGITS);
      }
    }
    if (n < minLength || n > maxLength) {
      return new UserIdResult.Refused(UserIdResult.Refused.Reason.WRONG_LENGTH);
    }
    return new UserIdResult.Valid(new UserId(candidate));
  }

  /**
   * Parses a text that must be a user ID (a constant, a value read back from the bank's own
   * records).
   *
   * @param candidate the text
   * @return the user ID
   * @throws IllegalArgumentException if it is not a user ID under this policy
   * @since 0.2.0
   */
  public UserId userId(String candidate) {
    UserIdResult r = parse(candidate);
    if (r instanceof UserIdResult.Valid v) {
      return v.userId();
    }
    throw new IllegalArgumentException("not a user ID under " + this + ": "
        + ((UserIdResult.Refused) r).reason());
  }

  /**
   * Whether {@code candidate} is a user ID under this policy ({@link #parse} answers valid).
   *
   * @param candidate the string to check, as decoded from the certificate
   * @return {@code true} if it has an accepted length and only ASCII digits
   */
  public boolean accepts(String candidate) {
    return parse(candidate) instanceof UserIdResult.Valid;
  }
}
