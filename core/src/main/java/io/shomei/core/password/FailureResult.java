package io.shomei.core.password;

import io.shomei.spi.AccountKey;
import java.time.Instant;

/**
 * Outcome of {@link CredentialLockout#recordFailure}.
 *
 * @since 0.1.0
 */
public sealed interface FailureResult {
  /**
   * The failure was counted; the password is not locked.
   *
   * @param failures consecutive failures now
   * @param remaining failures left before the lock
   * @since 0.1.0
   */
  record Counted(int failures, int remaining) implements FailureResult {}

  /**
   * This failure reached the threshold and locked the password (exactly one caller sees this).
   *
   * @param failures consecutive failures now (the threshold)
   * @param lockedAt the lock instant
   * @since 0.1.0
   */
  record LockedNow(int failures, Instant lockedAt) implements FailureResult {}

  /**
   * The password was already locked; the counter is unchanged.
   *
   * @param lockedAt when it was locked
   * @since 0.1.0
   */
  record AlreadyLocked(Instant lockedAt) implements FailureResult {}

  /**
   * The account has no credential record.
   *
   * @param account the account
   * @since 0.1.0
   */
  record NoAccount(AccountKey account) implements FailureResult {}
}
