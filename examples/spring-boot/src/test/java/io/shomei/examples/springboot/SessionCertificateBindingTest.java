package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.RevocationReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A login session belongs to the certificate it was opened with (issue 18, items 7 and 14).
 */
class SessionCertificateBindingTest extends HostTestSupport {
  private static final String COOKIE = "__Host-SHOMEI";

  @Test
  void stolenSessionCookieCannotFinishThePasswordStepWithoutTheCertificate() {
    Letter letter = enroll("20018101", FORWARD);
    ClientCertificate certificate = acquire(letter, letter.temporaryPassword());
    Browser owner = browser(certificate);
    assertThat(certificateStep(owner, FORWARD).path()).isEqualTo("/login/password");

    Browser thief = browser(); // no client certificate on this connection
    thief.adoptCookie(COOKIE, owner.cookie(COOKIE));
    Browser.Page stolen = thief.postRaw("/login/password",
        Map.of("password", letter.temporaryPassword(), "_csrf", owner.csrfToken()));
    assertThat(stolen.path()).as(stolen.body()).isEqualTo("/");
    assertThat(stolen.body()).doesNotContain("change-reason");
    // the pending login is gone: the owner starts again
    assertThat(owner.post("/login/password", Map.of("password", letter.temporaryPassword()))
        .path()).isNotEqualTo("/login/change");
  }

  @Test
  void stolenSessionCookieCannotFinishThePasswordChangeWithAnotherCertificate() {
    Letter letter = enroll("20018102", FORWARD);
    Letter other = enroll("20018103", FORWARD);
    ClientCertificate certificate = acquire(letter, letter.temporaryPassword());
    ClientCertificate otherCertificate = acquire(other, other.temporaryPassword());
    Browser owner = browser(certificate);
    assertThat(certificateStep(owner, FORWARD).path()).isEqualTo("/login/password");
    assertThat(owner.post("/login/password", Map.of("password", letter.temporaryPassword()))
        .path()).isEqualTo("/login/change");

    Browser thief = browser(otherCertificate); // a customer's own certificate, not this login's
    thief.adoptCookie(COOKIE, owner.cookie(COOKIE));
    Browser.Page stolen = thief.postRaw("/login/change", Map.of(
        "newPassword", "Kawase2026ok",
        "confirmation", "Kawase2026ok", "_csrf", owner.csrfToken()));
    assertThat(stolen.path()).as(stolen.body()).isEqualTo("/");
    assertThat(stolen.body()).doesNotContain("data-user-id");
  }

  @Test
  void signedInSessionEndsWhenItsCertificateIsRevoked() {
    Letter letter = enroll("20018104", FORWARD);
    ClientCertificate certificate = acquire(letter, letter.temporaryPassword());
    Browser b = browser(certificate);
    firstLogin(b, letter, "Kawase2026ok");
    assertThat(b.get("/home").path()).isEqualTo("/home");

    shomei.operator("branch-7").revoke(certificate.certificate().getSerialNumber(),
        RevocationReason.KEY_COMPROMISE);

    Browser.Page after = b.get("/home");
    assertThat(after.path()).as("the session ended with the certificate").isEqualTo("/");
  }

  @Test
  void signedInSessionEndsWhenItsCertificateIsSuperseded() {
    Letter letter = enroll("20018105", FORWARD);
    ClientCertificate first = acquire(letter, letter.temporaryPassword());
    Browser b = browser(first);
    firstLogin(b, letter, "Kawase2026ok");
    assertThat(b.get("/home").path()).isEqualTo("/home");

    acquire(letter, "Kawase2026ok"); // voluntary re-acquisition: a successor is active now

    assertThat(b.get("/home").path()).as("the session ended with the certificate").isEqualTo("/");
  }
}
