package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.security.MessageDigest;
import java.util.Arrays;

/** Verification against a parsed hash; independent of any hasher's own parameters. */
final class Verifier {
  /** Longest password accepted, in chars (mirrors {@code PasswordHasher.MAX_PASSWORD_LENGTH}). */
  public static final int MAX_PASSWORD_LENGTH = 128;

  private Verifier() {}

  /**
   * Whether the password matches, in constant time over the derived bytes.
   *
   * @param password the attempt
   * @param parsed the stored hash
   * @return {@code true} on a match; {@code false} also for empty, too long or non-UTF-16 input
   */
  public static boolean matches(Secret password, Phc.Parsed parsed) {
    int length = password.length();
    if (length == 0 || length > MAX_PASSWORD_LENGTH) {
      return false;
    }
    if (!Utf8.encodable(password)) {
      return false;
    }
    byte[] expected = parsed.hash();
    byte[] actual = Kdf.derive(parsed.parameters(), password, parsed.salt(), expected.length);
    try {
      return MessageDigest.isEqual(actual, expected);
    } finally {
      Arrays.fill(actual, (byte) 0);
    }
  }

  /**
   * Whether the password matches an encoded hash.
   *
   * @param password the attempt
   * @param encoded the PHC string
   * @return {@code true} on a match
   * @throws IllegalArgumentException if the encoded hash is not supported
   */
  public static boolean matches(Secret password, String encoded) {
    return matches(password, Phc.parse(encoded)
        .orElseThrow(() -> new IllegalArgumentException("not a supported password hash")));
  }
}
