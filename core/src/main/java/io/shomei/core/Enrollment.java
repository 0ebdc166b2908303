package io.shomei.core;

/**
 * Opens a customer's account for a service and produces the letter the bank mails (MISSION R6,
 * A2, L4): user ID, temporary login password, certificate acquisition password. Obtain it from
 * {@link io.shomei.core.Shomei#enrollment()}.
 *
 * <p>Only the hashes of the two passwords are stored; the passwords themselves exist only in the
 * returned {@link io.shomei.core.password.LetterFields}, which the host prints and destroys.
 * Audited as {@code ACCOUNT_CREATED}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface Enrollment {

  /**
   * Creates the account.
   *
   * @param userId the user ID (checked against the configured user-ID policy, since it becomes the
   *     certificate's CN)
   * @param service the service
   * @return {@link EnrollmentResult.Enrolled} with the letter, or why not
   * @throws io.shomei.spi.StorageException if the credential store failed
   */
  EnrollmentResult enroll(String userId, String service);
}
