package io.shomei.examples.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The web host's texts (its {@code messages_ja.properties} and {@code messages_en.properties},
 * put on this host's class path by the build, not copied): pages added to both hosts take their
 * words from the one glossary. This host shows both languages on one page, Japanese first.
 */
final class WebWords {
  private static final Properties JA = load("ja");
  private static final Properties EN = load("en");

  private WebWords() {}

  /**
   * The text of {@code key} in Japanese and English, each {@code {name}} replaced by its value.
   *
   * @throws IllegalArgumentException for a key the web host does not have
   */
  static List<String> both(String key, Map<String, String> values) {
    return List.of(text(JA, key, values), text(EN, key, values));
  }

  /** The text of {@code key} as "Japanese / English", for labels and buttons. */
  static String label(String key) {
    return text(JA, key, Map.of()) + " / " + text(EN, key, Map.of());
  }

  private static String text(Properties p, String key, Map<String, String> values) {
    String text = p.getProperty(key);
    if (text == null) {
      throw new IllegalArgumentException("no text for " + key);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace("{" + e.getKey() + "}", e.getValue());
    }
    return text;
  }

  private static Properties load(String language) {
    String name = "words/messages_" + language + ".properties";
    Properties p = new Properties();
    try (InputStream in = Objects.requireNonNull(WebWords.class.getResourceAsStream(name),
        () -> name + " is not on the class path (built from examples/web)")) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
