package io.shomei.store.jdbc;

import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes an audit record's details (a string-to-string map) as a JSON object with sorted keys, and
 * decodes exactly that form. JSON keeps the column readable and lets PostgreSQL users query it with
 * {@code details::jsonb}.
 */
final class DetailsCodec {
  private DetailsCodec() {}

  /**
   * Encodes a map as a JSON object, keys in their natural order.
   *
   * @param details the map
   * @return the JSON text
   */
  public static String encode(Map<String, String> details) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(details).entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      quote(sb, e.getKey());
      sb.append(':');
      quote(sb, e.getValue());
    }
    return sb.append('}').toString();
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * Decodes a JSON object whose values are all strings.
   *
   * @param json the text
   * @return the map
   * @throws IllegalArgumentException if the text is not such an object
   */
  public static Map<String, String> decode(String json) {
    Parser p = new Parser(json);
    Map<String, String> out = new TreeMap<>();
    p.skipSpace();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.pos++;
    } else {
      while (true) {
        p.skipSpace();
        String k = p.string();
        p.skipSpace();
        p.expect(':');
        p.skipSpace();
        String v = p.string();
        if (out.put(k, v) != null) {
          throw new IllegalArgumentException("duplicate key in audit details");
        }
        p.skipSpace();
        char c = p.next();
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw new IllegalArgumentException("malformed audit details at " + (p.pos - 1));
        }
      }
    }
    p.skipSpace();
    if (p.pos != json.length()) {
      throw new IllegalArgumentException("trailing characters in audit details");
    }
    return out;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    char peek() {
      if (pos >= s.length()) {
        throw new IllegalArgumentException("truncated audit details");
      }
      return s.charAt(pos);
    }

    char next() {
      char c = peek();
      pos++;
      return c;
    }

    void expect(char c) {
      if (next() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1));
      }
    }

    void skipSpace() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw new IllegalArgumentException("truncated escape in audit details");
            }
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw new IllegalArgumentException("bad escape in audit details");
        }
      }
    }
  }
}
