package io.shomei.core.password;

import java.util.Optional;

/**
 * Outcome of {@link PasswordHasher#verifyAndUpgrade}.
 *
 * @since 0.1.0
 */
public sealed interface Verification {
  /**
   * The password matched.
   *
   * @param upgradedHash a new hash to store in place of the old one (its parameters were weaker or
   *     different from the hasher's), or empty if the stored hash is current
   * @since 0.1.0
   */
  record Match(Optional<String> upgradedHash) implements Verification {
    @Override
    public String toString() {
      return "Match[upgraded=" + upgradedHash.isPresent() + "]";
    }
  }

  /**
   * The password did not match.
   *
   * @since 0.1.0
   */
  record Mismatch() implements Verification {}
}
