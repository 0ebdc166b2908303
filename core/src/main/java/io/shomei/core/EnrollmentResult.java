package io.shomei.core;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import java.util.Objects;

/**
 * Outcome of {@link Enrollment#enroll}.
 *
 * @since 0.1.0
 */
public sealed interface EnrollmentResult {

  /**
   * The account was created.
   *
   * @param account the account
   * @param letter the letter fields; print, then destroy ({@link LetterFields#close()})
   * @since 0.1.0
   */
  record Enrolled(AccountKey account, LetterFields letter) implements EnrollmentResult {
    /** Checks for nulls. */
    public Enrolled {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(letter, "letter");
    }
  }

  /**
   * The account exists already; nothing changed (an operator resets passwords instead).
   *
   * @param account the account
   * @since 0.1.0
   */
  record AlreadyEnrolled(AccountKey account) implements EnrollmentResult {}

  /**
   * The user ID does not satisfy the configured user-ID policy.
   *
   * @param userId the user ID
   * @since 0.1.0
   */
  record InvalidUserId(String userId) implements EnrollmentResult {}

  /**
   * The service is not configured.
   *
   * @param service the service
   * @since 0.1.0
   */
  record UnknownService(String service) implements EnrollmentResult {}
}
