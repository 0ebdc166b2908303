package io.shomei.examples.springboot;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual in headless Chromium over the Spring Boot host ({@code src/test/e2e/walk.mjs}, with
 * the web example's Playwright package and lock file, installed with {@code npm ci} under
 * {@code target/}): the pages styled by the web host's stylesheet, acquisition and download with
 * the validity in Japan time, the downloaded file as the browser's certificate for the
 * certificate-login port only, [電子証明書ログイン] crossing to that port, the attempts-left
 * warning, the temporary password and the mixed-case new password typed on the shuffled software
 * keyboard into the field it shows as its target, and the landing page. Screenshots land in
 * {@code target/e2e-screenshots/}.
 */
class ChromiumWalkTest extends HostTestSupport {
  private static final Path WEB_E2E = Path.of("..", "web", "src", "test", "e2e");
  private static final Path E2E = Path.of("src", "test", "e2e");
  private static final Path WORK = Path.of("target", "e2e-run");
  private static final Path SHOTS = Path.of("target", "e2e-screenshots");

  @TempDir Path tmp;

  @Test
  void theManualInHeadlessChromiumWithTheSoftwareKeyboard() throws IOException {
    Components.require(Component.CHROMIUM, Component.NODE, Component.JAPANESE_FONT);
    if (prepareWork()) {
      ProcessRunner.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"),
          Duration.ofMinutes(3), WORK, Map.of(), null).requireSuccess();
    }
    clean(SHOTS);
    Letter letter = enroll("20025201", FORWARD);
    ProcessRunner.Result r = ProcessRunner.run(List.of("node", "walk.mjs"),
        Duration.ofMinutes(3), WORK, Map.of(
            "BASE_URL", base().toString(),
            "LOGIN_URL", loginBase().toString(),
            "USER_ID", letter.userId(),
            "TEMP_PASSWORD", letter.temporaryPassword(),
            "ACQ_PASSWORD", letter.acquisitionPassword(),
            "NEW_PASSWORD", "Spring" + letter.userId().substring(0, 3) + "Kawase",
            "SHOTS_DIR", SHOTS.toAbsolutePath().toString(),
            "DOWNLOAD_DIR", tmp.resolve("downloads").toString(),
            "CHROMIUM", "/usr/bin/chromium"), null);
    if (r.exitCode() != 0) {
      fail("the browser walk failed (screenshots in " + SHOTS.toAbsolutePath() + ")\nstdout:\n"
          + r.stdout() + "\nstderr:\n" + r.stderr());
    }
    Files.writeString(SHOTS.resolve("walk.log"), r.stdout());
    assertThat(r.stdout()).contains("{\"step\":\"done\"}");
    for (String shot : List.of("01-login", "02-acquire", "03-download", "04-attempts-left",
        "05-password-keyboard", "06-change-keyboard", "07-home")) {
      Path png = SHOTS.resolve(shot + ".png");
      assertThat(png).exists();
      byte[] head = new byte[8];
      try (var in = Files.newInputStream(png)) {
        assertThat(in.read(head)).isEqualTo(8);
      }
      assertThat(head).startsWith(0x89, 'P', 'N', 'G');
    }
  }

  /**
   * Copies the web example's Playwright package and this walk to {@code target/e2e-run}.
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
    Files.copy(E2E.resolve("walk.mjs"), WORK.resolve("walk.mjs"),
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
