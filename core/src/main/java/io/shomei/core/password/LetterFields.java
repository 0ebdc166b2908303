package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.util.Objects;

/**
 * What the bank prints in the letter that starts a customer's service (MISSION R6, A2, L4): user
 * ID, temporary login password, certificate acquisition password. {@link #toString()} shows only
 * the user ID. Destroy after printing.
 *
 * @param userId the user ID
 * @param temporaryPassword the temporary login password
 * @param acquisitionPassword the certificate acquisition password
 * @since 0.1.0
 */
public record LetterFields(String userId, Secret temporaryPassword, Secret acquisitionPassword)
    implements AutoCloseable {

  /** Checks non-null. */
  public LetterFields {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(temporaryPassword, "temporaryPassword");
    Objects.requireNonNull(acquisitionPassword, "acquisitionPassword");
  }

  /** Destroys both secrets. */
  @Override
  public void close() {
    temporaryPassword.destroy();
    acquisitionPassword.destroy();
  }

  @Override
  public String toString() {
    return "LetterFields[userId=" + userId + ", temporaryPassword=<redacted>, "
        + "acquisitionPassword=<redacted>]";
  }
}
