package io.shomei.examples.web;

import java.util.List;
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
 * @param items points listed under the text in the same box (for example every rule a new
 *     password breaks), or empty
 */
record Notice(Kind kind, String text, @Nullable String href, @Nullable String linkText,
    List<String> items) {
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
    items = List.copyOf(items);
    if ((href == null) != (linkText == null)) {
      throw new IllegalArgumentException("href and linkText go together");
    }
    if (href != null && (!href.startsWith("/") || href.startsWith("//"))) {
      throw new IllegalArgumentException("links are local paths");
    }
  }

  static Notice error(String text) {
    return new Notice(Kind.ERROR, text, null, null, List.of());
  }

  static Notice warning(String text) {
    return new Notice(Kind.WARNING, text, null, null, List.of());
  }

  static Notice info(String text) {
    return new Notice(Kind.INFO, text, null, null, List.of());
  }

  Notice withLink(String path, String text) {
    return new Notice(kind, this.text, path, text, items);
  }

  /** An error with its points listed in one box. */
  static Notice errors(String text, List<String> items) {
    return new Notice(Kind.ERROR, text, null, null, items);
  }
}
