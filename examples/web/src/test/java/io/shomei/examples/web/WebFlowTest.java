package io.shomei.examples.web;

import static io.shomei.examples.web.WebFixture.notices;
import static io.shomei.examples.web.WebFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.Secret;
import io.shomei.core.password.PasswordContext;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.PasswordValidation;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.Html;
import io.shomei.examples.web.http.Router;
import io.shomei.examples.web.http.SessionStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web example end to end in-process: java.net.http as the browser, the downloaded PKCS#12 as
 * its client certificate, the server on 127.0.0.1.
 */
class WebFlowTest {
  private static final String FWD = DataDir.FX_FORWARD;
  private static final DateTimeFormatter JA =
      DateTimeFormatter.ofPattern("uuuu年M月d日(E) HH:mm:ss", Locale.JAPANESE);

  private static @Nullable Path dir;
  private static @Nullable WebFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("shomei-web-test");
    fixture = new WebFixture(dir.resolve("shomei-data"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static WebFixture fx() {
    return Objects.requireNonNull(fixture);
  }

  @BeforeEach
  void realTime() {
    fx().clock.set(Instant.now());
  }

  private static String japanTime(Instant i) {
    return JA.format(i.atZone(ZoneId.of("Asia/Tokyo"))) + "（日本時間）";
  }

  @Test
  void theWholeManualFromAcquisitionToTheLandingPage() throws Exception {
    WebFixture.Customer c = fx().enroll(FWD);
    int logBefore = fx().log.size();

    // A1: the login page, Japanese by default, with both buttons
    TestClient browser = fx().anonymous();
    TestClient.Page login = browser.get("/" + FWD + "/");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).contains("<html lang=\"ja\">", ">電子証明書取得<", ">電子証明書ログイン<");

    // A2-A4: issuance form, issuing screen, download screen
    TestClient.Page done = fx().submitAcquisition(browser, FWD, c.userId(), c.temporaryPassword(),
        c.acquisitionPassword());
    assertThat(done.location()).isEqualTo("/" + FWD + "/download");
    TestClient.Page downloadPage = browser.get("/" + FWD + "/download");
    assertThat(downloadPage.body()).contains(">ダウンロード<", c.userId() + ".p12",
        "このキーをエクスポート可能にする");
    // what was issued, right away (R4): the user ID, the issuer's name, the validity in Japan
    // time; the technical details behind a disclosure
    assertThat(downloadPage.body()).contains("<td class=\"cn\">" + c.userId() + "</td>",
        "<td class=\"issuer\">Example Bank（Web Test Root）</td>", "（日本時間）</td>",
        "<details class=\"certificate-details\">");

    // A5: the file, with its type, name and no caching
    TestClient.Page file = browser.post("/" + FWD + "/download",
        TestClient.form("csrf", downloadPage.csrf()));
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("Content-Type")).isEqualTo("application/x-pkcs12");
    assertThat(file.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"" + c.userId() + ".p12\"");
    assertThat(file.header("Cache-Control")).isEqualTo("no-store");
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    p12.load(new ByteArrayInputStream(file.bytes()), c.acquisitionPassword().toCharArray());
    X509Certificate cert = (X509Certificate) p12.getCertificate(
        Collections.list(p12.aliases()).stream().filter(a -> {
          try {
            return p12.isKeyEntry(a);
          } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(e);
          }
        }).findFirst().orElseThrow());
    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=" + c.userId());

    // L1-L4: certificate login, then the password screen with the validity period in Japan time
    TestClient customer = fx().withCertificate(file.bytes(), c.acquisitionPassword());
    TestClient.Page step1 = fx().certificateLogin(customer, FWD);
    assertThat(step1.status()).as(step1.body()).isEqualTo(303);
    assertThat(step1.location()).isEqualTo("/" + FWD + "/password");
    TestClient.Page passwordPage = customer.get("/" + FWD + "/password");
    assertThat(passwordPage.body())
        .contains(japanTime(cert.getNotBefore().toInstant()))
        .contains(japanTime(cert.getNotAfter().toInstant()))
        .contains("type=\"password\"", "data-softkey", "id=\"softkeyboard\"",
            "大文字・小文字を区別します", "/static/keyboard.js");

