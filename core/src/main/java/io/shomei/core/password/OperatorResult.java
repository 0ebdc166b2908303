package io.shomei.core.password;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CredentialRecord;

/**
 * Outcome of an operator action of {@link CredentialLockout}.
 *
 * @since 0.1.0
 */
public sealed interface OperatorResult {
  /**
   * Done.
   *
   * @param record the stored record after the action
   * @since 0.1.0
   */
  record Done(CredentialRecord record) implements OperatorResult {}

  /**
   * The account has no credential record.
   *
   * @param account the account
   * @since 0.1.0
   */
  record NoAccount(AccountKey account) implements OperatorResult {}
}
