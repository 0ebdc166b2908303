package io.shomei.spi;

/**
 * The text every store can hold exactly: valid UTF-16 without U+0000. PostgreSQL refuses U+0000 in
 * text columns (an infrastructure error) and its driver replaces an unpaired surrogate with
 * {@code ?} (a silent change), while H2 keeps both; so the SPI's value types refuse such text when
 * they are built, and every store sees only text it can store and give back unchanged. The engine
 * checks text from outside (user IDs, services) before it builds a value, and answers with its
 * typed refusals.
 *
 * @since 0.2.0
 */
public final class StorableText {
  private StorableText() {}

  /**
   * Whether every store can hold the text exactly.
   *
   * @param text the text
   * @return {@code false} if it contains U+0000 or an unpaired surrogate
   */
  public static boolean isStorable(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The text with U+0000 and every unpaired surrogate replaced by U+FFFD (same length): for
   * descriptive text that must be recorded whatever it contains (audit details).
   *
   * @param text the text
   * @return storable text
   */
  public static String replaceUnstorable(String text) {
    if (isStorable(text)) {
      return text;
    }
    char[] c = text.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] == '\0') {
        c[i] = '\uFFFD';
      } else if (Character.isHighSurrogate(c[i])) {
        if (i + 1 < c.length && Character.isLowSurrogate(c[i + 1])) {
          i++;
        } else {
          c[i] = '\uFFFD';
        }
      } else if (Character.isLowSurrogate(c[i])) {
        c[i] = '\uFFFD';
      }
    }
    return new String(c);
  }

  /**
   * Refuses text no store can hold.
   *
   * @param what the field's name, for the message (the text itself is never in it)
   * @param text the text
   * @return the text
   * @throws IllegalArgumentException if it is not {@link #isStorable storable}
   */
  static String check(String what, String text) {
    if (!isStorable(text)) {
      throw new IllegalArgumentException(
          what + " contains U+0000 or an unpaired surrogate, which no store can hold");
    }
    return text;
  }
}
