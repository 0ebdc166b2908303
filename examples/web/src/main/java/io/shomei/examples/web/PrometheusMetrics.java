package io.shomei.examples.web;

import io.shomei.core.ShomeiMetrics;
import io.shomei.core.audit.AuditEventType;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SDK's {@link ShomeiMetrics} counted in memory and served as Prometheus text (exposition
 * format 0.0.4) at {@code /metrics}, without a metrics library: steps by outcome
 * ({@code shomei_steps_total}), step latency histograms ({@code shomei_step_seconds}) and audit
 * events by type ({@code shomei_audit_events_total}, where {@code LOGIN_LOCKED} and
 * {@code ACQUISITION_PASSWORD_LOCKED} are the lockouts). Labels come only from the SDK's enums
 * and outcome codes, never from a request. Counters are per process: a scraper sums the nodes.
 */
final class PrometheusMetrics implements ShomeiMetrics {
  /** Histogram bucket bounds, in seconds. */
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Map<String, LongAdder> steps = new ConcurrentHashMap<>();
  private final Map<Step, Histogram> latency = new EnumMap<>(Step.class);
  private final Map<AuditEventType, LongAdder> events = new ConcurrentHashMap<>();

  /** One step's latency histogram: cumulative counts are computed when rendering. */
  private static final class Histogram {
    final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1);
    final LongAdder nanos = new LongAdder();
  }

  PrometheusMetrics() {
    for (Step s : Step.values()) {
      latency.put(s, new Histogram());
    }
  }

  @Override
  public void completed(Step step, String outcome, boolean success, Duration took) {
    steps.computeIfAbsent(step.name() + "\u0000" + outcome, k -> new LongAdder()).increment();
    Histogram h = java.util.Objects.requireNonNull(latency.get(step), "every step has a histogram");
    double seconds = took.toNanos() / 1e9;
    int i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) {
      i++;
    }
    h.counts.incrementAndGet(i);
    h.nanos.add(took.toNanos());
  }

  @Override
  public void audited(AuditEventType type) {
    events.computeIfAbsent(type, k -> new LongAdder()).increment();
  }

  /** GET /metrics. */
  Response page(Request r) {
    return Response.bytes(200, "text/plain; version=0.0.4; charset=utf-8",
        render().getBytes(StandardCharsets.UTF_8)).header("Cache-Control", "no-store");
  }

  String render() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP shomei_steps_total Login steps, acquisitions and downloads by outcome.\n")
        .append("# TYPE shomei_steps_total counter\n");
    new TreeMap<>(steps).forEach((k, v) -> {
      int sep = k.indexOf('\u0000');
      b.append("shomei_steps_total{step=\"").append(k, 0, sep).append("\",outcome=\"")
          .append(k.substring(sep + 1)).append("\"} ").append(v.sum()).append('\n');
    });
    b.append("# HELP shomei_step_seconds How long each step took.\n")
        .append("# TYPE shomei_step_seconds histogram\n");
    latency.forEach((step, h) -> {
      long cumulative = 0;
      for (int i = 0; i <= BUCKETS.length; i++) {
        cumulative += h.counts.get(i);
        String le = i < BUCKETS.length ? trim(BUCKETS[i]) : "+Inf";
        b.append("shomei_step_seconds_bucket{step=\"").append(step.name()).append("\",le=\"")
            .append(le).append("\"} ").append(cumulative).append('\n');
      }
      b.append("shomei_step_seconds_sum{step=\"").append(step.name()).append("\"} ")
          .append(String.format(Locale.ROOT, "%.6f", h.nanos.sum() / 1e9)).append('\n');
      b.append("shomei_step_seconds_count{step=\"").append(step.name()).append("\"} ")
          .append(cumulative).append('\n');
    });
    b.append("# HELP shomei_audit_events_total Audit events stored, by type.\n")
        .append("# TYPE shomei_audit_events_total counter\n");
    new TreeMap<>(events).forEach((t, v) -> b.append("shomei_audit_events_total{type=\"")
        .append(t.name()).append("\"} ").append(v.sum()).append('\n'));
    return b.toString();
  }

  private static String trim(double d) {
    String s = Double.toString(d);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
