package io.shomei.core.identity;

import java.util.Objects;

/**
 * What {@link UserIdPolicy#parse(String)} found: a {@link UserId}, or why the text is not one.
 *
 * @since 0.2.0
 */
public sealed interface UserIdResult {

  /**
   * The text is a user ID under the policy.
   *
   * @param userId the parsed user ID
   * @since 0.2.0
   */
  record Valid(UserId userId) implements UserIdResult {
    /** Validates the component. */
    public Valid {
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * The text is not a user ID under the policy.
   *
   * @param reason why
   * @since 0.2.0
   */
  record Refused(Reason reason) implements UserIdResult {
    /** Validates the component. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why a text is not a user ID. A host may tell the customer which (a user ID is not a secret,
     * and the syntax is public).
     *
     * @since 0.2.0
     */
    public enum Reason {
      /** The text is empty. */
      EMPTY,
      /** The text is shorter or longer than the policy allows. */
      WRONG_LENGTH,
      /**
       * A character is not an ASCII digit ({@code 0x30..0x39}): full-width and other scripts'
       * digits, spaces, signs and control characters are refused, never "fixed".
       */
      NOT_ASCII_DIGITS
    }
  }
}
