package io.shomei.examples.web.http;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fragment of HTML that is safe to insert as is: either escaped text or the output of a
 * {@link Template}. Nothing else can make one, so a template's raw slot ({@code {{{name}}}}) can
 * only ever receive markup this package produced.
 */
public final class Html {
  /** The empty fragment. */
  public static final Html EMPTY = new Html("");

  private final String value;

  private Html(String value) {
    this.value = value;
  }

  /** Only {@link Template} makes markup. */
  static Html trusted(String markup) {
    return new Html(markup);
  }

  /**
   * Escaped text.
   *
   * @param text any text, hostile or not
   * @return the text with {@code & < > " '} escaped
   */
  public static Html text(String text) {
    return new Html(escape(text));
  }

  /**
   * Concatenates fragments.
   *
   * @param parts the fragments
   * @return one fragment
   */
  public static Html join(List<Html> parts) {
    StringBuilder sb = new StringBuilder();
    for (Html h : parts) {
      sb.append(h.value);
    }
    return new Html(sb.toString());
  }

  /**
   * Escapes text for HTML element content and double- or single-quoted attribute values.
   *
   * @param s the text
   * @return the escaped text
   */
  public static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (r != null) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(r);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /**
   * Whether this fragment is empty.
   *
   * @return {@code true} if it has no characters
   */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Html h && h.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  /**
   * The markup.
   *
   * @return the HTML text
   */
  @Override
  public String toString() {
    return value;
  }
}
