package io.shomei.examples.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * The texts of each language, from UTF-8 properties files {@code PREFIX_TAG.properties}
 * ({@code messages_ja.properties}, {@code messages_en.properties}). Every language must define
 * exactly the same keys; {@link #load} checks it.
 */
public final class Messages {
  private final Map<String, Bundle> bundles;

  private Messages(Map<String, Bundle> bundles) {
    this.bundles = Map.copyOf(bundles);
  }

  /**
   * Loads the bundles.
   *
   * @param resourcePrefix class path prefix, e.g. {@code /io/shomei/examples/web/i18n/messages}
   * @param languageTags the languages, e.g. {@code ja}, {@code en}; the first is the reference
   * @return the messages
   * @throws IllegalStateException if a file is missing or the key sets differ
   */
  public static Messages load(String resourcePrefix, List<String> languageTags) {
    Map<String, Bundle> bundles = new LinkedHashMap<>();
    Set<String> reference = null;
    for (String tag : languageTags) {
      Properties p = new Properties();
      String file = resourcePrefix + "_" + tag + ".properties";
      try (InputStream in = Messages.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException("missing " + file);
        }
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      Map<String, String> texts = new LinkedHashMap<>();
      for (String k : p.stringPropertyNames()) {
        texts.put(k, p.getProperty(k));
      }
      if (reference == null) {
        reference = texts.keySet();
      } else if (!reference.equals(texts.keySet())) {
        throw new IllegalStateException(file + " does not define the same keys as "
            + languageTags.get(0) + ": " + difference(reference, texts.keySet()));
      }
      bundles.put(tag, new Bundle(Locale.forLanguageTag(tag), texts));
    }
    return new Messages(bundles);
  }

  private static String difference(Set<String> a, Set<String> b) {
    StringBuilder sb = new StringBuilder();
    for (String k : a) {
      if (!b.contains(k)) {
        sb.append(" -").append(k);
      }
    }
    for (String k : b) {
      if (!a.contains(k)) {
        sb.append(" +").append(k);
      }
    }
    return sb.toString().trim();
  }

  /**
   * One language's bundle.
   *
   * @param tag the language tag
   * @return the bundle
   * @throws IllegalArgumentException for a language that was not loaded
   */
  public Bundle bundle(String tag) {
    Bundle b = bundles.get(tag);
    if (b == null) {
      throw new IllegalArgumentException("no messages for language " + tag);
    }
    return b;
  }

  /**
   * The texts of one language.
   *
   * @param locale the language
   * @param texts key to text
   */
  public record Bundle(Locale locale, Map<String, String> texts) {
    /** Copies the map. */
    public Bundle {
      Objects.requireNonNull(locale, "locale");
      texts = Map.copyOf(texts);
    }

    /**
     * Whether a key exists.
     *
     * @param key the key
     * @return {@code true} if defined
     */
    public boolean has(String key) {
      return texts.containsKey(key);
    }

    /**
     * A text.
     *
     * @param key the key
     * @return the text
     * @throws IllegalArgumentException if the key is not defined
     */
    public String text(String key) {
      String t = texts.get(key);
      if (t == null) {
        throw new IllegalArgumentException("no message " + key + " for " + locale);
      }
      return t;
    }

    /**
     * A text with {@code {name}} placeholders replaced (the values are not escaped here: the
     * result is text, escaped when it is put into a page).
     *
     * @param key the key
     * @param args placeholder values
     * @return the text
     */
    public String format(String key, Map<String, String> args) {
      String t = text(key);
      StringBuilder sb = new StringBuilder(t.length() + 32);
      int i = 0;
      while (i < t.length()) {
        int open = t.indexOf('{', i);
        int close = open < 0 ? -1 : t.indexOf('}', open);
        if (open < 0 || close < 0) {
          sb.append(t, i, t.length());
          break;
        }
        String name = t.substring(open + 1, close);
        String v = args.get(name);
        if (v == null) {
          throw new IllegalArgumentException("message " + key + " needs {" + name + "}");
        }
        sb.append(t, i, open).append(v);
        i = close + 1;
      }
      return sb.toString();
    }
  }
}
