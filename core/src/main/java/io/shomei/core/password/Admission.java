package io.shomei.core.password;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CredentialRecord;
import java.time.Instant;

/**
 * Whether a password may be (or was) used: outcome of {@link CredentialLockout#admit} (before
 * verifying) and {@link CredentialLockout#recordSuccess} (after a correct password; authoritative,
 * because the state may change between the two).
 *
 * @since 0.1.0
 */
public sealed interface Admission {
  /**
   * Admitted.
   *
   * @param record the credential record (after {@code recordSuccess}: as stored, counter reset)
   * @since 0.1.0
   */
  record Admitted(CredentialRecord record) implements Admission {}

  /**
   * Locked after too many failures. A login lock lasts until an operator unlocks it; a lock of
   * the acquisition path lapses by itself unless it reached
   * {@link CredentialLockout#MAX_ACQUISITION_FAILURES} ({@link CredentialLockout#lockedUntil}).
   *
   * @param lockedAt when it was locked
   * @since 0.1.0
   */
  record Locked(Instant lockedAt) implements Admission {}

  /**
   * The login password expired (a temporary password not used in time); an operator must issue a
   * new one.
   *
   * @param expiredAt when it expired
   * @since 0.1.0
   */
  record Expired(Instant expiredAt) implements Admission {}

  /**
   * A one-time acquisition password was already used; an operator must issue a new one.
   *
   * @param consumedAt when it was used
   * @since 0.1.0
   */
  record Consumed(Instant consumedAt) implements Admission {}

  /**
   * The password was replaced while it was being verified (the verified hash is no longer the
   * stored one); nothing changed. Verify again.
   *
   * @since 0.1.0
   */
  record Superseded() implements Admission {}

  /**
   * The account has no such password set.
   *
   * @param kind which password is missing
   * @since 0.1.0
   */
  record NoPassword(PasswordKind kind) implements Admission {}

  /**
   * The account has no credential record. Call {@link PasswordHasher#dummyVerify} so that timing
   * does not reveal this.
   *
   * @param account the account
   * @since 0.1.0
   */
  record NoAccount(AccountKey account) implements Admission {}
}
