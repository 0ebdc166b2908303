package io.shomei.testing.gen;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded generators of user IDs: plain functions of a {@link RandomGenerator}, so any property
 * library (or none) can drive them.
 *
 * @since 0.1.0
 */
public final class UserIds {
  private UserIds() {}

  /**
   * A user ID of the default syntax: exactly eight ASCII digits (leading zeros allowed).
   *
   * @param random the source of randomness
   * @return eight ASCII digits
   */
  public static String valid(RandomGenerator random) {
    return digits(random, 8);
  }

  /**
   * {@code length} ASCII digits.
   *
   * @param random the source of randomness
   * @param length how many digits
   * @return the digits
   */
  public static String digits(RandomGenerator random, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = (char) ('0' + random.nextInt(10));
    }
    return new String(c);
  }

  /**
   * A hostile near-miss of a valid user ID, labelled with what is wrong with it.
   *
   * @param random the source of randomness
   * @return the hostile ID
   */
  public static Labelled hostile(RandomGenerator random) {
    String base = valid(random);
    int pos = random.nextInt(base.length());
    List<Labelled> all = List.of(
        new Labelled(toFullWidth(base), "full-width digits"),
        new Labelled(base.substring(0, pos) + toFullWidth(base.substring(pos, pos + 1))
            + base.substring(pos + 1), "one full-width digit"),
        new Labelled(base + "\0", "trailing NUL"),
        new Labelled("\0" + base, "leading NUL"),
        new Labelled(" " + base, "leading space"),
        new Labelled(base + " ", "trailing space"),
        new Labelled(base + "\t", "trailing tab"),
        new Labelled(base + "\n", "trailing newline"),
        new Labelled("+" + base.substring(1), "plus sign"),
        new Labelled("-" + base.substring(1), "minus sign"),
        new Labelled(base.substring(1), "seven digits"),
        new Labelled(base + random.nextInt(10), "nine digits"),
        new Labelled("", "empty"),
        new Labelled(base.substring(0, pos) + (char) (0x0660 + random.nextInt(10))
            + base.substring(pos + 1), "Arabic-Indic digit"),
        new Labelled(base.substring(0, pos) + (char) (0x0966 + random.nextInt(10))
            + base.substring(pos + 1), "Devanagari digit"),
        new Labelled(base.substring(0, pos) + "O" + base.substring(pos + 1), "letter O for zero"),
        new Labelled(base.substring(0, pos) + "\u200b" + base.substring(pos), "zero-width space"),
        new Labelled(base.substring(0, 4) + "," + base.substring(4), "comma inside"),
        new Labelled(base + ",CN=" + valid(random), "DN fragment appended"),
        new Labelled("1e7" + base.substring(3), "exponent notation"),
        new Labelled(base.substring(0, pos) + "\uFF10" + base.substring(pos + 1),
            "full-width zero"));
    return all.get(random.nextInt(all.size()));
  }

  /**
   * The same digits as full-width characters (U+FF10..U+FF19).
   *
   * @param ascii ASCII digits
   * @return the full-width form
   */
  public static String toFullWidth(String ascii) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ascii.length(); i++) {
      char ch = ascii.charAt(i);
      b.append(ch >= '0' && ch <= '9' ? (char) (0xFF10 + (ch - '0')) : ch);
    }
    return b.toString();
  }

  /**
   * A generated value with a description of what makes it interesting.
   *
   * @param value the value
   * @param label the description
   */
  public record Labelled(String value, String label) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(label).append(": \"");
      for (int i = 0; i < value.length(); i++) {
        char ch = value.charAt(i);
        if (ch >= 0x20 && ch < 0x7f) {
          b.append(ch);
        } else {
          b.append(String.format("\\u%04x", (int) ch));
        }
      }
      return b.append('"').toString();
    }
  }
}
