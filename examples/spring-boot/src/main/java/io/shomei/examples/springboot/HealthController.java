package io.shomei.examples.springboot;

import io.shomei.core.Health;
import io.shomei.core.Shomei;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /health/live} and {@code /health/ready} as plain text, from {@link Shomei#health()}, for a
 * load balancer's check (the shipped HAProxy configuration asks {@code /health/ready}), the same
 * paths as the web host's. The same checks are Actuator's {@code /actuator/health/readiness}
 * ({@link ActuatorBinding}).
 */
@RestController
public class HealthController {
  private final Shomei shomei;

  /**
   * Creates the controller.
   *
   * @param shomei the engine
   */
  public HealthController(Shomei shomei) {
    this.shomei = shomei;
  }

  /**
   * Liveness: the process answers; nothing else is asked.
   *
   * @return 200 {@code live}
   */
  @GetMapping(value = "/health/live", produces = MediaType.TEXT_PLAIN_VALUE)
  public ResponseEntity<String> live() {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body("live\n");
  }

  /**
   * Readiness: 200 when {@link Health#ready()}, otherwise 503; one line per check.
   *
   * @return the checks
   */
  @GetMapping(value = "/health/ready", produces = MediaType.TEXT_PLAIN_VALUE)
  public ResponseEntity<String> ready() {
    Health h = shomei.health();
    StringBuilder b = new StringBuilder(h.ready() ? "ready\n" : "not ready\n");
    for (Health.Check c : h.checks()) {
      b.append(c.kind().name().toLowerCase(Locale.ROOT)).append(' ').append(c.status())
          .append(' ').append(c.detail().replace('\n', ' ')).append('\n');
    }
    return ResponseEntity.status(h.ready() ? 200 : 503).cacheControl(CacheControl.noStore())
        .body(b.toString());
  }
}
