package io.shomei.core.eligibility;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A range of instants, inclusive at both ends like an X.509 validity period; either end may be open.
 *
 * <p>Build one from instants or from {@link ZonedDate}s (a date means the whole day in its zone):
 *
 * <pre>{@code
 * TimeRange.onOrBefore(ZonedDate.of("2020-11-11", ZoneId.of("Asia/Tokyo")))
 *     // to = 2020-11-11T14:59:59.999999999Z: 2020-11-11T14:59:59Z is inside, 15:00:00Z is not
 * }</pre>
 *
 * @param from the first instant inside the range, or {@code null} for no lower bound
 * @param to the last instant inside the range, or {@code null} for no upper bound
 * @since 0.1.0
 */
public record TimeRange(@Nullable Instant from, @Nullable Instant to) {

  private static final TimeRange ALL = new TimeRange(null, null);

  /**
   * Validates that the range is not empty.
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  public TimeRange {
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("empty range: " + to + " is before " + from);
    }
  }

  /**
   * The range with no bound: every instant.
   *
   * @return the unbounded range
   */
  public static TimeRange all() {
    return ALL;
  }

  /**
   * From {@code from} to {@code to}, both inclusive.
   *
   * @param from the first instant inside
   * @param to the last instant inside
   * @return the range
   */
  public static TimeRange between(Instant from, Instant to) {
    return new TimeRange(from, to);
  }

  /**
   * Every instant at or after {@code t}.
   *
   * @param t the first instant inside
   * @return the range
   */
  public static TimeRange onOrAfter(Instant t) {
    return new TimeRange(t, null);
  }

  /**
   * Every instant strictly after {@code t}.
   *
   * @param t the last instant outside
   * @return the range
   */
  public static TimeRange after(Instant t) {
    return new TimeRange(t.plusNanos(1), null);
  }

  /**
   * Every instant at or before {@code t}.
   *
   * @param t the last instant inside
   * @return the range
   */
  public static TimeRange onOrBefore(Instant t) {
    return new TimeRange(null, t);
  }

  /**
   * Every instant strictly before {@code t}.
   *
   * @param t the first instant outside
   * @return the range
   */
  public static TimeRange before(Instant t) {
    return new TimeRange(null, t.minusNanos(1));
  }

  /**
   * Every instant from the start of day {@code d} in its zone on.
   *
   * @param d the first day inside
   * @return the range
   */
  public static TimeRange onOrAfter(ZonedDate d) {
    return new TimeRange(d.startOfDay(), null);
  }

  /**
   * Every instant from the start of the day after {@code d} on.
   *
   * @param d the last day outside
   * @return the range
   */
  public static TimeRange after(ZonedDate d) {
    return new TimeRange(d.endOfDay().plusNanos(1), null);
  }

  /**
   * Every instant up to the end of day {@code d} in its zone.
   *
   * @param d the last day inside
   * @return the range
   */
  public static TimeRange onOrBefore(ZonedDate d) {
    return new TimeRange(null, d.endOfDay());
  }

  /**
   * Every instant before the start of day {@code d} in its zone.
   *
   * @param d the first day outside
   * @return the range
   */
  public static TimeRange before(ZonedDate d) {
    return new TimeRange(null, d.startOfDay().minusNanos(1));
  }

  /**
   * The instants inside both ranges.
   *
   * @param other the other range
   * @return the intersection
   * @throws IllegalArgumentException if the intersection is empty
   */
  public TimeRange intersect(TimeRange other) {
    Instant f = from;
    if (other.from != null && (f == null || other.from.isAfter(f))) {
      f = other.from;
    }
    Instant t = to;
    if (other.to != null && (t == null || other.to.isBefore(t))) {
      t = other.to;
    }
    return new TimeRange(f, t);
  }

  /**
   * Whether {@code t} lies inside, both ends inclusive.
   *
   * @param t the instant
   * @return {@code true} if inside
   */
  public boolean contains(Instant t) {
    return (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
  }

  /**
   * Whether neither end is bounded.
   *
   * @return {@code true} for {@link #all()}
   */
  public boolean isAll() {
    return from == null && to == null;
  }
}
