package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.shomei.testing.env.BrowserWalks;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole manual in headless Chromium, driven by Playwright ({@code src/test/e2e/manual.mjs},
 * {@code playwright-core} installed with {@code npm ci} from the lock file): login page, acquisition,
 * issuing screen, download, the downloaded file as the browser's client certificate, certificate
 * login on its own port, the lock warning before the last password attempt, the password typed on
 * the shuffled software keyboard, the first-login change and the landing page. Then
 * ({@code installed.mjs}) the downloaded certificate imported into an NSS database and Chromium
 * started without any AutoSelectCertificateForUrls policy: the login and acquisition pages still
 * load, because only the certificate-login port asks for a certificate. Screenshots of each page
 * land in {@code target/e2e-screenshots/}.
 */
class ChromiumE2eTest {
  private static final Path E2E = Path.of("src", "test", "e2e");
  private static final Path WORK = Path.of("target", "e2e-run");
  private static final Path SHOTS = Path.of("target", "e2e-screenshots");

  @TempDir Path tmp;

  @Test
  void theManualInHeadlessChromium() throws Exception {
    Components.require(Component.NSS_TOOLS);
    requireNoAutoSelectPolicy();
    BrowserWalks walks = prepareWork();
    BrowserWalks.clean(SHOTS);
    try (FirstStart web = FirstStart.in(tmp.resolve("shomei-data"))) {
      ProcessRunner.Result r = walks.run("manual.mjs", Map.of(
          "BASE_URL", web.url(),
          "LOGIN_URL", web.loginUrl(),
          "USER_ID", web.userId(),
          "TEMP_PASSWORD", web.temporaryPassword(),
          "ACQ_PASSWORD", web.acquisitionPassword(),
          "NEW_PASSWORD", "Chrome" + web.userId().substring(0, 3) + "Kawase",
          "SHOTS_DIR", SHOTS.toAbsolutePath().toString(),
          "DOWNLOAD_DIR", tmp.resolve("downloads").toString()), SHOTS);
      assertThat(r.stdout()).contains("{\"step\":\"done\"}");

      // the certificate installed the way a desktop has it, and no auto-select policy
      Path home = tmp.resolve("browser-home");
      Path nssdb = home.resolve(".pki").resolve("nssdb");
      Files.createDirectories(nssdb);
      Path p12 = tmp.resolve("downloads").resolve(web.userId() + ".p12");
      Path pw = tmp.resolve("p12.pw");
      Files.writeString(pw, web.acquisitionPassword());
      ProcessRunner.run(List.of("certutil", "-d", "sql:" + nssdb, "-N", "--empty-password"),
          Duration.ofSeconds(30)).requireSuccess();
      ProcessRunner.run(List.of("pk12util", "-d", "sql:" + nssdb, "-i", p12.toString(),
          "-w", pw.toString()), Duration.ofSeconds(30)).requireSuccess();
      ProcessRunner.Result installed = walks.run("installed.mjs", Map.of(
          "BASE_URL", web.url(),
          "LOGIN_URL", web.loginUrl(),
          "HOME", home.toAbsolutePath().toString(),
          "SHOTS_DIR", SHOTS.toAbsolutePath().toString()), SHOTS);
      assertThat(installed.stdout()).contains("{\"step\":\"done\"}");
    }
    BrowserWalks.assertScreenshots(SHOTS, List.of("01-login", "02-acquire", "04-download",
        "04a-downloads-used-up", "04b-acquired-again", "04c-download-en",
        "05a-last-attempt-warning", "05-password", "06-change-password",
        "06a-keyboard-new-password", "07-home", "08-home-en", "10-installed-login",
        "11-installed-acquire"));
  }

