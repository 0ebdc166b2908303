package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics} of the web example: live and
 * ready answer plain text without a session; the Prometheus text counts the manual's steps by
 * outcome, with latency histograms, after a customer walked them.
 */
class HealthAndMetricsTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void liveAndReadyAnswerWithOneLinePerCheck() throws Exception {
    try (WebFixture web = new WebFixture(tmp)) {
      TestClient c = web.anonymous();
      TestClient.Page live = c.get("/health/live");
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.body()).isEqualTo("live\n");
      TestClient.Page ready = c.get("/health/ready");
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).startsWith("ready\n").contains("database UP", "key_custody UP",
          "ca_expiry UP", "audit_chain UP", "next_campaign_instant UP");
      assertThat(ready.headerValues("Set-Cookie")).isEmpty();
      assertThat(web.server.sessionCount()).isZero();
    }
  }

  @Test
  void metricsCountTheManualsStepsByOutcome() throws Exception {
    try (WebFixture web = new WebFixture(tmp)) {
      WebFixture.Customer who = web.enroll("fx-forward");
      web.signIn(who);
      TestClient.Page m = web.anonymous().get("/metrics");
      assertThat(m.status()).isEqualTo(200);
      assertThat(m.header("Content-Type")).startsWith("text/plain; version=0.0.4");
      assertThat(m.body()).contains(
          "shomei_steps_total{step=\"ACQUISITION\",outcome=\"ACQUIRED\"} 1",
          "shomei_steps_total{step=\"DOWNLOAD\",outcome=\"DOWNLOADED\"} 1",
          "shomei_steps_total{step=\"LOGIN_CERTIFICATE\",outcome=\"PASSWORD_REQUIRED\"} ",
          "shomei_steps_total{step=\"LOGIN_PASSWORD\",outcome=\"CHANGE_REQUIRED\"} 1",
          "shomei_steps_total{step=\"LOGIN_CHANGE\",outcome=\"AUTHENTICATED\"} 1",
          "shomei_step_seconds_count{step=\"ACQUISITION\"} 1",
          "shomei_step_seconds_bucket{step=\"LOGIN_CHANGE\",le=\"+Inf\"} 1",
          "shomei_audit_events_total{type=\"CERTIFICATE_ISSUED\"} 1");
      assertThat(m.body()).doesNotContain(who.userId());
    }
  }
}
