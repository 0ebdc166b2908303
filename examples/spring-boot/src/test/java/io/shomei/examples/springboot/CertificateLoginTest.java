package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manual's certificate login (MISSION L1-L6) through Spring Security and Shomei, over TLS. */
class CertificateLoginTest extends HostTestSupport {
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  @Test
  void certificateThenTemporaryPasswordThenFirstLoginChangeReachesTheLandingPage() {
    Letter letter = enroll("20000001", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    String validity = SHOWN.format(cert.certificate().getNotBefore().toInstant().atZone(JAPAN))
        + " 〜 " + SHOWN.format(cert.certificate().getNotAfter().toInstant().atZone(JAPAN));
    Browser b = browser(cert);

    Browser.Page start = b.get("/");
    String anonymous = b.cookie("__Host-SHOMEI");
    String anonymousCsrf = b.csrfToken();
    assertThat(start.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
        .startsWith("__Host-SHOMEI=").contains("Path=/").contains("Secure").contains("HttpOnly")
        .contains("SameSite=Strict"));

    // certificate step: the password page shows the certificate's validity period (R4)
    Browser.Page password = b.post("/login/certificate", Map.of("service", FORWARD));
    assertThat(password.status()).isEqualTo(200);
    assertThat(password.path()).isEqualTo("/login/password");
    assertThat(password.body()).contains(letter.userId()).contains(validity);
    assertThat(b.cookie("__Host-SHOMEI")).as("session id changes at the certificate step")
        .isNotEqualTo(anonymous);
    assertThat(b.postRaw("/login/password", Map.of("password", letter.temporaryPassword(),
        "_csrf", anonymousCsrf)).status()).as("the CSRF token changes too").isEqualTo(403);

    // a wrong password: asked again, nothing else changes
    Browser.Page wrong = b.post("/login/password", Map.of("password", "Wrong-" + letter.temporaryPassword()));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.refusal()).hasValue("INVALID_CREDENTIALS/");
    assertThat(wrong.body()).contains("あと4回続けて誤るとロックされ", "4 more wrong passwords");
    // the acquisition password is never a login password (L4, A13)
    Browser.Page acquisitionPassword = b.post("/login/password",
        Map.of("password", letter.acquisitionPassword()));
    assertThat(acquisitionPassword.status()).isEqualTo(401);
    assertThat(acquisitionPassword.body()).contains("あと3回続けて誤るとロックされ");

    // the temporary password: a change is required (L5); the landing page is not reachable yet
    Browser.Page change = b.post("/login/password", Map.of("password", letter.temporaryPassword()));
    assertThat(change.path()).isEqualTo("/login/change");
    assertThat(change.attribute("change-reason", "data-reason")).isEqualTo("TEMPORARY_PASSWORD");
    assertThat(b.get("/home").status()).isEqualTo(403);
    // the temporary password typed a moment ago is not asked again (the SDK's PasswordProof); the
    // rules say symbols are allowed and how long a forbidden repetition is
    assertThat(change.body()).contains("name=\"newPassword\"", "name=\"confirmation\"",
            "記号（! # $ % &amp; * + - = ? @ _ . / など）", "同じ文字を4文字以上続けない",
            "4 or more times in a row")
        .doesNotContain("name=\"current\"", "current-password");

    Browser.Page mismatch = b.post("/login/change", Map.of(
        "newPassword", "Kawase2026ok", "confirmation", "Kawase2026no"));
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.refusal()).hasValue("CONFIRMATION_MISMATCH/");
    Browser.Page weak = b.post("/login/change", Map.of(
        "newPassword", "abcdefgh", "confirmation", "abcdefgh"));
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.refusal()).hasValue("POLICY_VIOLATIONS/");
    // a character that cannot be used: which ones can, never the one typed back
    Browser.Page wide = b.post("/login/change", Map.of(
        "newPassword", "Kawase2026ｘ", "confirmation", "Kawase2026ｘ"));
    assertThat(wide.refusal()).hasValue("POLICY_VIOLATIONS/");
    assertThat(wide.body()).contains("使える文字は半角の英字・数字・記号です", "You can use half-width")
        .doesNotContain("ｘ");

    Browser.Page home = b.post("/login/change", Map.of(
        "newPassword", "Kawase2026ok", "confirmation", "Kawase2026ok"));
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.path()).isEqualTo("/home");
    assertThat(home.attribute("customer", "data-user-id")).isEqualTo(letter.userId());
    assertThat(home.attribute("validity", "data-not-before"))
        .isEqualTo(cert.certificate().getNotBefore().toInstant().toString());
    assertThat(home.attribute("validity", "data-not-after"))
        .isEqualTo(cert.certificate().getNotAfter().toInstant().toString());
    assertThat(home.body()).contains(validity).contains("初回 / first login");
    // "password changed" once, on the first landing only
    assertThat(home.attribute("notice", "data-notice")).isEqualTo("password-changed");
    assertThat(b.get("/home").body()).doesNotContain("パスワードを変更しました", "data-notice");
    // a certificate issued today is not affected by the notice of 2021: nothing to re-acquire
    assertThat(home.attribute("reacquisition", "data-decision")).isEqualTo("Allowed");
    assertThat(home.body()).contains("UNAFFECTED");

    // log out, then log in again with the new password: no change step this time
    Browser.Page out = b.post("/logout", Map.of());
    assertThat(out.path()).isEqualTo("/");
    assertThat(out.attribute("notice", "data-notice")).isEqualTo("logged-out");
    assertThat(out.body()).contains("ログアウトしました", "You have logged out");
    assertThat(b.get("/home").path()).as("logged out").isEqualTo("/");
    assertThat(certificateStep(b, FORWARD).path()).isEqualTo("/login/password");
    Browser.Page again = b.post("/login/password", Map.of("password", "Kawase2026ok"));
    assertThat(again.path()).isEqualTo("/home");
    assertThat(again.body()).doesNotContain("初回 / first login");
  }

  @Test
  void wrongPasswordsSayHowManyAreLeftWarnBeforeTheLastAndThenSendToTheBranch() {
    Letter letter = enroll("20000009", FORWARD);
    Browser b = browser(acquire(letter, letter.temporaryPassword()));
    b.get("/");
    assertThat(b.post("/login/certificate", Map.of("service", FORWARD)).path())
        .isEqualTo("/login/password");
    for (int i = 1; i <= 3; i++) {
      assertThat(b.post("/login/password", Map.of("password", "Wrong" + i + "pass")).body())
          .contains("あと" + (5 - i) + "回続けて誤るとロックされ");
    }
    Browser.Page last = b.post("/login/password", Map.of("password", "Wrong4pass"));
    assertThat(last.body()).contains("次にパスワードを誤るとロックされ",
        "One more wrong password locks your login");
    Browser.Page locked = b.post("/login/password", Map.of("password", "Wrong5pass"));
    assertThat(locked.refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("ACCOUNT_LOCKED"));
  }

  @Test
  void customerPagesNeedTheWholeLogin() {
    Browser b = browser();
    assertThat(b.get("/home").path()).isEqualTo("/");
    assertThat(b.get("/login/password").path()).isEqualTo("/");
    assertThat(b.get("/login/change").path()).isEqualTo("/");
  }

  @Test
  void formsWithoutTheCsrfTokenAreRefused() {
    Browser b = browser();
    b.get("/");
    assertThat(b.postRaw("/login/certificate", Map.of("service", FORWARD)).status()).isEqualTo(403);
    assertThat(b.postRaw("/acquire", Map.of("service", FORWARD, "userId", "20000009",
        "password", "x", "acquisitionPassword", "y")).status()).isEqualTo(403);
  }

  @Test
  void noCertificateIsRefusedWithAReason() {
    Browser.Page refused = certificateStep(browser(), FORWARD);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.refusal()).hasValue("CERTIFICATE_NOT_ACCEPTED/NO_CERTIFICATE");
  }

  @Test
  void aCertificateOfOneServiceDoesNotLogInToTheOther() {
    Letter letter = enroll("20000003", FORWARD);
    enroll("20000003", OTHER);
    ClientCertificate forward = acquire(letter, letter.temporaryPassword());
    Browser.Page refused = certificateStep(browser(forward), OTHER);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.refusal()).hasValue("CERTIFICATE_NOT_ACCEPTED/OTHER_ACCOUNT");
    assertThat(certificateStep(browser(forward), FORWARD).path()).isEqualTo("/login/password");
  }

  @Test
  void unknownServiceIsABadRequest() {
    Browser b = browser();
    b.get("/");
    assertThat(b.post("/login/certificate", Map.of("service", "fx-nothing")).status()).isEqualTo(400);
  }
}
