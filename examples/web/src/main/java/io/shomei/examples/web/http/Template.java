package io.shomei.examples.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A template: HTML text with three kinds of slots, and nothing else (no logic, no loops).
 *
 * <ul>
 *   <li>{@code {{name}}}: the model's value, escaped ({@link Html#escape});
 *   <li>{@code {{t:key}}}: the message {@code key} of the page's language, escaped;
 *   <li>{@code {{{name}}}}: a model value that must be an {@link Html} fragment (another rendered
 *       template, or escaped text), inserted as is.
 * </ul>
 *
 * <p>A missing model value, or a raw slot given a plain string, is a programming error and throws:
 * there is no way to put unescaped text into a page. Templates are UTF-8 resources under
 * {@code io/shomei/examples/web/templates/} and are parsed once.
 */
public final class Template {
  private static final String ROOT = "/io/shomei/examples/web/templates/";
  private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();

  private sealed interface Part {}

  private record Literal(String text) implements Part {}

  private record Escaped(String name) implements Part {}

  private record Raw(String name) implements Part {}

  private record Message(String key) implements Part {}

  private final String name;
  private final List<Part> parts;

  private Template(String name, List<Part> parts) {
    this.name = name;
    this.parts = List.copyOf(parts);
  }

  /**
   * The template of a resource, parsed once.
   *
   * @param name the file name without {@code .html}
   * @return the template
   * @throws IllegalArgumentException if the resource is missing or malformed
   */
  public static Template named(String name) {
    return CACHE.computeIfAbsent(name, Template::load);
  }

  private static Template load(String name) {
    if (!name.matches("[a-z0-9-]{1,40}")) {
      throw new IllegalArgumentException("bad template name " + name);
    }
    try (InputStream in = Template.class.getResourceAsStream(ROOT + name + ".html")) {
      if (in == null) {
        throw new IllegalArgumentException("no template " + name);
      }
      return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + name, e);
    }
  }

  /**
   * Parses template text (for tests and {@link #named}).
   *
   * @param name a name for error messages
   * @param text the template text
   * @return the template
   */
  public static Template parse(String name, String text) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        parts.add(new Literal(text.substring(i)));
        break;
      }
      if (open > i) {
        parts.add(new Literal(text.substring(i, open)));
      }
      boolean raw = text.startsWith("{{{", open);
      String close = raw ? "}}}" : "}}";
      int start = open + (raw ? 3 : 2);
      int end = text.indexOf(close, start);
      if (end < 0) {
        throw new IllegalArgumentException("template " + name + ": unclosed slot at " + open);
      }
      String slot = text.substring(start, end).trim();
      if (!slot.matches("(t:)?[A-Za-z0-9_.-]{1,80}")) {
        throw new IllegalArgumentException("template " + name + ": bad slot '" + slot + "'");
      }
      if (raw) {
        parts.add(new Raw(slot));
      } else if (slot.startsWith("t:")) {
        parts.add(new Message(slot.substring(2)));
      } else {
        parts.add(new Escaped(slot));
      }
      i = end + close.length();
    }
    return new Template(name, parts);
  }

  /**
   * Renders the template.
   *
   * @param messages the page language's messages
   * @param model the slot values: {@link Html} for raw slots; strings, numbers or enums otherwise
   * @return the markup
   * @throws IllegalArgumentException if a slot has no value or a value of the wrong kind
   */
  public Html render(Messages.Bundle messages, Map<String, ?> model) {
    StringBuilder sb = new StringBuilder(256);
    for (Part p : parts) {
      if (p instanceof Literal l) {
        sb.append(l.text());
      } else if (p instanceof Message m) {
        sb.append(Html.escape(messages.text(m.key())));
      } else if (p instanceof Raw r) {
        Object v = value(model, r.name());
        if (!(v instanceof Html h)) {
          throw new IllegalArgumentException("template " + name + ": raw slot " + r.name()
              + " needs Html, not " + v.getClass().getSimpleName());
        }
        sb.append(h);
      } else if (p instanceof Escaped e) {
        Object v = value(model, e.name());
        if (v instanceof Html) {
          throw new IllegalArgumentException("template " + name + ": slot " + e.name()
              + " is Html; use {{{" + e.name() + "}}}");
        }
        sb.append(Html.escape(String.valueOf(v)));
      }
    }
    return Html.trusted(sb.toString());
  }

  private Object value(Map<String, ?> model, String slot) {
    Object v = model.get(slot);
    if (v == null) {
      throw new IllegalArgumentException("template " + name + ": no value for " + slot);
    }
    return v;
  }

  @Override
  public String toString() {
    return "Template[" + name + "]";
  }
}
