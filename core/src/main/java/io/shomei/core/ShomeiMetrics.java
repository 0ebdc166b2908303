package io.shomei.core;

import io.shomei.core.audit.AuditEventType;
import java.time.Duration;

/**
 * Receives what the engine did, for a host's metrics (Micrometer, Prometheus, JMX, logs): each
 * login step, acquisition and download with its typed outcome and latency, and each audit event's
 * type (lockouts, issuance, revocations, refused forwarded certificates, ...). Core depends on no
 * metrics library; a host binds this interface to its own. Set it with
 * {@link Shomei.Builder#metrics}.
 *
 * <pre>{@code
 * ShomeiMetrics m = (step, outcome, success, latency) ->
 *     registry.timer("shomei.step", "step", step.name(), "outcome", outcome).record(latency);
 * Shomei shomei = Shomei.builder()...metrics(m).build();
 * }</pre>
 *
 * <p>Outcomes are a small, fixed set of codes, safe as metric labels: {@code PASSWORD_REQUIRED},
 * {@code AUTHENTICATED}, {@code CHANGE_REQUIRED}, {@code POLICY_VIOLATIONS}, {@code ACQUIRED},
 * {@code DOWNLOADED}, the name of a refusal's enum constant ({@link LoginRefusal},
 * {@link AcquisitionRefusal}, {@link DownloadRefusal}), {@code BUSY} when every hashing slot was
 * taken, or {@code ERROR} when the call threw (a store or custody failure). Nothing of a customer
 * (user ID, serial, secret) is ever passed.
 *
 * <p>Called on the caller's thread after the step completes, possibly from many threads at once;
 * an implementation must be thread-safe and fast. What it throws is caught and ignored (metrics
 * never fail a login).
 *
 * @since 0.2.0
 */
public interface ShomeiMetrics {

  /**
   * The steps measured.
   *
   * @since 0.2.0
   */
  enum Step {
    /** {@link Login#presentCertificate} and {@link Login#presentEncodedCertificate}. */
    LOGIN_CERTIFICATE,
    /** {@link Login#password}. */
    LOGIN_PASSWORD,
    /** {@link Login#changePassword}, both forms. */
    LOGIN_CHANGE,
    /** {@link Acquisition#acquire}. */
    ACQUISITION,
    /** {@link Acquisition#download}. */
    DOWNLOAD
  }

  /**
   * A step completed.
   *
   * @param step which step
   * @param outcome the outcome code (see the class comment)
   * @param success whether the step went the customer's way (not refused, not failed)
   * @param latency how long the call took (monotonic time)
   */
  void completed(Step step, String outcome, boolean success, Duration latency);

  /**
   * An audit event was stored: its type only ({@code LOGIN_LOCKED} and
   * {@code ACQUISITION_PASSWORD_LOCKED} are the lockouts).
   *
   * @param type the event type
   */
  default void audited(AuditEventType type) {}
}
