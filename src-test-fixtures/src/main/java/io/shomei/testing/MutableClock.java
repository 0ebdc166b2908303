package io.shomei.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand. Thread-safe. Its zone is UTC unless given, so a test never
 * depends on the JVM default zone.
 *
 * @since 0.1.0
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock standing at {@code start}, in UTC.
   *
   * @param start the initial instant
   * @return the clock
   */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  /**
   * A clock standing at an ISO-8601 instant or offset date-time (for example
   * {@code 2021-02-24T00:00:00+09:00}).
   *
   * @param isoInstant the initial instant
   * @return the clock
   */
  public static MutableClock at(String isoInstant) {
    return at(java.time.OffsetDateTime.parse(isoInstant).toInstant());
  }

  /**
   * Moves the clock to an instant (forwards or backwards).
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now.set(instant);
  }

  /**
   * Moves the clock by a duration.
   *
   * @param d the duration (may be negative)
   * @return the new instant
   */
  public Instant advance(Duration d) {
    return java.util.Objects.requireNonNull(now.updateAndGet(i -> i.plus(d)));
  }

  @Override
  public Instant instant() {
    return java.util.Objects.requireNonNull(now.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** Shares the instant with this clock; only the zone differs. */
  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(now, newZone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + ", " + zone + "]";
  }
}
