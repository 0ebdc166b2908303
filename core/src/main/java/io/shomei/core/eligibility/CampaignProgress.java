package io.shomei.core.eligibility;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a campaign scan is, for a progress bar.
 *
 * @param scanned certificates evaluated so far
 * @param total certificates in the store when the scan started ({@code CertificateStore.count()});
 *     the scan may see a few more or fewer when certificates are recorded meanwhile
 * @param elapsed time since the scan started, by the scan's clock
 * @param finished whether this is the last report of the scan
 * @since 0.1.0
 */
public record CampaignProgress(long scanned, long total, Duration elapsed, boolean finished) {

  /** Validates non-negative counts. */
  public CampaignProgress {
    if (scanned < 0 || total < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * {@code scanned / total}, capped at 1; 1 for an empty store.
   *
   * @return a fraction between 0 and 1
   */
  public double fraction() {
    return total == 0 ? 1.0 : Math.min(1.0, (double) scanned / total);
  }

  /**
   * Certificates evaluated per second so far; 0 before any time has passed.
   *
   * @return the rate
   */
  public double perSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0.0 : scanned * 1e9 / nanos;
  }

  /**
   * The time the rest of the scan takes at the rate so far ({@link #perSecond()}): for an ETA.
   * Empty before the first certificate or before any time has passed; zero once finished or when
   * the scan has reached the total.
   *
   * @return the estimated remaining time, whole milliseconds
   * @since 0.2.0
   */
  public Optional<Duration> remaining() {
    if (finished || scanned >= total) {
      return Optional.of(Duration.ZERO);
    }
    double rate = perSecond();
    if (scanned == 0 || rate <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round((total - scanned) * 1000.0 / rate)));
  }
}
