package io.shomei.core;

import io.shomei.spi.Secret;
import io.shomei.spi.AccountKey;
import java.util.Objects;

/**
 * Outcome of an operator action on an account's passwords ({@link OperatorActions}).
 *
 * @since 0.1.0
 */
public sealed interface OperatorOutcome {

  /**
   * Done; nothing new to hand to the customer (for example an unlock).
   *
   * @param account the account
   * @param state the credential state after the action
   * @since 0.1.0
   */
  record Done(AccountKey account, CredentialState state) implements OperatorOutcome {}

  /**
   * Done; a new password was generated, to be printed in a letter for the customer and then
   * destroyed. The previous password of that kind no longer works, its lock and counter are cleared.
   *
   * @param account the account
   * @param state the credential state after the action
   * @param newPassword the new password (temporary login password or acquisition password)
   * @since 0.1.0
   */
  record NewPassword(AccountKey account, CredentialState state, Secret newPassword)
      implements OperatorOutcome {
    /** Checks for nulls. */
    public NewPassword {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(newPassword, "newPassword");
    }
  }

  /**
   * The account does not exist; nothing changed.
   *
   * @param account the account
   * @since 0.1.0
   */
  record NoAccount(AccountKey account) implements OperatorOutcome {}
}
