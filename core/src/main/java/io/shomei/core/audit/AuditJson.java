package io.shomei.core.audit;

import io.shomei.spi.AuditRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One audit record as one line of JSON, the form {@link AuditTrail#export} writes to a JSON lines file
 * and inside every syslog message: every field of the record, its previous hash and its own hash,
 * so that the exported stream can be verified on its own
 * ({@link AuditTrail#verifyExported}).
 *
 * <p>The line is an object with the members {@code seq}, {@code at} (ISO-8601, UTC),
 * {@code type}, {@code actor}, {@code user} and {@code service} ({@code null} when absent),
 * {@code details} (an object of strings, sorted by key), {@code prev} and {@code hash}, in that
 * order. Every character outside printable ASCII is written as a {@code \\uXXXX} escape, so a line
 * passes unchanged through transports that only keep ASCII (syslog relays). {@link #parse} reads
 * exactly this shape and refuses anything else (unknown or repeated members, other types).
 *
 * @since 0.2.0
 */
public final class AuditJson {
  private AuditJson() {}

  /**
   * The record as one line of JSON (no line break).
   *
   * @param record the record
   * @return printable ASCII
   */
  public static String line(AuditRecord record) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"seq\":").append(record.sequence());
    b.append(",\"at\":");
    string(b, record.at().toString());
    b.append(",\"type\":");
    string(b, record.type());
    b.append(",\"actor\":");
    string(b, record.actor());
    b.append(",\"user\":");
    string(b, record.userId());
    b.append(",\"service\":");
    string(b, record.service());
    b.append(",\"details\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : record.details().entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      string(b, e.getValue());
    }
    b.append("},\"prev\":");
    string(b, record.previousHash());
    b.append(",\"hash\":");
    string(b, record.hash());
    return b.append('}').toString();
  }

  private static void string(StringBuilder b, @Nullable String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    b.append('"');
  }

  /**
   * Reads a line written by {@link #line}. Surrounding white space is ignored.
   *
   * @param line the line
   * @return the record it holds (its hashes are not checked here)
   * @throws IllegalArgumentException if the line is not such a record; the message names the
   *     position, never the text
   */
  public static AuditRecord parse(String line) {
    Parser p = new Parser(line);
    Map<String, Object> m = p.document();
    for (String required : new String[] {"seq", "at", "type", "actor", "user", "service",
        "details", "prev", "hash"}) {
      if (!m.containsKey(required)) {
        throw new IllegalArgumentException("the record has no member '" + required + "'");
      }
    }
    if (m.size() != 9) {
      throw new IllegalArgumentException("the record has members other than the nine known");
    }
    Object seq = m.get("seq");
    if (!(seq instanceof Long s)) {
      throw new IllegalArgumentException("'seq' is not an integer");
    }
    Object details = m.get("details");
    if (!(details instanceof Map<?, ?> d)) {
      throw new IllegalArgumentException("'details' is not an object");
    }
    Map<String, String> strings = new TreeMap<>();
    for (Map.Entry<?, ?> e : d.entrySet()) {
      if (!(e.getValue() instanceof String v)) {
        throw new IllegalArgumentException("a detail value is not a string");
      }
      strings.put((String) e.getKey(), v);
    }
    Instant at;
    try {
      at = Instant.parse(text(m, "at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'at' is not an ISO-8601 instant", e);
    }
    return new AuditRecord(s, at, text(m, "type"), text(m, "actor"),
        nullableText(m, "user"), nullableText(m, "service"), strings, text(m, "prev"),
        text(m, "hash"));
  }

  private static String text(Map<String, Object> m, String name) {
    if (!(m.get(name) instanceof String s)) {
      throw new IllegalArgumentException("'" + name + "' is not a string");
    }
    return s;
  }

  private static @Nullable String nullableText(Map<String, Object> m, String name) {
    Object v = m.get(name);
    if (v == Parser.NULL) {
      return null;
    }
    return text(m, name);
  }

  /** A strict reader of the one shape {@link #line} writes. */
  private static final class Parser {
    static final Object NULL = new Object();

    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Map<String, Object> document() {
      skipSpace();
      Map<String, Object> m = object(true);
      skipSpace();
      if (i != s.length()) {
        throw error("text after the record");
      }
      return m;
    }

    private Map<String, Object> object(boolean top) {
      expect('{');
      Map<String, Object> m = new LinkedHashMap<>();
      skipSpace();
      if (peek() == '}') {
        i++;
        return m;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        Object value = value(top);
        if (m.put(key, value) != null) {
          throw error("a repeated member");
        }
        skipSpace();
        char c = next();
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          throw error("',' or '}' expected");
        }
      }
    }

    private Object value(boolean top) {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (c == '{' && top) {
        return object(false);
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return NULL;
      }
      if (c >= '0' && c <= '9' && top) {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 19) {
          i++;
        }
        if (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          throw error("a number too long");
        }
        String digits = s.substring(start, i);
        if (digits.length() > 1 && digits.charAt(0) == '0') {
          throw error("a number with a leading zero");
        }
        try {
          return Long.parseLong(digits);
        } catch (NumberFormatException e) {
          throw error("a number out of range");
        }
      }
      throw error("an unexpected value");
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return b.toString();
        }
        if (c < 0x20) {
          throw error("a control character in a string");
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("a short \\u escape");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int d = Character.digit(s.charAt(i + k), 16);
              if (d < 0) {
                throw error("a bad \\u escape");
              }
              v = v * 16 + d;
            }
            i += 4;
            b.append((char) v);
          }
          default -> throw error("a bad escape");
        }
      }
    }

    private void skipSpace() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t'
          || s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
        i++;
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw error("the line ends early");
      }
      return s.charAt(i);
    }

    private char next() {
      char c = peek();
      i++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        i--;
        throw error("'" + c + "' expected");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("not an exported audit record: " + what + " at column "
          + (i + 1));
    }
  }
}
