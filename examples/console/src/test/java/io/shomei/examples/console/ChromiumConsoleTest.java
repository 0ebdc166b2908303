package io.shomei.examples.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.shomei.core.LoginResult;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.Secret;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's must-show in headless Chromium, driven by Playwright ({@code src/test/e2e/
 * console.mjs}; {@code playwright-core} installed with {@code npm ci} from the web example's
 * lock file): operators A and B log in with their own certificates (PKCS#12 files of the
 * operators' CA) and passwords, A finds the customer and reads the history, proposes a new
 * temporary password and is refused approving it, B approves and downloads the letter once (the
 * second download is refused). The letter is read back with Poppler's {@code pdftotext}: Japanese
 * and English, the user ID and a temporary password with which the customer's login then asks for
 * the change. Screenshots of every console page land in {@code target/console-screenshots/}.
 */
class ChromiumConsoleTest {
  private static final Path E2E = Path.of("src", "test", "e2e");
  /** The Playwright project (package.json and its lock file) is the web example's. */
  private static final Path WEB_E2E = Path.of("..", "web", "src", "test", "e2e");
  private static final Path WORK = Path.of("target", "console-e2e-run");
  private static final Path SHOTS = Path.of("target", "console-screenshots");

  @TempDir Path tmp;

  @Test
  void twoOperatorsProposeApproveAndDownloadTheLetterOnceInHeadlessChromium() throws Exception {
    Components.require(Component.CHROMIUM, Component.NODE, Component.JAPANESE_FONT,
        Component.POPPLER);
    if (prepareWork()) {
      ProcessRunner.run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund",
          "--loglevel=error"), Duration.ofMinutes(3), WORK, Map.of(), null).requireSuccess();
    }
    clean(SHOTS);
    Files.createDirectories(SHOTS);
    Path downloads = Files.createDirectories(tmp.resolve("downloads"));
    try (ConsoleFixture f = new ConsoleFixture(tmp.resolve("shomei-data"))) {
      ConsoleFixture.Customer customer = f.customer();
      // A may approve too: what stops A approving A's own proposal is being its proposer
      ConsoleFixture.Operator a = f.operator(OperatorRole.BRANCH_OPERATOR, OperatorRole.APPROVER);
      ConsoleFixture.Operator b = f.operator(OperatorRole.APPROVER);
      Map<String, String> env = new HashMap<>();
      env.put("BASE_URL", f.console.uri().toString());
      env.put("USER_ID", customer.userId());
      env.put("A_P12", p12(a, tmp.resolve("a.p12")).toAbsolutePath().toString());
      env.put("A_TEMP", a.temporaryPassword());
      env.put("A_NEW", "Maker" + a.id().substring(4) + "Kawase");
      env.put("B_P12", p12(b, tmp.resolve("b.p12")).toAbsolutePath().toString());
      env.put("B_TEMP", b.temporaryPassword());
      env.put("B_NEW", "Checker" + b.id().substring(4) + "Kawase");
      env.put("SHOTS_DIR", SHOTS.toAbsolutePath().toString());
      env.put("DOWNLOAD_DIR", downloads.toAbsolutePath().toString());
      env.put("CHROMIUM", "/usr/bin/chromium");
      ProcessRunner.Result r = ProcessRunner.run(List.of("node", "console.mjs"),
          Duration.ofMinutes(3), WORK, env, null);
      if (r.exitCode() != 0) {
        fail("the console walk failed (screenshots in " + SHOTS.toAbsolutePath() + ")\nstdout:\n"
            + r.stdout() + "\nstderr:\n" + r.stderr());
      }
      Files.writeString(SHOTS.resolve("console.log"), r.stdout());
      assertThat(r.stdout()).contains("{\"step\":\"done\"}");

      String text = ProcessRunner.run(List.of("pdftotext", "-enc", "UTF-8",
          downloads.resolve("letter.pdf").toString(), "-"), Duration.ofSeconds(60))
          .requireSuccess().stdout();
      assertThat(text).contains("電子証明書取得のご案内", "ユーザID: " + customer.userId(),
          "仮パスワード（初回ログイン用）", "fx-forward", "User ID: " + customer.userId());
      Matcher m = Pattern.compile("Temporary password \\(first login\\): (\\S+)").matcher(text);
      assertThat(m.find()).as(text).isTrue();
      LoginResult.PasswordRequired p = (LoginResult.PasswordRequired) f.shomei.login()
          .presentCertificate(DataDir.FX_FORWARD, List.of(customer.certificate()));
      assertThat(f.shomei.login().password(p.pending(), Secret.of(m.group(1))))
          .isInstanceOf(LoginResult.ChangeRequired.class);
    }
    for (String shot : List.of("a1-login", "a2-password", "a3-change-password", "a4-search",
        "a5-account", "a6-proposed", "a7-proposer-refused", "b1-login", "b5-proposals",
        "b6-approved", "b7-letter-already-downloaded", "b8-account-en", "b9-proposals-en",
        "b10-campaign-en")) {
      Path png = SHOTS.resolve(shot + ".png");
      assertThat(png).exists();
      byte[] head = new byte[8];
      try (var in = Files.newInputStream(png)) {
        assertThat(in.read(head)).isEqualTo(8);
      }
      assertThat(head).startsWith(0x89, 'P', 'N', 'G');
    }
  }

  /** The operator's certificate and key as the PKCS#12 file a browser imports. */
  private static Path p12(ConsoleFixture.Operator op, Path file) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(op.id(), op.certificate().keyPair().getPrivate(), "operator".toCharArray(),
        new X509Certificate[] {op.certificate().certificate()});
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "operator".toCharArray());
    }
    return file;
  }

  /**
   * Copies the Playwright project and the console's script to {@code target/console-e2e-run}.
   *
   * @return whether {@code npm ci} must run: not when an earlier run installed the same lock file
   */
  private static boolean prepareWork() throws IOException {
    Path lock = WORK.resolve("package-lock.json");
    boolean installed = Files.isRegularFile(lock)
        && Files.isDirectory(WORK.resolve("node_modules").resolve("playwright-core"))
        && Files.mismatch(lock, WEB_E2E.resolve("package-lock.json")) == -1;
    if (!installed) {
      clean(WORK);
    }
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json")) {
      Files.copy(WEB_E2E.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.copy(E2E.resolve("console.mjs"), WORK.resolve("console.mjs"),
        StandardCopyOption.REPLACE_EXISTING);
    return !installed;
  }

  private static void clean(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
