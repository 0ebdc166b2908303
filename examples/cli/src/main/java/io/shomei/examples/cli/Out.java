package io.shomei.examples.cli;

import io.shomei.spi.Secret;
import io.shomei.spi.AccountKey;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes a command's output: {@code key: value} lines first (one per line, stable keys, values on
 * one line), then, after one empty line, optional text for a person. Scripts read up to the first
 * empty line.
 *
 * <p>Values taken from certificates (names) may contain anything: control characters, line breaks
 * and the Unicode line separators are written as {@code \\uXXXX}, so one value stays one line.
 */
final class Out {
  private final PrintWriter w;
  private boolean extras;

  Out(PrintWriter w) {
    this.w = w;
  }

  /** One {@code key: value} line. */
  Out kv(String key, Object value) {
    if (extras) {
      throw new IllegalStateException("key: value line after the human-readable text: " + key);
    }
    w.print(key);
    w.print(": ");
    w.println(oneLine(value instanceof Instant i ? format(i) : String.valueOf(value)));
    return this;
  }

  /**
   * One {@code key: value} line whose value is a secret for a letter; the temporary copy is wiped.
   */
  Out kvSecret(String key, Secret value) {
    if (extras) {
      throw new IllegalStateException("key: value line after the human-readable text: " + key);
    }
    char[] chars = value.toCharArray();
    try {
      w.print(key);
      w.print(": ");
      w.println(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
    return this;
  }

  /** The {@code user-id} and {@code service} lines of an account. */
  Out account(AccountKey account) {
    return kv("user-id", account.userId()).kv("service", account.service());
  }

  /** One {@code key: value} line when the value is present. */
  Out kvIf(String key, @Nullable Object value) {
    return value == null ? this : kv(key, value);
  }

  /** A line of text for a person, after the key: value lines. */
  Out extra(String text) {
    if (!extras) {
      w.println();
      extras = true;
    }
    w.println(oneLine(text));
    return this;
  }

  void flush() {
    w.flush();
  }

  /** An instant as ISO-8601 in UTC ({@code 2021-02-23T15:00:00Z}). */
  /** An instant in UTC to the second ({@code 2021-02-23T14:59:59Z}): no fraction is printed. */
  static String format(Instant i) {
    return i.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A boolean as {@code true} / {@code false}. */
  static String bool(boolean b) {
    return b ? "true" : "false";
  }

  /** An enum constant as a stable lower-case word ({@code SUPERSEDED} becomes {@code superseded}). */
  static String word(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String oneLine(String s) {
    @Nullable StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean unsafe = c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
      if (unsafe) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