  /**
   * Issue 23's walk: a customer whose certificate is of the notice's 2020 cohort, after the
   * cut-over (the server's clock at 2021-02-25), renews with it in headless Chromium
   * ({@code renew.mjs}): the login is refused, the refusal leads to the renewal page on the
   * certificate-login port, which asks only for the new file's password (no certificate
   * acquisition password is typed), and the download screen hands over the new PKCS#12 file; the
   * old certificate is refused on a second renewal. The new file is then imported into an NSS
   * database with {@code pk12util} (listed as a user certificate with its key), and Chromium logs
   * in with it ({@code renewed.mjs}, the file as Playwright's client certificate: headless
   * Chromium cannot answer the chooser of an NSS-installed certificate without a managed policy).
   * The store shows the old certificate superseded by the new one.
   * Screenshots in {@code target/e2e-screenshots-renewal/}.
   */
  @Test
  void aCustomerOfThe2020CohortRenewsWithTheOldCertificateInHeadlessChromium() throws Exception {
    Components.require(Component.NSS_TOOLS);
    requireNoAutoSelectPolicy();
    BrowserWalks walks = prepareWork();
    Path shots = Path.of("target", "e2e-screenshots-renewal");
    BrowserWalks.clean(shots);
    try (WebFixture web = new WebFixture(tmp.resolve("shomei-data"))) {
      // 2020-11-01: the customer's certificate of the cohort, used for a login
      web.clock.set(java.time.Instant.parse("2020-11-01T01:00:00Z"));
      WebFixture.Customer c = web.enroll(io.shomei.examples.datadir.DataDir.FX_FORWARD);
      byte[] old = web.acquire(web.anonymous(), c, c.temporaryPassword());
      String password = web.firstLogin(web.withCertificate(old, c.acquisitionPassword()), c);
      java.math.BigInteger oldSerial = WebFixture.serialOf(old, c.acquisitionPassword());
      Path oldP12 = tmp.resolve("old.p12");
      Files.write(oldP12, old);
      // 2021-02-25: after the cut-over of 2021-02-24 (Japan time)
      web.clock.set(java.time.Instant.parse("2021-02-25T01:00:00Z"));
      String filePassword = "Renewed" + c.userId().substring(0, 4) + "x";
      Path downloads = tmp.resolve("downloads");
      ProcessRunner.Result r = walks.run("renew.mjs", Map.of(
          "BASE_URL", web.server.uri().toString(),
          "LOGIN_URL", web.server.loginUri().toString(),
          "USER_ID", c.userId(),
          "OLD_P12", oldP12.toAbsolutePath().toString(),
          "OLD_P12_PASSWORD", c.acquisitionPassword(),
          "FILE_PASSWORD", filePassword,
          "SHOTS_DIR", shots.toAbsolutePath().toString(),
          "DOWNLOAD_DIR", downloads.toAbsolutePath().toString()), shots);
      assertThat(r.stdout()).contains("{\"step\":\"done\"}");

      // the new file: another certificate, and the old one superseded by it in the store
      Path renewed = downloads.resolve("renewed.p12");
      java.math.BigInteger newSerial =
          WebFixture.serialOf(Files.readAllBytes(renewed), filePassword);
      assertThat(newSerial).isNotEqualTo(oldSerial);
      io.shomei.spi.CertificateRecord oldRecord =
          web.data.storage().certificateStore().findBySerial(oldSerial).orElseThrow();
      assertThat(oldRecord.status()).isEqualTo(io.shomei.spi.CertificateStatus.SUPERSEDED);
      assertThat(oldRecord.supersededBy()).isEqualTo(newSerial);

      // NSS takes the file as a user certificate with its key (what a desktop import does)
      Path nssdb = tmp.resolve("renewed-nssdb");
      Files.createDirectories(nssdb);
      Path pw = tmp.resolve("renewed.pw");
      Files.writeString(pw, filePassword);
      ProcessRunner.run(List.of("certutil", "-d", "sql:" + nssdb, "-N", "--empty-password"),
          Duration.ofSeconds(30)).requireSuccess();
      ProcessRunner.run(List.of("pk12util", "-d", "sql:" + nssdb, "-i", renewed.toString(),
          "-w", pw.toString()), Duration.ofSeconds(30)).requireSuccess();
      ProcessRunner.Result listed = ProcessRunner.run(
          List.of("certutil", "-d", "sql:" + nssdb, "-L"), Duration.ofSeconds(30))
          .requireSuccess();
      assertThat(listed.stdout()).containsPattern("(?m)^" + c.userId() + ".*u,u,u\\s*$");
      // and Chromium logs in with the renewed file
      ProcessRunner.Result login = walks.run("renewed.mjs", Map.of(
          "BASE_URL", web.server.uri().toString(),
          "LOGIN_URL", web.server.loginUri().toString(),
          "USER_ID", c.userId(),
          "LOGIN_PASSWORD", password,
          "RENEWED_P12", renewed.toAbsolutePath().toString(),
          "FILE_PASSWORD", filePassword,
          "SHOTS_DIR", shots.toAbsolutePath().toString()), shots);
      assertThat(login.stdout()).contains("{\"step\":\"done\"}")
          .contains("\"serial\":\"" + newSerial.toString(16) + "\"");
    }
    for (String shot : List.of("r01-login-refused", "r02-renew", "r03-download",
        "r04-old-certificate-superseded", "r05-renewed-password", "r06-renewed-home")) {
      assertThat(shots.resolve(shot + ".png")).exists();
    }
  }

  /**
   * The installed-certificate walk means something only without an AutoSelectCertificateForUrls
   * policy (which would answer the certificate request for the browser).
   */
  private static void requireNoAutoSelectPolicy() throws IOException {
    Path managed = Path.of("/etc/chromium/policies/managed");
    if (!Files.isDirectory(managed)) {
      return;
    }
    try (Stream<Path> files = Files.list(managed)) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f)
            && Files.readString(f).contains("AutoSelectCertificateForUrls")) {
          fail("a Chromium policy answers certificate requests (" + f + "): remove it to run"
              + " this test");
        }
      }
    }
  }

  /** The e2e project in {@code target/e2e-run}, {@code npm ci} run when its lock file changed. */
  private static BrowserWalks prepareWork() {
    return BrowserWalks.prepare(E2E, WORK, Stream.of("walk-common.mjs", "manual.mjs", "installed.mjs",
        "renew.mjs", "renewed.mjs").map(E2E::resolve).toList());
  }
}
