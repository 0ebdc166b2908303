package io.shomei.examples.springboot;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shomei.core.Health;
import io.shomei.core.Shomei;
import io.shomei.core.ShomeiMetrics;
import io.shomei.core.audit.AuditEventType;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shomei's health checks and metrics bound to Spring Boot Actuator and Micrometer (issue 21, item
 * 4), beside the host's own plain-text {@code /health/live} and {@code /health/ready}
 * ({@link HealthController}).
 *
 * <ul>
 *   <li>{@link Shomei#health()} is the health contributor {@code shomei}: UP when
 *       {@link Health#ready()}, DOWN (HTTP 503) when a check that affects readiness is DOWN (the
 *       database, key custody, an expired CA certificate), each check a detail. It is part of the
 *       {@code readiness} group ({@code /actuator/health/readiness}), not of {@code liveness}
 *       ({@code /actuator/health/liveness}): a node whose HSM session is lost is taken out of
 *       rotation, not restarted (see {@code application.properties}).
 *   <li>{@link ShomeiMetrics} is a Micrometer binding: the timer {@code shomei.step} (tags
 *       {@code step}, {@code outcome}, {@code success}) and the counter
 *       {@code shomei.audit.events} (tag {@code type}; {@code LOGIN_LOCKED} and
 *       {@code ACQUISITION_PASSWORD_LOCKED} are the lockouts), served by
 *       {@code /actuator/prometheus} as {@code shomei_step_seconds_*} and
 *       {@code shomei_audit_events_total}. Tags come only from the SDK's enums and outcome codes,
 *       never from a request or a customer.
 * </ul>
 *
 * <p>The actuator answers on the pages' port only; {@link SecurityConfiguration} refuses it on the
 * certificate-login port.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorBinding {

  /**
   * Shomei's metrics into Micrometer's registry (Boot's Prometheus registry here).
   *
   * @param registry the registry
   * @return the listener, for {@code Shomei.builder().metrics(...)}
   */
  @Bean
  public ShomeiMetrics shomeiMetrics(MeterRegistry registry) {
    return new Micrometer(registry);
  }

  /**
   * The health contributor {@code shomei}.
   *
   * @param shomei the engine, asked at each probe
   * @return the indicator
   */
  @Bean
  public HealthIndicator shomeiHealthIndicator(Shomei shomei) {
    return () -> indicator(shomei.health());
  }

  /**
   * Actuator's view of Shomei's health: UP when ready, DOWN otherwise; one detail per check
   * ({@code key_custody: "UP signs"}), and {@code ready}.
   *
   * @param h what {@link Shomei#health()} found
   * @return the actuator health
   */
  static org.springframework.boot.actuate.health.Health indicator(Health h) {
    org.springframework.boot.actuate.health.Health.Builder b =
        new org.springframework.boot.actuate.health.Health.Builder(h.ready() ? Status.UP : Status.DOWN);
    b.withDetail("ready", h.ready());
    for (Health.Check c : h.checks()) {
      b.withDetail(c.kind().name().toLowerCase(Locale.ROOT),
          c.status() + (c.detail().isEmpty() ? "" : " " + c.detail())
              + (c.instant() == null ? "" : " " + c.instant()));
    }
    return b.build();
  }

  /** {@link ShomeiMetrics} on a Micrometer registry. */
  static final class Micrometer implements ShomeiMetrics {
    private final MeterRegistry registry;

    Micrometer(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void completed(Step step, String outcome, boolean success, Duration latency) {
      Timer.builder("shomei.step")
          .description("Login steps, acquisitions and downloads by outcome")
          .tag("step", step.name()).tag("outcome", outcome).tag("success", Boolean.toString(success))
          .register(registry).record(latency);
    }

    @Override
    public void audited(AuditEventType type) {
      Counter.builder("shomei.audit.events").description("Audit events stored, by type")
          .tag("type", type.name()).register(registry).increment();
    }
  }
}
