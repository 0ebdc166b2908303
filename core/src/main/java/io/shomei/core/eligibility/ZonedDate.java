package io.shomei.core.eligibility;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A calendar date together with the time zone it is meant in, such as "2020-11-11 in Asia/Tokyo".
 *
 * <p>This is the only way a calendar date enters a rule: there is no method of this package that
 * takes a {@link LocalDate} without a zone, so a rule's meaning never depends on the JVM default
 * time zone. A date stands for a whole day: {@link #startOfDay()} is its first instant and
 * {@link #endOfDay()} its last (one nanosecond before the next day starts), which is what "on or
 * before 2020-11-11" needs when compared with X.509 instants (inclusive at both ends).
 *
 * @param date the calendar date
 * @param zone the zone the date is meant in (the bank's is {@code Asia/Tokyo})
 * @since 0.1.0
 */
public record ZonedDate(LocalDate date, ZoneId zone) {

  /** Validates that both parts are present. */
  public ZonedDate {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(zone, "zone");
  }

  /**
   * A date in a zone.
   *
   * @param isoDate an ISO-8601 date such as {@code 2020-11-11}
   * @param zone the zone
   * @return the zoned date
   * @throws DateTimeException if {@code isoDate} is not an ISO date
   */
  public static ZonedDate of(String isoDate, ZoneId zone) {
    return new ZonedDate(LocalDate.parse(isoDate), zone);
  }

  /**
   * The first instant of this day in its zone (mind days that do not start at midnight because of
   * a daylight-saving change: this is the real start of the day).
   *
   * @return the start of the day
   */
  public Instant startOfDay() {
    return date.atStartOfDay(zone).toInstant();
  }

  /**
   * The last instant of this day in its zone: one nanosecond before the next day starts.
   *
   * @return the end of the day, inclusive
   */
  public Instant endOfDay() {
    return date.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1);
  }

  /**
   * {@code 2020-11-11[Asia/Tokyo]}, the form the rule file accepts.
   *
   * @return the text form
   */
  @Override
  public String toString() {
    return date + "[" + zone.getId() + "]";
  }
}
