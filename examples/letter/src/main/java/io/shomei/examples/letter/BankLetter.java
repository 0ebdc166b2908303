package io.shomei.examples.letter;

import io.shomei.spi.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.jspecify.annotations.Nullable;

/**
 * Renders the bank's letter to a customer (MISSION R6, A1-A13, L1-L6) as a two-page PDF: Japanese
 * on the first page, English on the second, with the Japanese font embedded (a subset of it), so
 * that any PDF reader and printer shows the same letter. The PDF exists only in the returned array:
 * nothing is written to disk, cached or logged. Hand it to the printer or to one download, then
 * drop it.
 *
 * <pre>{@code
 * BankLetter letter = BankLetter.withFont(BankLetter.installedJapaneseFont().orElseThrow());
 * byte[] pdf = letter.render(new LetterContent(userId, List.of("fx-forward"),
 *     temporaryPassword, acquisitionPassword, "Shomei Bank", today));
 * }</pre>
 *
 * <p>PDFBox takes text as {@link String}: each secret exists as a short-lived string while its line
 * is drawn, which cannot be wiped; it is in the PDF itself by design.
 *
 * <p>Thread-safe (the font file is read for each letter).
 */
public final class BankLetter {
  /** Where Debian's {@code fonts-ipafont-gothic} puts IPA Gothic (monospaced, clear for passwords). */
  public static final Path IPA_GOTHIC = Path.of("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf");

  private static final float MARGIN = 56;
  private static final float BODY = 10.5f;
  private static final float LEADING = 1.45f;

  private final Path font;

  private BankLetter(Path font) {
    this.font = font;
  }

  /**
   * A letter renderer with a TrueType font that covers Japanese (for example IPA Gothic).
   *
   * @param trueTypeFont the font file ({@code .ttf})
   * @return the renderer
   * @throws IllegalArgumentException if the file is not readable
   */
  public static BankLetter withFont(Path trueTypeFont) {
    if (!Files.isReadable(trueTypeFont)) {
      throw new IllegalArgumentException("font not readable: " + trueTypeFont);
    }
    return new BankLetter(trueTypeFont);
  }

  /**
   * The Japanese font installed on this machine, if any ({@link #IPA_GOTHIC}).
   *
   * @return the font file, or empty
   */
  public static Optional<Path> installedJapaneseFont() {
    return Files.isReadable(IPA_GOTHIC) ? Optional.of(IPA_GOTHIC) : Optional.empty();
  }

  /**
   * Renders the letter.
   *
   * @param content what the letter says; its secrets are read, not destroyed
   * @return the PDF
   * @throws UncheckedIOException if the font cannot be read
   */
  public byte[] render(LetterContent content) {
    Objects.requireNonNull(content, "content");
    try (PDDocument doc = new PDDocument()) {
      PDType0Font f = PDType0Font.load(doc, font.toFile());
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle("証明書取得のご案内 / Your certificate letter");
      info.setAuthor(content.bankName());
      page(doc, f, japanese(content));
      page(doc, f, english(content));
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("the letter could not be rendered", e);
    }
  }

  /** One line of a page: its text, its size, and the space above it. */
  private record Line(String text, float size, float above) {}

  private static List<Line> japanese(LetterContent c) {
    List<Line> l = new ArrayList<>();
    l.add(new Line(c.date().format(DateTimeFormatter.ofPattern("uuuu年M月d日", Locale.JAPAN)),
        BODY, 0));
    l.add(new Line(c.bankName(), BODY, 0));
    l.add(new Line("電子証明書取得のご案内", 16, 18));
    l.add(new Line("お客さまのログイン情報と電子証明書の取得方法をご案内します。", BODY, 14));
    l.add(new Line("ユーザID: " + c.userId(), 13, 14));
    l.add(new Line("対象サービス: " + String.join("、", c.services()), BODY, 4));
    secret(l, "仮パスワード（初回ログイン用）: ", c.temporaryPassword());
    secret(l, "証明書取得パスワード: ", c.acquisitionPassword());
    l.add(new Line("パスワードは大文字と小文字を区別します。", BODY, 4));
    l.add(new Line("証明書の取得方法", 12, 16));
    String[] steps = {
        "1. ログイン画面の［証明書取得］ボタンを押してください。",
        "2. 証明書発行認証画面で、ユーザID、パスワード（初回は仮パスワード）、証明書取得パスワードを"
            + "入力し、［証明書取得］を押してください。",
        "3. 「証明書発行中」の画面が表示されます。次の画面が表示されるまでお待ちください。",
        "4. 証明書ダウンロード画面で［ダウンロード］を押し、ファイルを開いてください。",
        "5. 証明書のインポートウィザードでパスワードを求められたら、証明書取得パスワードを入力して"
            + "ください。「このキーをエクスポート可能にする」にはチェックを付けないでください。",
        "6. セキュリティ警告（ルート証明書のインストール）が表示されたら［はい］を押してください。"
            + "表示されない場合もあります。",
        "7. 「正しくインポートされました」と表示されたら、証明書ログインをご利用いただけます。"};
    for (String s : steps) {
      l.add(new Line(s, BODY, 3));
    }
    l.add(new Line("証明書ログイン", 12, 16));
    String[] login = {
        "1. ログイン画面の［証明書ログイン］を押してください。",
        "2. 証明書の選択画面で「CN=」の後にユーザIDが表示されている証明書を選んでください。",
        "3. パスワード画面で、初回は仮パスワードを入力し、新しいパスワードに変更してください。",
        "   2回目以降は変更後のパスワードをご利用ください。"};
    for (String s : login) {
      l.add(new Line(s, BODY, 3));
    }
    l.add(new Line("証明書取得パスワードは、証明書の取得とインポートのみに使用します。"
        + "この書面は他人に見せず、大切に保管し、ご利用開始後は破棄してください。", BODY, 16));
    return l;
  }

