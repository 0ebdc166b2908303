package io.shomei.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stored state of a login password: its encoded hash and whether it is the temporary password
 * the bank mailed (which must be changed at first login).
 *
 * @param hash the self-describing encoded hash (for example a PHC string); never the password
 * @param temporary {@code true} for a bank-issued temporary password
 * @param setAt when this password was set
 * @param expiresAt when it stops being accepted, or {@code null} for never
 * @since 0.1.0
 */
public record LoginPassword(String hash, boolean temporary, Instant setAt, @Nullable Instant expiresAt) {
  /** Validates the fields. */
  public LoginPassword {
    Hashes.check(hash);
    Objects.requireNonNull(setAt, "setAt");
    if (expiresAt != null && expiresAt.isBefore(setAt)) {
      throw new IllegalArgumentException("expiresAt before setAt");
    }
  }

  @Override
  public String toString() {
    return "LoginPassword[hash=<redacted>, temporary=" + temporary + ", setAt=" + setAt
        + ", expiresAt=" + expiresAt + "]";
  }
}
