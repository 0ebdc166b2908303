package io.shomei.core.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.shomei.testing.gen.Instants;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CSV's instants read exactly as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} writes them. */
class OffsetTimesProperties {
  private static final List<ZoneId> ZONES = ZoneId.getAvailableZoneIds().stream().sorted()
      .map(ZoneId::of).toList();
  /** Where the fast path ends or the text changes shape: years 0 and 9999, offsets, DST. */
  private static final Instant[] BOUNDARIES = {
      Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
      Instant.EPOCH, Instant.parse("2021-02-23T15:00:00Z"), Instant.parse("1900-01-01T00:00:00Z"),
      Instant.parse("2021-03-28T01:00:00Z"), Instant.parse("1887-01-01T00:00:00Z")};

  /** Instants whose local date-time exists in every zone (the JDK's formatter throws beyond). */
  private static final long LOCAL_DATE_TIME_REACH = Instant.MAX.getEpochSecond() - 800L * 86_400;

  @Test
  void sameTextAsTheJdkFormatterInEveryZone() {
    qt().withExamples(20_000).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      ZoneId zone = random.nextBoolean() ? ZONES.get(random.nextInt(ZONES.size()))
          : ZoneId.of("Asia/Tokyo");
      Instant t = switch (random.nextInt(4)) {
        case 0 -> Instant.ofEpochSecond(random.nextLong(-LOCAL_DATE_TIME_REACH,
            LOCAL_DATE_TIME_REACH), random.nextInt(1_000_000_000));
        case 1 -> Instant.ofEpochSecond(random.nextLong(-62_200_000_000L, 253_500_000_000L),
            random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
        default -> Instants.around(random, BOUNDARIES);
      };
      assertThat(new OffsetTimes(zone).format(t)).as("%s in %s", t, zone)
          .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone).format(t));
    });
  }

  @Test
  void theNoticeInstantsInJapanTime() {
    OffsetTimes tokyo = new OffsetTimes(ZoneId.of("Asia/Tokyo"));
    assertThat(tokyo.format(Instant.parse("2021-02-23T15:00:00Z")))
        .isEqualTo("2021-02-24T00:00:00+09:00");
    assertThat(tokyo.format(Instant.parse("2020-11-11T14:59:59.999999999Z")))
        .isEqualTo("2020-11-11T23:59:59.999999999+09:00");
    assertThat(new OffsetTimes(ZoneId.of("UTC")).format(Instant.parse("2021-01-01T00:00:00.5Z")))
        .isEqualTo("2021-01-01T00:00:00.5Z");
    assertThat(tokyo.format(Instant.parse("9999-12-31T15:00:00Z")))
        .isEqualTo("+10000-01-01T00:00:00+09:00");
  }
}