  private static List<Line> english(LetterContent c) {
    List<Line> l = new ArrayList<>();
    l.add(new Line(c.date().format(DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH)),
        BODY, 0));
    l.add(new Line(c.bankName(), BODY, 0));
    l.add(new Line("Your electronic certificate", 16, 18));
    l.add(new Line("This letter gives you your login details and explains how to obtain your "
        + "certificate.", BODY, 14));
    l.add(new Line("User ID: " + c.userId(), 13, 14));
    l.add(new Line("Service: " + String.join(", ", c.services()), BODY, 4));
    secret(l, "Temporary password (first login): ", c.temporaryPassword());
    secret(l, "Certificate acquisition password: ", c.acquisitionPassword());
    l.add(new Line("Passwords are case-sensitive.", BODY, 4));
    l.add(new Line("Obtaining your certificate", 12, 16));
    String[] steps = {
        "1. On the login screen, press [Get certificate].",
        "2. On the issuance screen, enter your user ID, your password (the temporary password the "
            + "first time) and the certificate acquisition password, then press [Get certificate].",
        "3. The \"issuing certificate\" screen appears: wait for the next screen.",
        "4. On the download screen, press [Download] and open the file.",
        "5. When the import wizard asks for a password, enter the certificate acquisition "
            + "password. Leave \"Mark this key as exportable\" unchecked.",
        "6. If a security warning asks to install the bank's root certificate, answer Yes. It may "
            + "not appear on every PC.",
        "7. When \"The import was successful\" appears, certificate login is ready."};
    for (String s : steps) {
      l.add(new Line(s, BODY, 3));
    }
    l.add(new Line("Certificate login", 12, 16));
    String[] login = {
        "1. On the login screen, press [Certificate login].",
        "2. Choose the certificate whose \"CN=\" is followed by your user ID.",
        "3. On the password screen, enter the temporary password the first time and change it; "
            + "from then on, use your new password."};
    for (String s : login) {
      l.add(new Line(s, BODY, 3));
    }
    l.add(new Line("The certificate acquisition password serves only to obtain and import the "
        + "certificate. Show this letter to no one, keep it safe, and destroy it once your service "
        + "works.", BODY, 16));
    return l;
  }

  private static void secret(List<Line> lines, String label, @Nullable Secret secret) {
    if (secret != null) {
      lines.add(new Line(label + secret.apply(CharSequence::toString), 13, 6));
    }
  }

  private static void page(PDDocument doc, PDType0Font font, List<Line> lines) throws IOException {
    PDPage page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    float width = page.getMediaBox().getWidth() - 2 * MARGIN;
    float y = page.getMediaBox().getHeight() - MARGIN;
    try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
      for (Line line : lines) {
        y -= line.above();
        for (String part : wrap(font, line.text(), line.size(), width)) {
          y -= line.size() * LEADING;
          cs.beginText();
          cs.setFont(font, line.size());
          cs.newLineAtOffset(MARGIN, y);
          cs.showText(part);
          cs.endText();
        }
      }
    }
  }

  /**
   * Breaks a line to the width: at a space in the second half of the line where there is one
   * (English), else between any two chars (Japanese).
   */
  static List<String> wrap(PDType0Font font, String text, float size, float width)
      throws IOException {
    List<String> out = new ArrayList<>();
    String rest = text;
    while (!rest.isEmpty()) {
      int end = rest.length();
      while (end > 1 && font.getStringWidth(rest.substring(0, end)) / 1000 * size > width) {
        end--;
      }
      if (end < rest.length()) {
        // a space in the second half of the line is a word break; an earlier one (after a step's
        // number, in Japanese) is not worth a nearly empty line
        int space = rest.lastIndexOf(' ', end);
        if (space > end / 2) {
          end = space;
        }
      }
      out.add(rest.substring(0, end).stripTrailing());
      rest = rest.substring(end).stripLeading();
    }
    return out;
  }

  @Override
  public String toString() {
    return "BankLetter[" + font.getFileName() + "]";
  }
}
