package io.shomei.examples.web;

import io.shomei.examples.web.http.Request;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The page languages: Japanese by default, English on request ({@code ?lang=en} or the cookie). */
enum Lang {
  JA("ja", Locale.JAPANESE),
  EN("en", Locale.ENGLISH);

  /** The cookie that remembers the choice. */
  static final String COOKIE = "shomei-lang";

  private final String tag;
  private final Locale locale;

  Lang(String tag, Locale locale) {
    this.tag = tag;
    this.locale = locale;
  }

  String tag() {
    return tag;
  }

  Locale locale() {
    return locale;
  }

  static @Nullable Lang parse(@Nullable String tag) {
    for (Lang l : values()) {
      if (l.tag.equals(tag)) {
        return l;
      }
    }
    return null;
  }

  /** The query's {@code lang}, else the cookie, else Japanese. */
  static Lang of(Request r) {
    Lang q = parse(r.query("lang"));
    if (q != null) {
      return q;
    }
    Lang c = parse(r.cookie(COOKIE));
    return c != null ? c : JA;
  }

  /** Whether the request asks to switch (then the page sets the cookie). */
  static @Nullable Lang requested(Request r) {
    return parse(r.query("lang"));
  }
}
