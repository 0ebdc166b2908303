package io.shomei.core.eligibility;

/** RFC 4180 field quoting, with spreadsheet formula neutralisation. */
final class Csv {
  private Csv() {}

  /**
   * One field: quoted when it contains a comma, a double quote, CR or LF (quotes doubled). A field
   * that a spreadsheet would run as a formula (starting with {@code = + - @}, TAB or CR) gets a
   * leading apostrophe first (OWASP "CSV injection").
   *
   * @param value the raw value
   * @return the field as written
   */
  public static String field(String value) {
    String v = value;
    if (!v.isEmpty()) {
      char c = v.charAt(0);
      if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
        v = "'" + v;
      }
    }
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
