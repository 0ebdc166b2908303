package io.shomei.core.forwarded;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The grammars of the forwarded-certificate formats. Every method reads text an attacker may have
 * written: bounded loops over the input only, no regular expressions, no recursion, and a
 * {@link Bad} (never another exception) for anything outside the grammar.
 */
final class HeaderCodecs {
  private HeaderCodecs() {}

  /** The input is outside the grammar; the message is ours, never the input's text. */
  static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean joined;

    Bad(String problem) {
      this(problem, false);
    }

    Bad(String problem, boolean joined) {
      super(problem, null, false, false);
      this.joined = joined;
    }

    /** Whether the problem is several values joined into one (a duplicate). */
    boolean joined() {
      return joined;
    }
  }

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  // ---- RFC 8941 structured fields: the subset RFC 9440 needs ----

  /** {@code Client-Cert}: one Item, a Byte Sequence, optional parameters. */
  static byte[] sfItemBytes(String value) throws Bad {
    Cursor c = new Cursor(value);
    c.skipSp();
    byte[] der = c.byteSequence();
    c.parameters();
    c.skipSp();
    if (!c.done()) {
      if (c.peek() == ',') {
        throw new Bad("several values in a header that holds one", true);
      }
      throw new Bad("text after the byte sequence");
    }
    return der;
  }

  /** {@code Client-Cert-Chain}: a List of Byte Sequences with optional parameters (maybe empty). */
  static List<byte[]> sfListBytes(String value, int maxMembers) throws Bad {
    List<byte[]> out = new ArrayList<>();
    Cursor c = new Cursor(value);
    c.skipSp();
    if (c.done()) {
      return out;
    }
    while (true) {
      out.add(c.byteSequence());
      if (out.size() > maxMembers) {
        throw new Bad("too many list members");
      }
      c.parameters();
      c.skipOws();
      if (c.done()) {
        return out;
      }
      if (c.next() != ',') {
        throw new Bad("expected a comma between list members");
      }
      c.skipOws();
      if (c.done()) {
        throw new Bad("trailing comma");
      }
    }
  }

  /** Encodes a Byte Sequence item (for tests and examples of what a proxy sends). */
  static String sfBytes(byte[] der) {
    return ':' + Base64.getEncoder().encodeToString(der) + ':';
  }

  private static final class Cursor {
    private final String s;
    private int i;

    Cursor(String s) {
      this.s = s;
    }

    boolean done() {
      return i >= s.length();
    }

    char peek() {
      return s.charAt(i);
    }

    char next() {
      return s.charAt(i++);
    }

    void skipSp() {
      while (!done() && peek() == ' ') {
        i++;
      }
    }

    void skipOws() {
      while (!done() && (peek() == ' ' || peek() == '\t')) {
        i++;
      }
    }

    byte[] byteSequence() throws Bad {
      if (done() || next() != ':') {
        throw new Bad("expected a byte sequence");
      }
      int start = i;
      while (!done() && peek() != ':') {
        char ch = next();
        if (!isBase64Char(ch)) {
          throw new Bad("a byte sequence holds a character outside base64");
        }
      }
      if (done()) {
        throw new Bad("unterminated byte sequence");
      }
      String b64 = s.substring(start, i);
      i++; // closing ':'
      return base64(b64);
    }

    /** RFC 8941 parameters: {@code *( ";" *SP key [ "=" bare-item ] )}, values skipped. */
    void parameters() throws Bad {
      while (!done() && peek() == ';') {
        i++;
        skipSp();
        if (done() || !(isLcAlpha(peek()) || peek() == '*')) {
          throw new Bad("a parameter key must start with a lowercase letter or '*'");
        }
        while (!done() && isKeyChar(peek())) {
          i++;
        }
        if (!done() && peek() == '=') {
          i++;
          bareItem();
        }
      }
    }

    private void bareItem() throws Bad {
      if (done()) {
        throw new Bad("a parameter has no value");
      }
      char ch = peek();
      if (ch == ':') {
        byteSequence();
      } else if (ch == '"') {
        i++;
        while (true) {
          if (done()) {
            throw new Bad("unterminated string");
          }
          char d = next();
          if (d == '\\') {
            if (done() || (peek() != '"' && peek() != '\\')) {
              throw new Bad("bad escape in a string");
            }
            i++;
          } else if (d == '"') {
            return;
          } else if (d < 0x20 || d > 0x7e) {
            throw new Bad("a string holds a character outside printable ASCII");
          }
        }
      } else if (ch == '?') {
        i++;
        if (done() || (peek() != '0' && peek() != '1')) {
          throw new Bad("a boolean is ?0 or ?1");
        }
        i++;
      } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
        i++;
        int digits = ch == '-' ? 0 : 1;
        while (!done() && ((peek() >= '0' && peek() <= '9') || peek() == '.')) {
          i++;
          if (++digits > 20) {
            throw new Bad("a number is too long");
          }
        }
      } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '*') {
        i++;
        while (!done() && isTokenChar(peek())) {
          i++;
        }
      } else {
        throw new Bad("a parameter value is not a structured-field bare item");
      }
    }
  }

  private static boolean isLcAlpha(char ch) {
    return ch >= 'a' && ch <= 'z';
  }

  private static boolean isKeyChar(char ch) {
    return isLcAlpha(ch) || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.'
        || ch == '*';
  }

  private static boolean isTokenChar(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
        || "!#$%&'*+-.^_`|~:/".indexOf(ch) >= 0;
  }

  private static boolean isBase64Char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
        || ch == '+' || ch == '/' || ch == '=';
  }

  /** Strict standard base64 (padding optional), without line breaks. */
  static byte[] base64(String b64) throws Bad {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new Bad("not base64");
    }
  }

  // ---- percent-encoding (nginx, Envoy) ----

  /**
   * Percent-decodes ASCII text. {@code +} stays {@code +} (it is base64 in PEM, never a space);
   * a non-ASCII character or a broken escape is refused; escapes must decode to ASCII.
   */
  static String percentDecode(String s) throws Bad {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '%') {
        if (i + 2 >= s.length()) {
          throw new Bad("a percent escape is cut off");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || s.charAt(i + 1) > 0x7f || s.charAt(i + 2) > 0x7f) {
          throw new Bad("a percent escape is not two hex digits");
        }
        int b = hi * 16 + lo;
        if (b > 0x7f) {
          throw new Bad("a percent escape decodes outside ASCII");
        }
        out.append((char) b);
        i += 2;
      } else if (ch > 0x7e || (ch < 0x20 && ch != '\t')) {
        throw new Bad("a character outside printable ASCII");
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  // ---- PEM (nginx after decoding, Apache, Envoy after decoding) ----

  /**
   * One or more PEM certificate blocks separated by whitespace only; inside a block, base64 with any
   * whitespace (line breaks, or the spaces a header rewriter put in their place).
   */
  static List<byte[]> pemBlocks(String text, int maxBlocks) throws Bad {
    List<byte[]> out = new ArrayList<>();
    int i = skipWhitespace(text, 0);
    while (i < text.length()) {
      if (!text.startsWith(BEGIN, i)) {
        throw new Bad("text outside a PEM certificate block");
      }
      i += BEGIN.length();
      int end = text.indexOf(END, i);
      if (end < 0) {
        throw new Bad("a PEM block has no end line");
      }
      StringBuilder b64 = new StringBuilder(end - i);
      for (int j = i; j < end; j++) {
        char ch = text.charAt(j);
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
          continue;
        }
        if (!isBase64Char(ch)) {
          throw new Bad("a PEM block holds a character outside base64");
        }
        b64.append(ch);
      }
      if (b64.length() == 0) {
        throw new Bad("an empty PEM block");
      }
      out.add(base64(b64.toString()));
      if (out.size() > maxBlocks) {
        throw new Bad("too many PEM blocks");
      }
      i = skipWhitespace(text, end + END.length());
    }
    return out;
  }

  /** The PEM text of one certificate, with line breaks every 64 characters. */
  static String pem(byte[] der) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return BEGIN + "\n" + b64 + "\n" + END + "\n";
  }

  private static int skipWhitespace(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
        break;
      }
      i++;
    }
    return i;
  }

  // ---- DER ----

  /**
   * Splits concatenated DER encodings (HAProxy's {@code ssl_c_chain_der}); each must be a
   * SEQUENCE with a definite length that fits.
   */
  static List<byte[]> derSequences(byte[] bytes, int max) throws Bad {
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    while (i < bytes.length) {
      int len = derLength(bytes, i);
      out.add(java.util.Arrays.copyOfRange(bytes, i, i + len));
      if (out.size() > max) {
        throw new Bad("too many certificates");
      }
      i += len;
    }
    return out;
  }

  /** Requires that the bytes are exactly one DER SEQUENCE (the shape of a certificate). */
  static byte[] oneDerSequence(byte[] bytes) throws Bad {
    if (bytes.length == 0 || derLength(bytes, 0) != bytes.length) {
      throw new Bad("not one DER certificate");
    }
    return bytes;
  }

  /** The total length (tag, length, content) of the TLV at {@code off}. */
  private static int derLength(byte[] b, int off) throws Bad {
    if (b.length - off < 2 || b[off] != 0x30) {
      throw new Bad("not a DER SEQUENCE");
    }
    int first = b[off + 1] & 0xff;
    int header;
    long content;
    if (first < 0x80) {
      header = 2;
      content = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 3) {
        throw new Bad("a DER length that no certificate needs");
      }
      if (b.length - off < 2 + n) {
        throw new Bad("a DER length is cut off");
      }
      content = 0;
      for (int k = 0; k < n; k++) {
        content = (content << 8) | (b[off + 2 + k] & 0xff);
      }
      if (content < 0x80 || (n > 1 && (b[off + 2] & 0xff) == 0)) {
        throw new Bad("a DER length not in its shortest form");
      }
      header = 2 + n;
    }
    if (content > b.length - off - header) {
      throw new Bad("a DER encoding is cut off");
    }
    return (int) (header + content);
  }

  // ---- Envoy XFCC ----

  /** The Cert and Chain values of an XFCC element (percent-encoded still), either may be null. */
  record XfccCertificates(@Nullable String cert, @Nullable String chain) {}

  /**
   * Parses one XFCC element: {@code key=value} pairs separated by {@code ;}, values optionally
   * double-quoted (with {@code \"} and {@code \\} escapes). A comma outside quotes starts another
   * element and is refused as joined. Keys are case-insensitive; a repeated Cert or Chain is
   * refused as joined.
   */
  static XfccCertificates xfcc(String value) throws Bad {
    String cert = null;
    String chain = null;
    int i = 0;
    int n = value.length();
    while (i < n) {
      while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
        i++;
      }
      int keyStart = i;
      while (i < n && value.charAt(i) != '=' && value.charAt(i) != ';' && value.charAt(i) != ',') {
        i++;
      }
      if (i >= n || value.charAt(i) != '=') {
        if (i < n && value.charAt(i) == ',') {
          throw new Bad("several XFCC elements", true);
        }
        throw new Bad("an XFCC pair without '='");
      }
      String key = value.substring(keyStart, i).trim().toLowerCase(Locale.ROOT);
      if (key.isEmpty()) {
        throw new Bad("an XFCC pair without a key");
      }
      i++; // '='
      StringBuilder v = new StringBuilder();
      if (i < n && value.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new Bad("an unterminated quoted XFCC value");
          }
          char ch = value.charAt(i++);
          if (ch == '\\') {
            if (i >= n) {
              throw new Bad("an XFCC escape is cut off");
            }
            v.append(value.charAt(i++));
          } else if (ch == '"') {
            break;
          } else {
            v.append(ch);
          }
        }
        while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
          i++;
        }
      } else {
        while (i < n && value.charAt(i) != ';' && value.charAt(i) != ',') {
          if (value.charAt(i) == '"') {
            throw new Bad("a quote inside an unquoted XFCC value");
          }
          v.append(value.charAt(i++));
        }
      }
      if (i < n) {
        char sep = value.charAt(i);
        if (sep == ',') {
          throw new Bad("several XFCC elements", true);
        }
        if (sep != ';') {
          throw new Bad("text after a quoted XFCC value");
        }
        i++;
      }
      if (key.equals("cert")) {
        if (cert != null) {
          throw new Bad("Cert twice in one XFCC element", true);
        }
        cert = v.toString().trim();
      } else if (key.equals("chain")) {
        if (chain != null) {
          throw new Bad("Chain twice in one XFCC element", true);
        }
        chain = v.toString().trim();
      }
    }
    return new XfccCertificates(cert, chain);
  }

  /** Percent-encodes PEM text as Envoy and nginx do (every byte outside unreserved). */
  static String percentEncode(String text) {
    StringBuilder out = new StringBuilder(text.length() * 2);
    for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
      char ch = (char) (b & 0xff);
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
          || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
        out.append(ch);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(ch & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Concatenates DER encodings (what HAProxy's ssl_c_chain_der gives). */
  static byte[] concat(List<byte[]> ders) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] d : ders) {
      out.write(d, 0, d.length);
    }
    return out.toByteArray();
  }
}
