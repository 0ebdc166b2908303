package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole manual in headless Chromium, driven by Playwright ({@code src/test/e2e/manual.mjs},
 * {@code playwright-core} installed with {@code npm ci} from the lock file): login page, acquisition,
 * issuing screen, download, the downloaded file as the browser's client certificate, certificate
 * login, the password typed on the software keyboard, the first-login change and the landing
 * page. Screenshots of each page land in {@code target/e2e-screenshots/}.
 */
class ChromiumE2eTest {
  private static final Path E2E = Path.of("src", "test", "e2e");
  private static final Path WORK = Path.of("target", "e2e-run");
  private static final Path SHOTS = Path.of("target", "e2e-screenshots");

  @TempDir Path tmp;

  @Test
  void theManualInHeadlessChromium() throws Exception {
    Components.require(Component.CHROMIUM, Component.NODE, Component.JAPANESE_FONT);
    requireNode20();
    if (prepareWork()) {
      ProcessRunner.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"),
          Duration.ofMinutes(3), WORK, Map.of(), null).requireSuccess();
    }
    clean(SHOTS);
    try (FirstStart web = FirstStart.in(tmp.resolve("shomei-data"))) {
      ProcessRunner.Result r = ProcessRunner.run(List.of("node", "manual.mjs"),
          Duration.ofMinutes(3), WORK, Map.of(
              "BASE_URL", web.url(),
              "USER_ID", web.userId(),
              "TEMP_PASSWORD", web.temporaryPassword(),
              "ACQ_PASSWORD", web.acquisitionPassword(),
              "NEW_PASSWORD", "Chrome" + web.userId().substring(0, 3) + "Kawase",
              "SHOTS_DIR", SHOTS.toAbsolutePath().toString(),
              "DOWNLOAD_DIR", tmp.resolve("downloads").toString(),
              "CHROMIUM", "/usr/bin/chromium"), null);
      if (r.exitCode() != 0) {
        fail("the browser walk failed (screenshots in " + SHOTS.toAbsolutePath() + ")\nstdout:\n"
            + r.stdout() + "\nstderr:\n" + r.stderr());
      }
      assertThat(r.stdout()).contains("{\"step\":\"done\"}");
    }
    for (String shot : List.of("01-login", "02-acquire", "03-issuing", "04-download",
        "05-password", "06-change-password", "07-home", "08-home-en")) {
      Path png = SHOTS.resolve(shot + ".png");
      assertThat(png).exists();
      byte[] head = new byte[8];
      try (var in = Files.newInputStream(png)) {
        assertThat(in.read(head)).isEqualTo(8);
      }
      assertThat(head).startsWith(0x89, 'P', 'N', 'G');
    }
  }

  private static void requireNode20() {
    ProcessRunner.Result v = ProcessRunner.run(List.of("node", "--version"), Duration.ofSeconds(30));
    String version = v.stdout().trim();
    int major;
    try {
      major = Integer.parseInt(version.replaceFirst("^v(\\d+)\\..*$", "$1"));
    } catch (NumberFormatException e) {
      major = 0;
    }
    if (major < 20) {
      String message = "playwright-core needs Node.js 20 or later; /usr/bin/node is " + version
          + " (install nodejs 20 from NodeSource or Debian backports)";
      if (Components.underCi()) {
        fail(message);
      }
      Assumptions.abort(message);
    }
  }

  /**
   * Copies the e2e project to {@code target/e2e-run}.
   *
   * @return whether {@code npm ci} must run: not when an earlier run installed the same lock file
   */
  private static boolean prepareWork() throws IOException {
    Path lock = WORK.resolve("package-lock.json");
    boolean installed = Files.isRegularFile(lock)
        && Files.isDirectory(WORK.resolve("node_modules").resolve("playwright-core"))
        && Files.mismatch(lock, E2E.resolve("package-lock.json")) == -1;
    if (!installed) {
      clean(WORK);
    }
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", "manual.mjs")) {
      Files.copy(E2E.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
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
