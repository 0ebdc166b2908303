package io.shomei.testing.gen;

import java.util.random.RandomGenerator;

/**
 * Seeded generators of password candidates.
 *
 * @since 0.1.0
 */
public final class Passwords {
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final String SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private Passwords() {}

  /**
   * Half-width printable ASCII (0x21..0x7E, no space), length in {@code [min, max]}.
   *
   * @param random the source of randomness
   * @param min minimum length
   * @param max maximum length (inclusive)
   * @return the password as a char array (the caller may wipe it)
   */
  public static char[] printableAscii(RandomGenerator random, int min, int max) {
    int len = min + random.nextInt(max - min + 1);
    char[] c = new char[len];
    for (int i = 0; i < len; i++) {
      c[i] = (char) (0x21 + random.nextInt(0x7e - 0x21 + 1));
    }
    return c;
  }

  /**
   * Letters and digits, both present, length in {@code [min, max]} ({@code min >= 2}).
   *
   * @param random the source of randomness
   * @param min minimum length
   * @param max maximum length (inclusive)
   * @return the password
   */
  public static char[] lettersAndDigits(RandomGenerator random, int min, int max) {
    int len = Math.max(2, min + random.nextInt(max - min + 1));
    String all = LOWER + UPPER + DIGITS;
    char[] c = new char[len];
    for (int i = 0; i < len; i++) {
      c[i] = all.charAt(random.nextInt(all.length()));
    }
    c[random.nextInt(len)] = DIGITS.charAt(random.nextInt(10));
    int letterPos;
    do {
      letterPos = random.nextInt(len);
    } while (Character.isDigit(c[letterPos]) && countDigits(c) == 1);
    c[letterPos] = (LOWER + UPPER).charAt(random.nextInt(52));
    return c;
  }

  private static int countDigits(char[] c) {
    int n = 0;
    for (char ch : c) {
      if (ch >= '0' && ch <= '9') {
        n++;
      }
    }
    return n;
  }

  /**
   * Anything: ASCII, symbols, full-width and other non-ASCII characters, controls and surrogates,
   * length {@code 0..maxLength}. For "the policy never throws" properties.
   *
   * @param random the source of randomness
   * @param maxLength maximum length
   * @return the candidate
   */
  public static char[] arbitrary(RandomGenerator random, int maxLength) {
    int len = random.nextInt(maxLength + 1);
    char[] c = new char[len];
    for (int i = 0; i < len; i++) {
      c[i] = switch (random.nextInt(8)) {
        case 0 -> LOWER.charAt(random.nextInt(26));
        case 1 -> UPPER.charAt(random.nextInt(26));
        case 2 -> DIGITS.charAt(random.nextInt(10));
        case 3 -> SYMBOLS.charAt(random.nextInt(SYMBOLS.length()));
        case 4 -> (char) (0xFF01 + random.nextInt(0x5e)); // full-width forms
        case 5 -> (char) random.nextInt(0x20); // controls, NUL
        case 6 -> (char) (0xD800 + random.nextInt(0x800)); // lone surrogates
        default -> (char) (0x3041 + random.nextInt(0x60)); // hiragana
      };
    }
    return c;
  }

  /**
   * A typically weak password: a repeated character, a sequence, a keyboard row, or a common word
   * with digits.
   *
   * @param random the source of randomness
   * @return the weak password
   */
  public static char[] weak(RandomGenerator random) {
    String[] shapes = {
      String.valueOf((char) ('a' + random.nextInt(26))).repeat(8 + random.nextInt(5)),
      "12345678".substring(0, 6 + random.nextInt(3)) + "abcd",
      "qwertyuiop".substring(0, 6 + random.nextInt(4)) + (10 + random.nextInt(90)),
      "password" + random.nextInt(1000),
      "abcdefgh".substring(0, 4 + random.nextInt(5)) + "1111",
    };
    return shapes[random.nextInt(shapes.length)].toCharArray();
  }
}
