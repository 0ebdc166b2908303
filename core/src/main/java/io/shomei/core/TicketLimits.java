package io.shomei.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often a PKCS#12 file can be downloaded after an acquisition (MISSION A4-A5: a
 * failed import or a dropped connection must not need a new certificate).
 *
 * @param lifetime how long a download ticket lives, 1 minute .. 30 days
 * @param maxDownloads how many downloads a ticket allows, 1..100
 * @since 0.1.0
 */
public record TicketLimits(Duration lifetime, int maxDownloads) {
  /** The default: 24 hours, 3 downloads. */
  public static final TicketLimits DEFAULT = new TicketLimits(Duration.ofHours(24), 3);

  /** Validates the bounds. */
  public TicketLimits {
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("ticket lifetime must be 1 minute .. 30 days");
    }
    if (maxDownloads < 1 || maxDownloads > 100) {
      throw new IllegalArgumentException("maxDownloads must be 1..100");
    }
  }
}
