package io.shomei.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything secret-related the bank keeps for one account: the login password, its history, the
 * certificate acquisition password, and the failure counters and locks of both.
 *
 * <p>Every change goes through {@link CredentialStore#update}, atomic on {@link #version()}, so
 * concurrent wrong guesses are all counted. The {@code with...} methods return a changed copy with
 * the same version; the store assigns the next one.
 *
 * @param account the account
 * @param loginPassword the login password, or {@code null} if none was set yet
 * @param passwordHistory encoded hashes of earlier login passwords, newest first (immutable copy)
 * @param loginFailures consecutive failed login-password attempts, {@code >= 0}
 * @param loginLockedAt when the login password was locked, or {@code null} if not locked
 * @param acquisitionPassword the acquisition password, or {@code null} if none is issued
 * @param acquisitionFailures consecutive failed attempts on the acquisition path (login and
 *     acquisition password typed without a certificate), {@code >= 0}
 * @param acquisitionLockedAt when the acquisition path's latest lock began, or {@code null}; how
 *     long it lasts is the engine's lockout policy (it may have lapsed already)
 * @param lastLoginAt last completed login, or {@code null} if the customer never logged in
 * @param version optimistic-concurrency version: 0 when created, +1 on every successful replace
 * @since 0.1.0
 */
public record CredentialRecord(
    AccountKey account,
    @Nullable LoginPassword loginPassword,
    List<String> passwordHistory,
    int loginFailures,
    @Nullable Instant loginLockedAt,
    @Nullable AcquisitionPassword acquisitionPassword,
    int acquisitionFailures,
    @Nullable Instant acquisitionLockedAt,
    @Nullable Instant lastLoginAt,
    long version) {

  /** Largest number of history entries a store must keep. */
  public static final int MAX_HISTORY = 24;

  /** Validates the fields and copies the history. */
  public CredentialRecord {
    Objects.requireNonNull(account, "account");
    passwordHistory = List.copyOf(passwordHistory);
    if (passwordHistory.size() > MAX_HISTORY) {
      throw new IllegalArgumentException("passwordHistory longer than " + MAX_HISTORY);
    }
    for (String h : passwordHistory) {
      Hashes.check(h);
    }
    if (loginFailures < 0 || acquisitionFailures < 0) {
      throw new IllegalArgumentException("failure counters cannot be negative");
    }
    if (version < 0) {
      throw new IllegalArgumentException("version cannot be negative");
    }
  }

  /**
   * A new account's record: no failures, no locks, version 0.
   *
   * @param account the account
   * @param loginPassword the (temporary) login password
   * @param acquisitionPassword the acquisition password
   * @return the record
   */
  public static CredentialRecord create(
      AccountKey account,
      @Nullable LoginPassword loginPassword,
      @Nullable AcquisitionPassword acquisitionPassword) {
    return new CredentialRecord(
        account, loginPassword, List.of(), 0, null, acquisitionPassword, 0, null, null, 0);
  }

  /**
   * Whether the login password is locked.
   *
   * @return {@code true} if locked
   */
  public boolean loginLocked() {
    return loginLockedAt != null;
  }

  /**
   * Whether the acquisition password is locked.
   *
   * @return {@code true} if locked
   */
  public boolean acquisitionLocked() {
    return acquisitionLockedAt != null;
  }

  /**
   * A copy with another login password, history, counter and lock.
   *
   * @param password the login password
   * @param history the history, newest first
   * @param failures the failure counter
   * @param lockedAt the lock instant, or {@code null}
   * @return the changed copy (same version)
   */
  public CredentialRecord withLogin(
      @Nullable LoginPassword password, List<String> history, int failures, @Nullable Instant lockedAt) {
    return new CredentialRecord(account, password, history, failures, lockedAt, acquisitionPassword,
        acquisitionFailures, acquisitionLockedAt, lastLoginAt, version);
  }

  /**
   * A copy with another login failure counter and lock.
   *
   * @param failures the failure counter
   * @param lockedAt the lock instant, or {@code null}
   * @return the changed copy (same version)
   */
  public CredentialRecord withLoginFailures(int failures, @Nullable Instant lockedAt) {
    return withLogin(loginPassword, passwordHistory, failures, lockedAt);
  }

  /**
   * A copy with another acquisition password, counter and lock.
   *
   * @param password the acquisition password, or {@code null}
   * @param failures the failure counter
   * @param lockedAt the lock instant, or {@code null}
   * @return the changed copy (same version)
   */
  public CredentialRecord withAcquisition(
      @Nullable AcquisitionPassword password, int failures, @Nullable Instant lockedAt) {
    return new CredentialRecord(account, loginPassword, passwordHistory, loginFailures, loginLockedAt,
        password, failures, lockedAt, lastLoginAt, version);
  }

  /**
   * A copy with another last-login instant.
   *
   * @param at the instant
   * @return the changed copy (same version)
   */
  public CredentialRecord withLastLogin(@Nullable Instant at) {
    return new CredentialRecord(account, loginPassword, passwordHistory, loginFailures, loginLockedAt,
        acquisitionPassword, acquisitionFailures, acquisitionLockedAt, at, version);
  }

  /**
   * A copy with another version; for store implementations.
   *
   * @param newVersion the version
   * @return the changed copy
   */
  public CredentialRecord withVersion(long newVersion) {
    return new CredentialRecord(account, loginPassword, passwordHistory, loginFailures, loginLockedAt,
        acquisitionPassword, acquisitionFailures, acquisitionLockedAt, lastLoginAt, newVersion);
  }

  @Override
  public String toString() {
    return "CredentialRecord[account=" + account + ", loginPassword=" + loginPassword
        + ", history=" + passwordHistory.size() + " entries, loginFailures=" + loginFailures
        + ", loginLockedAt=" + loginLockedAt + ", acquisitionPassword=" + acquisitionPassword
        + ", acquisitionFailures=" + acquisitionFailures + ", acquisitionLockedAt="
        + acquisitionLockedAt + ", lastLoginAt=" + lastLoginAt + ", version=" + version + "]";
  }
}