    // L4-L5: the temporary password leads to the change screen
    TestClient.Page step2 = customer.post("/" + FWD + "/password",
        TestClient.form("csrf", passwordPage.csrf(), "password", c.temporaryPassword()));
    assertThat(step2.location()).isEqualTo("/" + FWD + "/change-password");
    TestClient.Page change = customer.get("/" + FWD + "/change-password");
    assertThat(change.body()).contains(text("ja", "change.reason.TEMPORARY_PASSWORD"));
    // the temporary password typed a moment ago is not asked again (the SDK's PasswordProof)
    assertThat(change.body()).contains("name=\"newPassword\"", "name=\"confirmPassword\"")
        .doesNotContain("currentPassword", "current-password");

    // a new password that breaks the policy: the SDK's own Japanese messages
    TestClient.Page violated = customer.post("/" + FWD + "/change-password", TestClient.form(
        "csrf", change.csrf(), "newPassword", "abc", "confirmPassword", "abc"));
    assertThat(violated.status()).isEqualTo(200);
    PasswordValidation v = PasswordPolicy.japaneseBank()
        .validate(Secret.of("abc"), PasswordContext.forUser(c.userId()));
    List<String> expected = ((PasswordValidation.Rejected) v).messages(Locale.JAPANESE);
    assertThat(expected).isNotEmpty();
    for (String message : expected) {
      assertThat(violated.body()).contains("<li>" + Html.escape(message) + "</li>");
    }
    // in one box, not one box per rule
    assertThat(notices(violated)).containsExactly("error: " + text("ja", "change.violations"));
    // a character that cannot be used: which ones can (never the ones typed)
    TestClient.Page wide = customer.post("/" + FWD + "/change-password", TestClient.form(
        "csrf", violated.csrf(), "newPassword", "Kawase2021ｘ", "confirmPassword", "Kawase2021ｘ"));
    assertThat(wide.body()).contains("<li>" + text("ja", "change.allowed-characters") + "</li>")
        .doesNotContain("ｘ");

    // the change completes the login: the landing page
    String newPassword = "Kawase" + (c.userId().hashCode() & 0xffff) + "yoyaku";
    TestClient.Page changed = customer.post("/" + FWD + "/change-password", TestClient.form(
        "csrf", wide.csrf(), "newPassword", newPassword, "confirmPassword", newPassword));
    assertThat(changed.status()).as(changed.body()).isEqualTo(303);
    assertThat(changed.location()).isEqualTo("/" + FWD + "/home");
    TestClient.Page home = customer.get("/" + FWD + "/home");
    assertThat(home.body())
        .contains(">" + c.userId() + "<")
        .contains(japanTime(cert.getNotBefore().toInstant()))
        .contains(japanTime(cert.getNotAfter().toInstant()))
        .contains("data-verdict=\"UNAFFECTED\"", text("ja", "home.status.UNAFFECTED"),
            text("ja", "home.password-changed"));

    // the notice is shown once, not on every later visit
    assertThat(notices(customer.get("/" + FWD + "/home"))).isEmpty();

    // log out (and be told so); the next login uses the new password and goes straight to the
    // landing page
    TestClient.Page out = customer.post("/" + FWD + "/logout", TestClient.form("csrf", home.csrf()));
    assertThat(out.location()).isEqualTo("/" + FWD + "/?logged-out");
    assertThat(notices(customer.get(out.location())))
        .containsExactly("info: " + text("ja", "login.logged-out"));
    assertThat(customer.get("/" + FWD + "/home").location()).isEqualTo("/" + FWD + "/");
    assertThat(fx().certificateLogin(customer, FWD).location()).isEqualTo("/" + FWD + "/password");
    TestClient.Page again = customer.get("/" + FWD + "/password");
    TestClient.Page in = customer.post("/" + FWD + "/password",
        TestClient.form("csrf", again.csrf(), "password", newPassword));
    assertThat(in.location()).isEqualTo("/" + FWD + "/home");
    assertThat(customer.get("/" + FWD + "/home").body()).doesNotContain(
        text("ja", "home.first-login"));

