package io.shomei.core;

import io.shomei.spi.CredentialRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What an operator may see of an account's passwords: states and counters, never a hash.
 *
 * @param loginPasswordSet whether a login password is set
 * @param loginPasswordTemporary whether it is a temporary (bank-issued) password
 * @param loginPasswordExpiresAt when the login password stops being accepted, or {@code null}
 * @param loginFailures consecutive failed login-password attempts
 * @param loginLockedAt when the login password was locked, or {@code null}
 * @param acquisitionPasswordIssuedAt when the acquisition password was issued, or {@code null}
 *     if none is
 * @param acquisitionPasswordConsumedAt when a one-time acquisition password was used, or {@code null}
 * @param acquisitionFailures consecutive failed attempts on the acquisition path
 * @param acquisitionLockedAt when the acquisition path's latest lock began, or {@code null}; such
 *     a lock lapses by itself unless the failures reached
 *     {@link io.shomei.core.password.CredentialLockout#MAX_ACQUISITION_FAILURES}
 * @param lastLoginAt the last completed login, or {@code null}
 * @param loginPasswordSetAt when the login password was set (for a temporary password: when the
 *     branch issued it, so a console can show its age), or {@code null} if none is set (since
 *     0.2.0)
 * @since 0.1.0
 */
public record CredentialState(
    boolean loginPasswordSet,
    boolean loginPasswordTemporary,
    @Nullable Instant loginPasswordExpiresAt,
    int loginFailures,
    @Nullable Instant loginLockedAt,
    @Nullable Instant acquisitionPasswordIssuedAt,
    @Nullable Instant acquisitionPasswordConsumedAt,
    int acquisitionFailures,
    @Nullable Instant acquisitionLockedAt,
    @Nullable Instant lastLoginAt,
    @Nullable Instant loginPasswordSetAt) {

  /**
   * The 0.1 shape, without {@link #loginPasswordSetAt()}.
   *
   * @param loginPasswordSet whether a login password is set
   * @param loginPasswordTemporary whether it is a temporary (bank-issued) password
   * @param loginPasswordExpiresAt when the login password stops being accepted, or {@code null}
   * @param loginFailures consecutive failed login-password attempts
   * @param loginLockedAt when the login password was locked, or {@code null}
   * @param acquisitionPasswordIssuedAt when the acquisition password was issued, or {@code null}
   * @param acquisitionPasswordConsumedAt when a one-time acquisition password was used, or
   *     {@code null}
   * @param acquisitionFailures consecutive failed attempts on the acquisition path
   * @param acquisitionLockedAt when the acquisition path's latest lock began, or {@code null}
   * @param lastLoginAt the last completed login, or {@code null}
   */
  public CredentialState(boolean loginPasswordSet, boolean loginPasswordTemporary,
      @Nullable Instant loginPasswordExpiresAt, int loginFailures, @Nullable Instant loginLockedAt,
      @Nullable Instant acquisitionPasswordIssuedAt,
      @Nullable Instant acquisitionPasswordConsumedAt, int acquisitionFailures,
      @Nullable Instant acquisitionLockedAt, @Nullable Instant lastLoginAt) {
    this(loginPasswordSet, loginPasswordTemporary, loginPasswordExpiresAt, loginFailures,
        loginLockedAt, acquisitionPasswordIssuedAt, acquisitionPasswordConsumedAt,
        acquisitionFailures, acquisitionLockedAt, lastLoginAt, null);
  }

  /**
   * The state of a stored record, without its hashes.
   *
   * @param r the record
   * @return the state
   */
  public static CredentialState of(CredentialRecord r) {
    var login = r.loginPassword();
    var acquisition = r.acquisitionPassword();
    return new CredentialState(
        login != null,
        login != null && login.temporary(),
        login == null ? null : login.expiresAt(),
        r.loginFailures(),
        r.loginLockedAt(),
        acquisition == null ? null : acquisition.issuedAt(),
        acquisition == null ? null : acquisition.consumedAt(),
        r.acquisitionFailures(),
        r.acquisitionLockedAt(),
        r.lastLoginAt(),
        login == null ? null : login.setAt());
  }
}
