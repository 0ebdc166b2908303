package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.Health;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/**
 * Shomei's health checks and metrics through Actuator and Micrometer (issue 21, item 4):
 * {@code /actuator/health} with liveness and readiness groups, {@code /actuator/prometheus} with
 * Shomei's counters, on the pages' port and not on the certificate-login port.
 */
class ActuatorTest extends HostTestSupport {

  @Test
  void healthGroupsAnswerWithShomeisChecksOnThePagesPort() {
    Browser b = browser();
    Browser.Page readiness = b.get("/actuator/health/readiness");
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(text(readiness)).contains("\"status\":\"UP\"", "\"shomei\"", "\"ready\":true",
        "\"database\":\"UP", "\"key_custody\":\"UP", "\"ca_expiry\":\"", "\"audit_chain\":\"");
    Browser.Page liveness = b.get("/actuator/health/liveness");
    assertThat(liveness.status()).isEqualTo(200);
    assertThat(text(liveness)).contains("\"status\":\"UP\"").doesNotContain("shomei");
    Browser.Page health = b.get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(text(health)).contains("\"shomei\"", "\"liveness\"", "\"readiness\"");
  }

  @Test
  void prometheusShowsShomeisStepsAndAuditEvents() {
    Letter letter = enroll("20021401", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    Browser customer = browser(cert);
    assertThat(certificateStep(customer, FORWARD).path()).isEqualTo("/login/password");
    assertThat(customer.post("/login/password", Map.of("password", "Wrong-1234")).status())
        .isEqualTo(401);

    Browser.Page metrics = browser().get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    String text = text(metrics);
    assertThat(text)
        .containsPattern("shomei_step_seconds_count\\{outcome=\"ACQUIRED\",step=\"ACQUISITION\","
            + "success=\"true\"} [1-9]")
        .containsPattern("shomei_step_seconds_count\\{outcome=\"DOWNLOADED\",step=\"DOWNLOAD\","
            + "success=\"true\"} [1-9]")
        .containsPattern("shomei_step_seconds_count\\{outcome=\"PASSWORD_REQUIRED\","
            + "step=\"LOGIN_CERTIFICATE\",success=\"true\"} [1-9]")
        .containsPattern("shomei_step_seconds_count\\{outcome=\"[A-Z_]+\",step=\"LOGIN_PASSWORD\","
            + "success=\"false\"} [1-9]")
        .containsPattern("shomei_audit_events_total\\{type=\"CERTIFICATE_ISSUED\"} [1-9]")
        // nothing of a customer in a label
        .doesNotContain(letter.userId(), cert.certificate().getSerialNumber().toString(16));
  }

  @Test
  void theActuatorIsNotOnTheCertificateLoginPort() {
    Letter letter = enroll("20021402", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    Browser login = browser(cert); // on the certificate-login port
    for (String path : List.of("/actuator/health", "/actuator/health/readiness",
        "/actuator/health/liveness", "/actuator/prometheus")) {
      // refused like any path the host does not serve there: sent to the start page
      Browser.Page page = login.get(path);
      assertThat(page.path()).as(path).isEqualTo("/");
      assertThat(text(page)).as(path).doesNotContain("shomei_", "\"status\"", "jvm_")
          .contains("電子証明書ログイン");
    }
    assertThat(browser().get("/actuator/prometheus").status()).isEqualTo(200);
  }

  @Test
  void aNodeWhoseKeyCustodyIsDownIsNotReadyButAnAuditWarningAloneKeepsItReady() {
    Instant now = Instant.parse("2026-12-06T00:00:00Z");
    Health custodyDown = new Health(now, List.of(
        new Health.Check(Health.Kind.DATABASE, Health.Status.UP, "answers", null),
        new Health.Check(Health.Kind.KEY_CUSTODY, Health.Status.DOWN, "PKCS11Exception", null)));
    var down = ActuatorBinding.indicator(custodyDown);
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails()).containsEntry("ready", false)
        .containsEntry("key_custody", "DOWN PKCS11Exception");

    Health auditDown = new Health(now, List.of(
        new Health.Check(Health.Kind.DATABASE, Health.Status.UP, "answers", null),
        new Health.Check(Health.Kind.AUDIT_CHAIN, Health.Status.DOWN, "link broken", null)));
    var up = ActuatorBinding.indicator(auditDown);
    assertThat(up.getStatus()).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("audit_chain", "DOWN link broken");
  }

  private static String text(Browser.Page page) {
    return new String(page.bytes(), StandardCharsets.UTF_8);
  }
}
