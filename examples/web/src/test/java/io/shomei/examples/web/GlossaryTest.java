package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One glossary for the customer-facing words of both example hosts, the web host
 * ({@code examples/web}: its message bundles, templates and script) and the Spring Boot host
 * ({@code examples/spring-boot}: the string literals of its main sources, where its pages are
 * written), in Japanese and English. The Japanese terms are the bank notice's own
 * ({@code 電子証明書取得用パスワード}, {@code お客様}).
 */
class GlossaryTest {
  /** A term and the variants that must not appear instead of it. */
  record Term(String use, Pattern avoid) {}

  static final List<Term> GLOSSARY = List.of(
      new Term("電子証明書取得用パスワード",
          Pattern.compile("(?<!電子)証明書取得用パスワード|電子証明書取得パスワード|証明書発行パスワード"
              + "|証明書（取得用）パスワード")),
      new Term("お客様", Pattern.compile("お客さま")),
      new Term("〜 (U+301C) in ranges", Pattern.compile("～")),
      new Term("ユーザID", Pattern.compile("ユーザーID|ユーザ ID|ログインID|ログイン ID")),
      new Term("仮パスワード", Pattern.compile("一時パスワード|初期パスワード")),
      new Term("お取引店", Pattern.compile("取引支店|お取扱店")),
      new Term("certificate acquisition password",
          Pattern.compile("(?<![Cc]ertificate )\\b[Aa]cquisition password")),
      // ("userId" is a form field's name, not a text)
      new Term("user ID", Pattern.compile("\\b(?:[Uu]ser Id|[Uu]serid|[Uu]ser-ID|[Ll]ogin ID)\\b")),
      new Term("temporary password", Pattern.compile("(?i)\\b(?:initial|one-time) password")));

  private static final Path WEB_RESOURCES =
      Path.of("src", "main", "resources", "io", "shomei", "examples", "web");
  private static final Path SPRING_BOOT_SOURCES =
      Path.of("..", "spring-boot", "src", "main", "java", "io", "shomei", "examples", "springboot");
  private static final String LITERAL = "\"(?:[^\"\\\\\\n]|\\\\.)*\"";
  private static final Pattern JAVA_STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  /** String literals joined with {@code +} (a text split over lines) are one text. */
  private static final Pattern JAVA_TEXT =
      Pattern.compile(LITERAL + "(?:\\s*\\+\\s*" + LITERAL + ")*");

  /** A customer-facing text and where it comes from. */
  record Text(String where, String text) {}

  @Test
  void everyCustomerFacingTextOfBothHostsUsesTheGlossarysTerms() throws IOException {
    List<Text> texts = new ArrayList<>();
    for (String lang : List.of("ja", "en")) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(
          WEB_RESOURCES.resolve("i18n").resolve("messages_" + lang + ".properties"),
          StandardCharsets.UTF_8)) {
        p.load(in);
      }
      p.stringPropertyNames().forEach(k -> texts.add(new Text("web " + lang + " " + k,
          p.getProperty(k))));
    }
    try (Stream<Path> files = Files.list(WEB_RESOURCES.resolve("templates"))) {
      for (Path f : files.sorted().toList()) {
        texts.add(new Text("web " + f.getFileName(), Files.readString(f)));
      }
    }
    texts.add(new Text("web keyboard.js",
        Files.readString(WEB_RESOURCES.resolve("static").resolve("keyboard.js"))));
    try (Stream<Path> files = Files.list(SPRING_BOOT_SOURCES)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(f);
        Matcher m = JAVA_TEXT.matcher(source);
        while (m.find()) {
          int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
          StringBuilder text = new StringBuilder();
          Matcher part = JAVA_STRING.matcher(m.group());
          while (part.find()) {
            text.append(part.group(1));
          }
          texts.add(new Text("spring-boot " + f.getFileName() + ":" + line, text.toString()));
        }
      }
    }
    // both hosts were read, in both languages
    assertThat(texts).anyMatch(t -> t.where().startsWith("web ja"))
        .anyMatch(t -> t.where().startsWith("web en"))
        .anyMatch(t -> t.where().startsWith("spring-boot") && t.text().contains("電子証明書"))
        .anyMatch(t -> t.where().startsWith("spring-boot") && t.text().contains("certificate"));

    List<String> misses = new ArrayList<>();
    for (Text t : texts) {
      for (Term term : GLOSSARY) {
        Matcher m = term.avoid().matcher(t.text());
        while (m.find()) {
          misses.add(t.where() + ": \"" + m.group() + "\" -> use \"" + term.use() + "\"");
        }
      }
    }
    assertThat(misses).as("words outside the glossary").isEmpty();
    // the services have the same names on both hosts (never their IDs)
    for (String service : io.shomei.examples.datadir.DataDir.SERVICES) {
      for (String lang : List.of("ja", "en")) {
        String name = Views.MESSAGES.bundle(lang).text("service." + service);
        assertThat(texts).as(service + " " + lang).anyMatch(
            t -> t.where().startsWith("spring-boot Messages.java") && t.text().contains(name));
      }
    }
    // and the terms are the ones used: each host says the notice's words
    for (String host : List.of("web ja", "spring-boot")) {
      assertThat(texts).as(host).anyMatch(t -> t.where().startsWith(host)
          && t.text().contains("電子証明書取得用パスワード"));
    }
  }

  @Test
  void theGlossaryCatchesTheVariantsItNames() {
    assertThat(GLOSSARY.get(0).avoid().matcher("証明書取得用パスワード").find()).isTrue();
    assertThat(GLOSSARY.get(0).avoid().matcher("電子証明書取得用パスワード").find()).isFalse();
    assertThat(GLOSSARY.get(0).avoid().matcher("電子証明書取得パスワード").find()).isTrue();
    assertThat(GLOSSARY.get(6).avoid().matcher("your acquisition password").find()).isTrue();
    assertThat(GLOSSARY.get(6).avoid().matcher("your certificate acquisition password").find())
        .isFalse();
  }
}
