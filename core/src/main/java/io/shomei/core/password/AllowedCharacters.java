package io.shomei.core.password;

import java.util.BitSet;
import java.util.Objects;

/**
 * The characters a password may contain.
 *
 * @since 0.1.0
 */
public final class AllowedCharacters {
  private final String name;
  private final BitSet ascii;
  private final boolean anyPrintableUnicode;

  private AllowedCharacters(String name, BitSet ascii, boolean anyPrintableUnicode) {
    this.name = name;
    this.ascii = ascii;
    this.anyPrintableUnicode = anyPrintableUnicode;
  }

  /**
   * Half-width printable ASCII without space, {@code U+0021..U+007E}: letters, digits and the 32
   * symbols. The default; what Japanese bank systems usually accept ("半角英数記号").
   *
   * @return the set
   */
  public static AllowedCharacters printableAscii() {
    BitSet b = new BitSet(128);
    b.set(0x21, 0x7f);
    return new AllowedCharacters("printableAscii", b, false);
  }

  /**
   * Printable ASCII including space, {@code U+0020..U+007E}.
   *
   * @return the set
   */
  public static AllowedCharacters printableAsciiWithSpace() {
    BitSet b = new BitSet(128);
    b.set(0x20, 0x7f);
    return new AllowedCharacters("printableAsciiWithSpace", b, false);
  }

  /**
   * Printable ASCII including space, plus every non-ASCII code point that is not a control, format,
   * unassigned, private-use or surrogate character (NIST SP 800-63B: "all printing ASCII characters
   * as well as the space character ... Unicode characters too"). Note: Shomei hashes characters as
   * given, without Unicode normalisation.
   *
   * @return the set
   */
  public static AllowedCharacters anyPrintable() {
    BitSet b = new BitSet(128);
    b.set(0x20, 0x7f);
    return new AllowedCharacters("anyPrintable", b, true);
  }

  /**
   * Exactly the ASCII characters of {@code characters}.
   *
   * @param characters the allowed characters, printable ASCII (space allowed)
   * @return the set
   * @throws IllegalArgumentException if empty or not printable ASCII
   */
  public static AllowedCharacters of(String characters) {
    BitSet b = new BitSet(128);
    for (int i = 0; i < characters.length(); i++) {
      char c = characters.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("allowed characters must be printable ASCII");
      }
      b.set(c);
    }
    if (b.isEmpty()) {
      throw new IllegalArgumentException("no allowed characters");
    }
    return new AllowedCharacters("of(" + characters + ")", b, false);
  }

  /**
   * Whether a code point is allowed.
   *
   * @param codePoint the code point
   * @return {@code true} if allowed
   */
  public boolean allows(int codePoint) {
    if (codePoint < 0x80) {
      return ascii.get(codePoint);
    }
    if (!anyPrintableUnicode) {
      return false;
    }
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
          Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AllowedCharacters a && a.ascii.equals(ascii)
        && a.anyPrintableUnicode == anyPrintableUnicode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ascii, anyPrintableUnicode);
  }

  @Override
  public String toString() {
    return "AllowedCharacters." + name;
  }
}
