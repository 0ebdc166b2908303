package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.util.Arrays;

/** Small helpers over secret chars; every array returned must be wiped by the caller. */
final class Chars {
  private Chars() {}

  /**
   * A lower-cased copy (per {@code char}, {@link Character#toLowerCase(char)}).
   *
   * @param secret the secret
   * @return a new array; wipe it
   */
  public static char[] lowerCopy(Secret secret) {
    char[] c = secret.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] = Character.toLowerCase(c[i]);
    }
    return c;
  }

  /**
   * Lower-cases a string.
   *
   * @param s the text
   * @return a lower-cased char array (not secret)
   */
  public static char[] lower(CharSequence s) {
    char[] c = new char[s.length()];
    for (int i = 0; i < c.length; i++) {
      c[i] = Character.toLowerCase(s.charAt(i));
    }
    return c;
  }

  /**
   * Whether {@code needle} occurs in {@code hay}.
   *
   * @param hay the text searched
   * @param needle the text looked for
   * @return {@code true} if found
   */
  public static boolean contains(char[] hay, char[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Wipes an array.
   *
   * @param c the array
   */
  public static void wipe(char[] c) {
    Arrays.fill(c, '\0');
  }
}
