package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certificate login has a port of its own (issue 25, item 2): the pages' port never asks the
 * browser for a certificate, so a desktop browser with certificates installed opens the login and
 * acquisition pages without its chooser; only the certificate-login port asks (MISSION L1-L2). The
 * start page's form crosses to that port and keeps its CSRF protection.
 */
class CertificateLoginPortTest extends HostTestSupport {

  @Test
  void theBrowserIsAskedForItsCertificateOnlyOnTheCertificateLoginPort() {
    Letter letter = enroll("20025001", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    assertThat(loginPort().port()).isNotEqualTo(port);

    // a browser with the certificate installed opens the start and acquisition pages
    Browser pages = pagesBrowser(cert);
    Browser.Page start = pages.get("/");
    assertThat(start.status()).isEqualTo(200);
    assertThat(pages.get("/acquire").status()).isEqualTo(200);
    assertThat(pages.certificateRequests()).as("no certificate request on the pages' port").isZero();

    // [電子証明書ログイン] posts to the other port, which the page's policy allows
    String action = loginPort().origin() + "/login/certificate";
    assertThat(start.body()).contains("action=\"" + action + "\"");
    assertThat(start.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("form-action 'self' " + loginPort().origin() + ";");
    Browser.Page password = pages.post(action, Map.of("service", FORWARD));
    assertThat(password.status()).as(password.body()).isEqualTo(200);
    assertThat(password.uri().getPort()).isEqualTo(loginPort().port());
    assertThat(password.path()).isEqualTo("/login/password");
    assertThat(password.body()).contains(letter.userId());
    assertThat(pages.certificateRequests()).as("asked on the certificate-login port").isPositive();
  }

  @Test
  void theCrossPortCertificateLoginFormStillNeedsItsCsrfToken() {
    Letter letter = enroll("20025002", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    Browser pages = pagesBrowser(cert);
    assertThat(pages.get("/").status()).isEqualTo(200);
    String action = loginPort().origin() + "/login/certificate";

    Browser.Page noToken = pages.postRaw(action, Map.of("service", FORWARD));
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(noToken.body()).doesNotContain("name=\"password\"");
    Browser.Page wrongToken = pages.postRaw(action, Map.of("service", FORWARD,
        "_csrf", "x" + pages.csrfToken()));
    assertThat(wrongToken.status()).isEqualTo(403);
    assertThat(pages.get(loginPort().origin() + "/login/password").path())
        .as("no login was started").isEqualTo("/");
  }

  @Test
  void theCertificateStepOnThePagesPortSeesNoCertificate() {
    Letter letter = enroll("20025003", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    Browser pages = pagesBrowser(cert);
    assertThat(pages.get("/").status()).isEqualTo(200);
    Browser.Page refused = pages.post("/login/certificate", Map.of("service", FORWARD));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.refusal()).hasValueSatisfying(r -> assertThat(r).endsWith("/NO_CERTIFICATE"));
    assertThat(pages.certificateRequests()).isZero();
  }
}
