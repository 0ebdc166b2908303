package io.shomei.examples.springboot;

import io.shomei.testing.env.BrowserWalks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  void theManualInHeadlessChromiumWithTheSoftwareKeyboard() {
    BrowserWalks walks = BrowserWalks.prepare(WEB_E2E, WORK, List.of(
        WEB_E2E.resolve("walk-common.mjs"), E2E.resolve("walk.mjs")));
    BrowserWalks.clean(SHOTS);
    Letter letter = enroll("20025201", FORWARD);
    walks.run("walk.mjs", Map.of(
        "BASE_URL", base().toString(),
        "LOGIN_URL", loginBase().toString(),
        "USER_ID", letter.userId(),
        "TEMP_PASSWORD", letter.temporaryPassword(),
        "ACQ_PASSWORD", letter.acquisitionPassword(),
        "NEW_PASSWORD", "Spring" + letter.userId().substring(0, 3) + "Kawase",
        "SHOTS_DIR", SHOTS.toAbsolutePath().toString(),
        "DOWNLOAD_DIR", tmp.resolve("downloads").toString()), SHOTS);
    BrowserWalks.assertScreenshots(SHOTS, List.of("01-login", "02-acquire", "03-download",
        "04-attempts-left", "05-password-keyboard", "06-change-keyboard", "07-home"));
  }
}
