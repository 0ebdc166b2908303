package io.shomei.core.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;

/**
 * Instants as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone)} writes them
 * ({@code 2021-02-24T00:00:00+09:00}, a fraction only when the nanoseconds are not zero, without
 * its trailing zeros), written directly for the years 0000 to 9999 and by the formatter otherwise.
 * A campaign's CSV writes five of them per affected certificate; the formatter's generic field
 * printing took about as long as reading the certificate's row from the database.
 */
final class OffsetTimes {
  private static final int SECONDS_PER_DAY = 86_400;

  private final ZoneRules rules;
  private final DateTimeFormatter fallback;

  OffsetTimes(ZoneId zone) {
    this.rules = zone.getRules();
    this.fallback = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
  }

  String format(Instant t) {
    ZoneOffset offset = rules.getOffset(t);
    long local = t.getEpochSecond() + offset.getTotalSeconds();
    long day = Math.floorDiv(local, SECONDS_PER_DAY);
    int second = Math.floorMod(local, SECONDS_PER_DAY);
    // LocalDate covers years -999,999,999..999,999,999; an Instant reaches a little beyond
    if (day < -719_528 || day > 2_932_896) { // before 0000-01-01 or after 9999-12-31
      return fallback.format(t);
    }
    LocalDate date = LocalDate.ofEpochDay(day);
    StringBuilder b = new StringBuilder(36);
    digits(b, date.getYear(), 4).append('-');
    digits(b, date.getMonthValue(), 2).append('-');
    digits(b, date.getDayOfMonth(), 2).append('T');
    digits(b, second / 3600, 2).append(':');
    digits(b, second / 60 % 60, 2).append(':');
    digits(b, second % 60, 2);
    int nano = t.getNano();
    if (nano != 0) {
      int width = 9;
      while (nano % 10 == 0) {
        nano /= 10;
        width--;
      }
      digits(b.append('.'), nano, width);
    }
    return b.append(offset.getId()).toString();
  }

  /** {@code value} (not negative) with leading zeros to {@code width} digits. */
  private static StringBuilder digits(StringBuilder b, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s);
  }
}
