package io.shomei.examples.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The letter's PDF, read back with Poppler's {@code pdftotext} and {@code pdffonts}: the Japanese and
 * English text, the user ID, both passwords and the service are there, and the Japanese font is
 * embedded.
 */
class BankLetterTest {
  static final LocalDate DATE = LocalDate.of(2021, 3, 1);

  private static Path written(byte[] pdf, String name) throws Exception {
    // the test's own letter with made-up secrets, kept in target/ to look at
    Path dir = Files.createDirectories(Path.of("target", "letters"));
    Path file = dir.resolve(name);
    Files.write(file, pdf);
    return file;
  }

  private static String text(Path pdf) {
    return ProcessRunner.run(List.of("pdftotext", "-enc", "UTF-8", pdf.toString(), "-"),
        Duration.ofSeconds(60)).requireSuccess().stdout();
  }

  @Test
  void theLetterCarriesTheJapaneseAndEnglishTextAndBothPasswords() throws Exception {
    Components.require(Component.JAPANESE_FONT, Component.POPPLER);
    BankLetter letter = BankLetter.withFont(BankLetter.installedJapaneseFont().orElseThrow());
    try (Secret temporary = Secret.of("Kx7#mP2q=A");
        Secret acquisition = Secret.of("wR4tZ9bN2cF7hJ3k")) {
      byte[] pdf = letter.render(new LetterContent("12345678", List.of("fx-forward"), temporary,
          acquisition, "証明銀行 / Shomei Bank", DATE));
      assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("%PDF-");
      String text = text(written(pdf, "both-passwords.pdf"));
      assertThat(text).contains("電子証明書取得のご案内", "ユーザID: 12345678", "仮パスワード",
          "証明書取得パスワード", "Kx7#mP2q=A", "wR4tZ9bN2cF7hJ3k", "fx-forward",
          "［証明書取得］", "「このキーをエクスポート可能にする」", "2021年3月1日", "証明銀行");
      assertThat(text).contains("Your electronic certificate", "User ID: 12345678",
          "Certificate acquisition password: wR4tZ9bN2cF7hJ3k",
          "Temporary password (first login): Kx7#mP2q=A", "[Get certificate]",
          "case-sensitive", "1 March 2021");
      // the secrets were read, not consumed
      assertThat(temporary.isDestroyed()).isFalse();
    }
  }

  @Test
  void theJapaneseFontIsEmbedded() throws Exception {
    Components.require(Component.JAPANESE_FONT, Component.POPPLER);
    BankLetter letter = BankLetter.withFont(BankLetter.installedJapaneseFont().orElseThrow());
    try (Secret acquisition = Secret.of("wR4tZ9bN2cF7hJ3k")) {
      Path file = written(letter.render(new LetterContent("12345678", List.of("fx-forward"), null,
          acquisition, "Shomei Bank", DATE)), "acquisition-only.pdf");
      String fonts = ProcessRunner.run(List.of("pdffonts", file.toString()),
          Duration.ofSeconds(60)).requireSuccess().stdout();
      List<String> rows = fonts.lines().skip(2).toList();
      assertThat(rows).isNotEmpty();
      // columns: name type encoding emb sub uni object ID; every font embedded, as a subset
      assertThat(rows).allSatisfy(row -> assertThat(row).contains("IPAGothic")
          .matches(".*\\byes\\s+yes\\s+yes\\b.*"));
      String text = text(file);
      assertThat(text).contains("証明書取得パスワード: wR4tZ9bN2cF7hJ3k")
          .doesNotContain("仮パスワード（初回ログイン用）").doesNotContain("Temporary password");
    }
  }

  @Test
  void aLongJapaneseStepIsNotBrokenAfterItsNumber() throws Exception {
    Components.require(Component.JAPANESE_FONT);
    try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
      var font = org.apache.pdfbox.pdmodel.font.PDType0Font.load(doc,
          BankLetter.IPA_GOTHIC.toFile());
      String step = "2. 証明書発行認証画面で、ユーザID、パスワード（初回は仮パスワード）、"
          + "証明書取得パスワードを入力し、［証明書取得］を押してください。";
      List<String> lines = BankLetter.wrap(font, step, 10.5f, 480);
      assertThat(lines).hasSizeGreaterThan(1);
      assertThat(lines.get(0)).startsWith("2. 証明書発行認証画面で");
      assertThat(String.join("", lines)).isEqualTo(step);
      List<String> english = BankLetter.wrap(font, "2. On the issuance screen, enter your user "
          + "ID, your password and the certificate acquisition password, then press [Get "
          + "certificate].", 10.5f, 300);
      assertThat(english).allSatisfy(l -> assertThat(l).doesNotEndWith(" ").isNotEqualTo("2."));
      assertThat(String.join(" ", english)).startsWith("2. On the issuance screen");
    }
  }

  @Test
  void contentNeverShowsASecretAndHandsOutAtLeastOne() {
    try (Secret temporary = Secret.of("Kx7#mP2q=A")) {
      LetterContent c = new LetterContent("12345678", List.of("fx-forward"), temporary, null,
          "Shomei Bank", DATE);
      assertThat(c.toString()).doesNotContain("Kx7#mP2q=A").contains("<redacted>", "12345678");
    }
    assertThatThrownBy(() -> new LetterContent("12345678", List.of("fx-forward"), null, null,
        "Shomei Bank", DATE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LetterContent("12345678", List.of(), null,
        Secret.of("x"), "Shomei Bank", DATE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BankLetter.withFont(Path.of("/nonexistent/font.ttf")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Kx7");
  }
}
