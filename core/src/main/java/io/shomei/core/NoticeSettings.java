package io.shomei.core;

import java.util.Arrays;
import java.util.List;

/**
 * Customer notices: whether the engine writes them, and when the scheduled "expiring" notices fall
 * due. With notices configured ({@link Shomei.Builder#notices}), every change a customer is told
 * about (an issuance, a download, a first login, a revocation, a lock) writes its notice in the
 * storage's outbox in the same atomic unit as the change; {@link Notices} schedules the others
 * and delivers them.
 *
 * @param expiringDays the days before a certificate's end at which its owner is told, largest
 *     first, each 1..366, no repeats (for example 40, 30, 10)
 * @since 0.2.0
 */
public record NoticeSettings(List<Integer> expiringDays) {

  /** Checks and sorts the days, largest first. */
  public NoticeSettings {
    int[] days = expiringDays.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(days);
    for (int i = 0; i < days.length; i++) {
      if (days[i] < 1 || days[i] > 366) {
        throw new IllegalArgumentException("expiring days must be 1..366");
      }
      if (i > 0 && days[i] == days[i - 1]) {
        throw new IllegalArgumentException("expiring days must not repeat");
      }
    }
    expiringDays = Arrays.stream(days).boxed().sorted((a, b) -> b - a).toList();
  }

  /**
   * Notices with expiry warnings at the given days before the end.
   *
   * @param days for example {@code 40, 30, 10}
   * @return the settings
   */
  public static NoticeSettings expiringDays(int... days) {
    return new NoticeSettings(Arrays.stream(days).boxed().toList());
  }

  /**
   * The usual Japanese bank's: 40, 30 and 10 days before the end.
   *
   * @return the settings
   */
  public static NoticeSettings bankDefault() {
    return expiringDays(40, 30, 10);
  }
}
