package io.shomei.examples.web.http;

import io.shomei.spi.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed {@code application/x-www-form-urlencoded} body. Values are decoded only when asked
 * for: {@link #text} for ordinary fields, {@link #secret} for passwords, which are decoded straight
 * into a {@code char[]} inside a {@link Secret} (never a {@link String}, which could not be wiped).
 * {@link #close()} wipes the raw body.
 *
 * <p>Malformed input (bad percent escapes, invalid UTF-8, a repeated field name, an over-long
 * value) is a {@linkplain HttpError#badRequest 400}.
 */
public final class FormData implements AutoCloseable {
  /** The most fields a form may have. */
  public static final int MAX_FIELDS = 32;

  private final byte[] body;
  private final Map<String, int[]> fields;

  private FormData(byte[] body, Map<String, int[]> fields) {
    this.body = body;
    this.fields = fields;
  }

  /**
   * Parses a body; takes ownership of the array (wiped by {@link #close()}).
   *
   * @param body the raw body
   * @return the form
   * @throws HttpError if the body is malformed
   */
  public static FormData parse(byte[] body) {
    Map<String, int[]> fields = new HashMap<>();
    int i = 0;
    while (i < body.length) {
      int amp = indexOf(body, (byte) '&', i);
      int end = amp < 0 ? body.length : amp;
      if (end > i) {
        int eq = indexOf(body, (byte) '=', i);
        int nameEnd = eq < 0 || eq > end ? end : eq;
        int valueStart = eq < 0 || eq > end ? end : eq + 1;
        String name = decodeName(body, i, nameEnd);
        if (fields.put(name, new int[] {valueStart, end}) != null) {
          throw HttpError.badRequest("repeated form field");
        }
        if (fields.size() > MAX_FIELDS) {
          throw HttpError.badRequest("too many form fields");
        }
      }
      i = end + 1;
    }
    return new FormData(body, fields);
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static String decodeName(byte[] body, int start, int end) {
    char[] c = decode(body, start, end);
    String name = new String(c);
    if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
      throw HttpError.badRequest("bad form field name");
    }
    return name;
  }

  /**
   * Whether the form has a field.
   *
   * @param name the field name
   * @return {@code true} if present (even empty)
   */
  public boolean has(String name) {
    return fields.containsKey(name);
  }

  /**
   * An ordinary (non-secret) field.
   *
   * @param name the field name
   * @param maxChars the longest accepted value
   * @return the value, or the empty string if the field is absent
   * @throws HttpError if the value is malformed or longer than {@code maxChars}
   */
  public String text(String name, int maxChars) {
    int[] range = fields.get(name);
    if (range == null) {
      return "";
    }
    char[] c = decode(body, range[0], range[1]);
    if (c.length > maxChars) {
      throw HttpError.badRequest("form field too long");
    }
    return new String(c);
  }

  /**
   * A secret field, decoded into a fresh {@code char[]} the returned {@link Secret} owns.
   *
   * @param name the field name
   * @param maxChars the longest accepted value
   * @return the secret (empty if the field is absent); the caller destroys it
   * @throws HttpError if the value is malformed or longer than {@code maxChars}
   */
  public Secret secret(String name, int maxChars) {
    int[] range = fields.get(name);
    if (range == null) {
      return Secret.wrap(new char[0]);
    }
    char[] c = decode(body, range[0], range[1]);
    if (c.length > maxChars) {
      Arrays.fill(c, '\0');
      throw HttpError.badRequest("form field too long");
    }
    return Secret.wrap(c);
  }

  /** Wipes the raw body. */
  @Override
  public void close() {
    Arrays.fill(body, (byte) 0);
  }

  @Override
  public String toString() {
    return "FormData[fields=" + fields.keySet() + ", values=<redacted>]";
  }

  private static char[] decode(byte[] src, int start, int end) {
    byte[] bytes = new byte[end - start];
    int n = 0;
    for (int i = start; i < end; i++) {
      byte b = src[i];
      if (b == '+') {
        bytes[n++] = ' ';
      } else if (b == '%') {
        if (i + 2 >= end) {
          Arrays.fill(bytes, (byte) 0);
          throw HttpError.badRequest("bad percent escape");
        }
        int hi = Character.digit(src[i + 1], 16);
        int lo = Character.digit(src[i + 2], 16);
        if (hi < 0 || lo < 0) {
          Arrays.fill(bytes, (byte) 0);
          throw HttpError.badRequest("bad percent escape");
        }
        bytes[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else {
        bytes[n++] = b;
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(n);
    try {
      var result = decoder.decode(ByteBuffer.wrap(bytes, 0, n), out, true);
      if (result.isError()) {
        result.throwException();
      }
      decoder.flush(out);
      out.flip();
      char[] chars = new char[out.remaining()];
      out.get(chars);
      for (char c : chars) {
        if (Character.isISOControl(c)) {
          Arrays.fill(chars, '\0');
          throw HttpError.badRequest("control character in a form field");
        }
      }
      return chars;
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("form field is not UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Arrays.fill(out.array(), '\0');
    }
  }
}
