package io.shomei.examples.web;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message box on a page: an error, a warning or information, with an optional link (for example
 * "re-acquire your certificate").
 *
 * @param kind how it is shown
 * @param text the text (escaped when rendered)
 * @param href a local link, or {@code null}
 * @param linkText the link's text, or {@code null}
 */
record Notice(Kind kind, String text, @Nullable String href, @Nullable String linkText) {
  enum Kind {
    ERROR("error"),
    WARNING("warning"),
    INFO("info");

    private final String css;

    Kind(String css) {
      this.css = css;
    }

    String css() {
      return css;
    }
  }

  Notice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    if ((href == null) != (linkText == null)) {
      throw new IllegalArgumentException("href and linkText go together");
    }
    if (href != null && (!href.startsWith("/") || href.startsWith("//"))) {
      throw new IllegalArgumentException("links are local paths");
    }
  }

  static Notice error(String text) {
    return new Notice(Kind.ERROR, text, null, null);
  }

  static Notice warning(String text) {
    return new Notice(Kind.WARNING, text, null, null);
  }

  static Notice info(String text) {
    return new Notice(Kind.INFO, text, null, null);
  }

  Notice withLink(String path, String text) {
    return new Notice(kind, this.text, path, text);
  }
}