    // no secret reached the access log
    List<String> lines = fx().log.stream().skip(logBefore).toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      assertThat(line).doesNotContain(c.temporaryPassword(), c.acquisitionPassword(), newPassword,
          login.csrf(), "csrf", "?");
    }
  }

  @Test
  void englishThroughTheSwitchAndTheCookie() {
    TestClient browser = fx().anonymous();
    TestClient.Page en = browser.get("/" + FWD + "/?lang=en");
    assertThat(en.body()).contains("<html lang=\"en\">", ">Get certificate<",
        ">Certificate login<");
    assertThat(en.headerValues("Set-Cookie")).anyMatch(s -> s.startsWith(Lang.COOKIE + "=en;"));
    assertThat(browser.get("/" + FWD + "/acquire").body())
        .contains("Certificate acquisition password");
    assertThat(browser.get("/" + FWD + "/?lang=ja").body()).contains(">電子証明書取得<");
  }

  @Test
  void aPostWithoutTheCsrfTokenIsForbidden() {
    TestClient browser = fx().anonymous();
    TestClient.Page form = browser.get("/" + FWD + "/acquire");
    Map<String, String> fields = TestClient.form("userId", "12345678", "password", "x",
        "acquisitionPassword", "y");
    assertThat(browser.post("/" + FWD + "/acquire", fields).status()).isEqualTo(403);
    fields.put("csrf", form.csrf() + "x");
    assertThat(browser.post("/" + FWD + "/acquire", fields).status()).isEqualTo(403);
    fields.put("csrf", form.csrf().substring(1));
    assertThat(browser.post("/" + FWD + "/acquire", fields).status()).isEqualTo(403);
    // a token without its session (another browser) is worth nothing
    fields.put("csrf", form.csrf());
    assertThat(fx().anonymous().post("/" + FWD + "/acquire", fields).status()).isEqualTo(403);
    // the right token, from another site
    TestClient.Page crossSite = browser.postRaw("/" + FWD + "/login",
        "application/x-www-form-urlencoded",
        ("csrf=" + form.csrf()).getBytes(StandardCharsets.US_ASCII),
        Map.of("Origin", "https://evil.example"));
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(crossSite.body()).contains(text("ja", "error.csrf"));
    // and the certificate-login button needs it too
    assertThat(browser.post("/" + FWD + "/login", TestClient.form()).status()).isEqualTo(403);
    // the right token passes
    TestClient.Page ok = browser.post("/" + FWD + "/acquire", fields);
    assertThat(ok.status()).isEqualTo(303);
  }

  @Test
  void wrongPasswordFiveTimesLocksTheLoginAndSaysContactYourBranch() {
    WebFixture.Customer c = fx().enroll(FWD);
    byte[] p12 = fx().acquire(c);
    TestClient customer = fx().withCertificate(p12, c.acquisitionPassword());
    assertThat(fx().certificateLogin(customer, FWD).location()).endsWith("/password");
    TestClient.Page page = customer.get("/" + FWD + "/password");
    for (int i = 1; i < 5; i++) {
      page = customer.post("/" + FWD + "/password",
          TestClient.form("csrf", page.csrf(), "password", "Wrong" + i + "pass"));
      int left = 5 - i;
      // how many are left, and before the last one a warning of what it costs
      assertThat(notices(page)).as("attempt " + i).containsExactly(
          "error: " + text("ja", "password.wrong"), left == 1
              ? "warning: " + text("ja", "password.last-attempt")
              : "info: " + Views.MESSAGES.bundle("ja").format("password.attempts-left",
                  Map.of("n", String.valueOf(left))));
    }
    TestClient.Page fifth = customer.post("/" + FWD + "/password",
        TestClient.form("csrf", page.csrf(), "password", "Wrong5pass"));
    assertThat(notices(fifth)).containsExactly("error: " + text("ja", "login.refused.ACCOUNT_LOCKED"));
    assertThat(fifth.body()).contains("お取引店にご連絡ください");
    // the right password no longer helps: the certificate step itself says locked
    TestClient.Page later = fx().certificateLogin(customer, FWD);
    assertThat(notices(later)).containsExactly("error: " + text("ja", "login.refused.ACCOUNT_LOCKED"));
  }

  @Test
  void anFxOtherCertificateIsRefusedOnTheFxForwardLogin() {
    WebFixture.Customer c = fx().enroll(DataDir.FX_OTHER);
    byte[] p12 = fx().acquire(c);
    TestClient customer = fx().withCertificate(p12, c.acquisitionPassword());
    TestClient.Page refused = fx().certificateLogin(customer, FWD);
    assertThat(refused.status()).isEqualTo(200);
    // same bank CA for both services here, so the chain is trusted; the bank's record says the
    // certificate belongs to the fx-other account
    assertThat(notices(refused))
        .containsExactly("error: " + text("ja", "certificate.refused.OTHER_ACCOUNT"));
    assertThat(refused.body()).doesNotContain("name=\"password\"");
    // on its own service it works
    assertThat(fx().certificateLogin(customer, DataDir.FX_OTHER).location())
        .isEqualTo("/" + DataDir.FX_OTHER + "/password");
  }

  @Test
  void aCertificateOfAnUnknownCaIsRefusedWithWords() throws Exception {
    io.shomei.testing.ca.TestCa other = io.shomei.testing.ca.TestCa.root("Another Bank CA");
    io.shomei.testing.ca.TestCa.Issued leaf = other.leaf().commonName("12345678").issue();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "pw".toCharArray();
    ks.setKeyEntry("me", leaf.keyPair().getPrivate(), pw, new java.security.cert.Certificate[] {
        leaf.certificate(), other.rootCertificate()});
    TestClient stranger = TestClient.withKeyStore(fx().server.loginUri(),
        fx().server.identity().caCertificate(), ks, pw);
    TestClient.Page refused = fx().certificateLogin(stranger, FWD);
    assertThat(notices(refused))
        .containsExactly("error: " + text("ja", "certificate.refused.UNTRUSTED_CHAIN"));
  }

  @Test
  void noCertificatePresentedIsExplained() {
    TestClient.Page refused = fx().certificateLogin(fx().anonymous(), FWD);
    assertThat(notices(refused))
        .containsExactly("error: " + text("ja", "certificate.refused.NO_CERTIFICATE"));
    assertThat(refused.body()).contains("href=\"/" + FWD + "/acquire\"");
  }

  @Test
  void aRefusedAcquisitionComesBackOnTheFormsOwnUrlWithoutTheIssuingScreen() {
    WebFixture.Customer c = fx().enroll(FWD);
    TestClient browser = fx().anonymous();
    TestClient.Page form = browser.get("/" + FWD + "/acquire");
    TestClient.Page answer = browser.post("/" + FWD + "/acquire", TestClient.form(
        "csrf", form.csrf(), "userId", c.userId(), "password", c.temporaryPassword(),
        "acquisitionPassword", "Wrong" + c.acquisitionPassword()));
    assertThat(answer.status()).isEqualTo(303);
    assertThat(answer.location()).isEqualTo("/" + FWD + "/acquire");
    TestClient.Page shown = browser.get("/" + FWD + "/acquire");
    assertThat(notices(shown)).containsExactly(
        "error: " + text("ja", "acquisition.refused.AUTHENTICATION_FAILED"));
    assertThat(shown.body()).contains("value=\"" + c.userId() + "\"")
        .doesNotContain("http-equiv=\"refresh\"");
    // shown once: a reload is the plain form
    assertThat(notices(browser.get("/" + FWD + "/acquire"))).isEmpty();
    // and a quick issuance goes straight to the download screen
    TestClient.Page form2 = browser.get("/" + FWD + "/acquire");
    TestClient.Page issued = browser.post("/" + FWD + "/acquire", TestClient.form(
        "csrf", form2.csrf(), "userId", c.userId(), "password", c.temporaryPassword(),
        "acquisitionPassword", c.acquisitionPassword()));
    assertThat(issued.location()).isIn("/" + FWD + "/download", "/" + FWD + "/issuing");
  }

  @Test
  void downloadsUsedUpBeforeTheFirstLoginLetTheCustomerAcquireAgain() {
    WebFixture.Customer c = fx().enroll(FWD);
    TestClient browser = fx().anonymous();
    byte[] first = fx().acquire(browser, c, c.temporaryPassword());
    // two more downloads (the imports kept failing), then the download has ended
    for (int i = 0; i < 2; i++) {
      TestClient.Page page = browser.get("/" + FWD + "/download");
      assertThat(browser.post("/" + FWD + "/download", TestClient.form("csrf", page.csrf()))
          .status()).isEqualTo(200);
    }
    TestClient.Page ended = browser.get("/" + FWD + "/download");
    assertThat(ended.location()).isEqualTo("/" + FWD + "/?download-ended");
    assertThat(notices(browser.get(ended.location())))
        .containsExactly("error: " + text("ja", "download.refused.NOT_FOUND"));
    // acquiring again is no dead end: a new certificate, which replaces the one never used
    TestClient.Page again = fx().submitAcquisition(browser, FWD, c.userId(),
        c.temporaryPassword(), c.acquisitionPassword());
    assertThat(again.location()).as(again.body()).isEqualTo("/" + FWD + "/download");
    byte[] second = fx().acquire(browser, c, c.temporaryPassword());
    assertThat(WebFixture.serialOf(second, c.acquisitionPassword()))
        .isNotEqualTo(WebFixture.serialOf(first, c.acquisitionPassword()));
    // and the new one logs in
    fx().firstLogin(fx().withCertificate(second, c.acquisitionPassword()), c);
  }

  @Test
  void theFileFormatFollowsTheCustomersPlatformUnlessChosenUnderDetails() {
    assertThat(AcquisitionPages.forPlatform(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"))
        .isEqualTo(io.shomei.core.pkcs12.Pkcs12Profile.MODERN);
    assertThat(AcquisitionPages.forPlatform(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15"))
        .isEqualTo(io.shomei.core.pkcs12.Pkcs12Profile.COMPAT);
    assertThat(AcquisitionPages.forPlatform("Mozilla/5.0 (Windows NT 6.1; Win64; x64)"))
        .isEqualTo(io.shomei.core.pkcs12.Pkcs12Profile.COMPAT);
    assertThat(AcquisitionPages.forPlatform(null))
        .isEqualTo(io.shomei.core.pkcs12.Pkcs12Profile.COMPAT);
    // the choice is under "details", automatic by default, and the case note sits by the fields
    String form = fx().anonymous().get("/" + FWD + "/acquire").body();
    assertThat(form).contains("<details class=\"advanced\">", "<option value=\"auto\">");
    assertThat(form.indexOf(text("ja", "password.case-sensitive")))
        .isGreaterThan(form.indexOf("id=\"acquisitionPassword\""))
        .isLessThan(form.indexOf("<details"));
  }

  @Test
  void anIssuerIsShownByItsNameNotItsReversedDistinguishedName() {
    assertThat(Views.issuerName("C=JP,O=Example Bank,CN=Shomei Example Root CA"))
        .isEqualTo("Example Bank（Shomei Example Root CA）");
    assertThat(Views.issuerName("CN=Only A Name")).isEqualTo("Only A Name");
    assertThat(Views.issuerName("C=JP")).isEqualTo("C=JP");
    assertThat(Views.issuerName("not a name")).isEqualTo("not a name");
  }

  @Test
  void hostileInputIsEscapedAndNeverReflectedRaw() {
    TestClient browser = fx().anonymous();
    String hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
    TestClient.Page form = browser.get("/" + FWD + "/acquire");
    TestClient.Page refused = fx().submitAcquisition(browser, FWD, hostile, "Abcdefg123",
        "Xyz1234567890abc");
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body())
        .contains("value=\"" + Html.escape(hostile) + "\"")
        .doesNotContain("<script>alert", "<img src=x")
        .contains(text("ja", "acquisition.refused.AUTHENTICATION_FAILED"));
    assertThat(form.body()).doesNotContain("<script>alert");
    // a hostile language, path or query is ignored, not echoed
    TestClient.Page lang = browser.get("/" + FWD + "/?lang=%3Cscript%3E");
    assertThat(lang.body()).contains("<html lang=\"ja\">").doesNotContain("<script>");
    TestClient.Page path = browser.get("/%3Cscript%3Ealert(1)%3C%2Fscript%3E/");
    assertThat(path.status()).isEqualTo(404);
    assertThat(path.body()).doesNotContain("alert");
    TestClient.Page unknownService = browser.get("/evil-service/");
    assertThat(unknownService.status()).isEqualTo(404);
    assertThat(unknownService.body()).doesNotContain("evil-service");
  }

  @Test
  void theNoticeDatesBeforeAndAfterTheDeadline() {
    // 2020-11-01 (Japan time): enrolled, and a certificate whose validity starts before 2020-11-12
    // (enrolled at that date too: a file packed before the acquisition password was issued is
    // one an operator's reset retired, and is not handed out)
    fx().clock.set(Instant.parse("2020-11-01T01:00:00Z"));
    WebFixture.Customer c = fx().enroll(FWD);
    TestClient browser = fx().anonymous();
    byte[] old = fx().acquire(browser, c, c.temporaryPassword());
    TestClient oldCert = fx().withCertificate(old, c.acquisitionPassword());
    // the customer logs in and changes the temporary password, which is valid for 30 days only
    String password = fx().firstLogin(oldCert, c);

    // 2021-01-15: the password screen warns; re-acquisition is not possible yet, with the date
    fx().clock.set(Instant.parse("2021-01-15T01:00:00Z"));
    String deadline = japanTime(Instant.parse("2021-02-23T15:00:00Z"));
    assertThat(deadline).isEqualTo("2021年2月24日(水) 00:00:00（日本時間）");
    assertThat(fx().certificateLogin(oldCert, FWD).location()).endsWith("/password");
    TestClient.Page warned = oldCert.get("/" + FWD + "/password");
    assertThat(notices(warned)).anyMatch(n -> n.startsWith("warning: ") && n.contains(deadline));
    TestClient.Page notYet = fx().submitAcquisition(fx().anonymous(), FWD, c.userId(),
        password, c.acquisitionPassword());
    assertThat(notices(notYet)).containsExactly("error: " + Views.MESSAGES.bundle("ja")
        .format("acquisition.refused.NOT_YET_ELIGIBLE", Map.of("date", deadline)));

    // 2021-02-25: the old certificate is refused, with the way out
    fx().clock.set(Instant.parse("2021-02-25T01:00:00Z"));
    TestClient.Page refused = fx().certificateLogin(oldCert, FWD);
    assertThat(notices(refused)).hasSize(1);
    // the campaign lets the old certificate still prove possession: the way out is the renewal
    assertThat(notices(refused).get(0)).contains(deadline, text("ja", "eligibility.renew-now"));
    assertThat(refused.body()).contains("href=\"/" + FWD + "/renew\"");

    // re-acquisition works now; afterwards the old certificate is superseded
    byte[] fresh = fx().acquire(fx().anonymous(), c, password);
    TestClient.Page superseded = fx().certificateLogin(oldCert, FWD);
    assertThat(notices(superseded))
        .containsExactly("error: " + text("ja", "certificate.refused.SUPERSEDED"));
    TestClient newCert = fx().withCertificate(fresh, c.acquisitionPassword());
    assertThat(fx().certificateLogin(newCert, FWD).location()).endsWith("/password");
  }

  @Test
  void theBrowserIsAskedForItsCertificateOnlyOnTheCertificateLoginPort() {
    WebFixture.Customer c = fx().enroll(FWD);
    byte[] p12 = fx().acquire(c);
    WebServer server = fx().server;
    assertThat(server.loginPort()).isNotEqualTo(server.port());
    // a browser with the certificate installed opens the login and acquisition pages: no
    // certificate request, so no chooser pops up before [certificate login]
    TestClient pages = TestClient.withPkcs12(server.uri(), server.identity().caCertificate(), p12,
        c.acquisitionPassword());
    TestClient.Page login = pages.get("/" + FWD + "/");
    assertThat(login.status()).isEqualTo(200);
    assertThat(pages.get("/" + FWD + "/acquire").status()).isEqualTo(200);
    assertThat(pages.get("/static/style.css").status()).isEqualTo(200);
    // the icon browsers ask for on every first load is there (no 404 in their console)
    TestClient.Page icon = pages.get("/favicon.ico");
    assertThat(icon.status()).isEqualTo(200);
    assertThat(icon.header("Content-Type")).isEqualTo("image/svg+xml");
    assertThat(pages.certificateRequests()).isZero();
    // the button leads to the other port; the acquisition link stays on this one
    String loginOrigin = "https://127.0.0.1:" + server.loginPort();
    assertThat(login.body())
        .contains("action=\"" + loginOrigin + "/" + FWD + "/login\"")
        .contains("href=\"https://127.0.0.1:" + server.port() + "/" + FWD + "/acquire\"");
    // posted from the pages' origin (what the browser sends) it passes the CSRF checks there
    TestClient chooser = TestClient.withPkcs12(server.loginUri(),
        server.identity().caCertificate(), p12, c.acquisitionPassword(), pages.jar());
    TestClient.Page step = chooser.postRaw("/" + FWD + "/login",
        "application/x-www-form-urlencoded",
        ("csrf=" + login.csrf()).getBytes(StandardCharsets.US_ASCII),
        Map.of("Origin", "https://127.0.0.1:" + server.port(), "Sec-Fetch-Site", "same-site"));
    assertThat(step.location()).as(step.body()).isEqualTo("/" + FWD + "/password");
    assertThat(chooser.certificateRequests()).isPositive();
    // another site is still refused there
    TestClient.Page evil = chooser.postRaw("/" + FWD + "/login",
        "application/x-www-form-urlencoded",
        ("csrf=" + login.csrf()).getBytes(StandardCharsets.US_ASCII),
        Map.of("Origin", "https://127.0.0.2:" + server.port(), "Sec-Fetch-Site", "cross-site"));
    assertThat(evil.status()).isEqualTo(403);
  }

  @Test
  void thePendingLoginBelongsToTheCertificateThatStartedIt() {
    WebFixture.Customer c = fx().enroll(FWD);
    byte[] p12 = fx().acquire(c);
    TestClient customer = fx().withCertificate(p12, c.acquisitionPassword());
    assertThat(fx().certificateLogin(customer, FWD).location()).endsWith("/password");
    TestClient.Page page = customer.get("/" + FWD + "/password");
    // the same cookies over a connection without the certificate: the pending login is dropped
    TestClient thief = new TestClient(fx().server.loginUri(), fx().server.identity().caCertificate(),
        null, new char[0], customer.jar());
    TestClient.Page stolen = thief.post("/" + FWD + "/password",
        TestClient.form("csrf", page.csrf(), "password", c.temporaryPassword()));
    assertThat(stolen.status()).isEqualTo(200);
    assertThat(notices(stolen)).containsExactly("info: " + text("ja", "login.start-again"));
    assertThat(customer.get("/" + FWD + "/password").body()).doesNotContain("name=\"password\"");
  }

  @Test
  void securityHeadersAndCookieAttributesOnEveryResponse() {
    TestClient browser = fx().anonymous();
    for (String path : List.of("/" + FWD + "/", "/" + FWD + "/acquire", "/static/keyboard.js",
        "/nowhere")) {
      TestClient.Page p = browser.get(path);
      for (Map.Entry<String, String> h : Router.securityHeaders(java.util.Set.of(
          fx().server.uri().toString().replaceAll("/$", ""),
          fx().server.loginUri().toString().replaceAll("/$", ""))).entrySet()) {
        assertThat(p.header(h.getKey())).as(path + " " + h.getKey()).isEqualTo(h.getValue());
      }
    }
    TestClient.Page first = fx().anonymous().get("/" + FWD + "/");
    String cookie = first.headerValues("Set-Cookie").stream()
        .filter(s -> s.startsWith(SessionStore.COOKIE + "=")).findFirst().orElseThrow();
    assertThat(cookie).contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict")
        .doesNotContain("Domain");
    assertThat(first.header("Cache-Control")).isEqualTo("no-store");
    assertThat(Router.SECURITY_HEADERS.get("Content-Security-Policy"))
        .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
    // the [certificate login] form may post to the certificate-login port, and nowhere else
    assertThat(browser.get("/" + FWD + "/").header("Content-Security-Policy"))
        .containsPattern("form-action 'self'( https://127\\.0\\.0\\.1:\\d+){2};")
        .contains("https://127.0.0.1:" + fx().server.loginPort());
    // no inline script or style anywhere
    assertThat(first.body()).doesNotContain("<script>", "style=", "onclick", "<style");
  }

  @Test
  void anIdleSessionExpires() {
    TestClient browser = fx().anonymous();
    TestClient.Page form = browser.get("/" + FWD + "/acquire");
    fx().clock.advance(Duration.ofMinutes(11));
    TestClient.Page late = browser.post("/" + FWD + "/acquire", TestClient.form(
        "csrf", form.csrf(), "userId", "12345678", "password", "a", "acquisitionPassword", "b"));
    assertThat(late.status()).isEqualTo(403);
  }

  @Test
  void theSessionStoreIsBounded() {
    try (WebServer small = WebServer.builder(fx().data).port(0).clock(fx().clock)
        .identity(fx().server.identity()).maxSessions(3).edgeLimits(WebFixture.GENEROUS)
        .log(s -> { }).start()) {
      for (int i = 0; i < 8; i++) {
        TestClient.anonymous(small.uri(), small.identity().caCertificate()).get("/" + FWD + "/");
        assertThat(small.sessionCount()).isLessThanOrEqualTo(3);
      }
      assertThat(small.sessionCount()).isEqualTo(3);
    }
  }

  @Test
  void anOversizedOrForeignBodyIsRefused() {
    TestClient browser = fx().anonymous();
    TestClient.Page form = browser.get("/" + FWD + "/acquire");
    byte[] big = ("csrf=" + form.csrf() + "&userId=" + "1".repeat(WebServer.MAX_BODY_BYTES))
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(browser.postRaw("/" + FWD + "/acquire", "application/x-www-form-urlencoded", big,
        Map.of()).status()).isEqualTo(413);
    assertThat(browser.postRaw("/" + FWD + "/acquire", "application/json",
        "{}".getBytes(StandardCharsets.US_ASCII), Map.of()).status()).isEqualTo(415);
  }
}
