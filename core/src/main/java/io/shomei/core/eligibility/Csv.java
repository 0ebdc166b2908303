package io.shomei.core.eligibility;

/** RFC 4180 field quoting, with spreadsheet formula neutralisation. */
final class Csv {
  private Csv() {}

  /**
   * One field: quoted when it contains a comma, a double quote, CR or LF (quotes doubled). A field
   * that a spreadsheet would run as a formula (starting with {@code = + - @}, TAB or CR) gets a
   * leading apostrophe first (OWASP "CSV injection").
   *
   * @param b where to append
   * @param value the raw value
   */
  static void append(StringBuilder b, String value) {
    boolean formula = false;
    if (!value.isEmpty()) {
      char c = value.charAt(0);
      formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (quote) {
      b.append('"');
    }
    if (formula) {
      b.append('\'');
    }
    if (quote) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"') {
          b.append('"');
        }
        b.append(c);
      }
      b.append('"');
    } else {
      b.append(value);
    }
  }
}
