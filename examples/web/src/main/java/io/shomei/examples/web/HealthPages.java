package io.shomei.examples.web;

import io.shomei.core.Health;
import io.shomei.core.Shomei;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code /health/live} and {@code /health/ready} for load balancers and orchestrators, as plain
 * text. Live answers without touching the database or the HSM (the process answers HTTP: that is
 * liveness). Ready runs {@link Shomei#health()} and answers 200 when the node can do every step,
 * 503 otherwise (HAProxy's {@code option httpchk} then takes it out of rotation), with one line
 * per check. Neither page carries a secret or needs a session.
 */
final class HealthPages {
  private final Shomei shomei;

  HealthPages(Shomei shomei) {
    this.shomei = shomei;
  }

  /** GET /health/live. */
  Response live(Request r) {
    return text(200, "live\n");
  }

  /** GET /health/ready. */
  Response ready(Request r) {
    Health h = shomei.health();
    StringBuilder b = new StringBuilder(h.ready() ? "ready\n" : "not ready\n");
    for (Health.Check c : h.checks()) {
      b.append(c.kind().name().toLowerCase(Locale.ROOT)).append(' ').append(c.status())
          .append(' ').append(c.detail().replace('\n', ' ')).append('\n');
    }
    return text(h.ready() ? 200 : 503, b.toString());
  }

  private static Response text(int status, String body) {
    return Response.bytes(status, "text/plain; charset=utf-8",
        body.getBytes(StandardCharsets.UTF_8)).header("Cache-Control", "no-store");
  }
}
