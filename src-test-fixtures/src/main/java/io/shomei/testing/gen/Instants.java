package io.shomei.testing.gen;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded generators of instants, concentrated where bugs live: at and around boundaries.
 *
 * @since 0.1.0
 */
public final class Instants {
  private static final List<Duration> OFFSETS = List.of(
      Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(-1), Duration.ofNanos(1000),
      Duration.ofNanos(-1000), Duration.ofMillis(1), Duration.ofMillis(-1), Duration.ofSeconds(1),
      Duration.ofSeconds(-1), Duration.ofMinutes(1), Duration.ofMinutes(-1), Duration.ofHours(9),
      Duration.ofHours(-9), Duration.ofDays(1), Duration.ofDays(-1));

  private Instants() {}

  /**
   * An instant at or near one of the boundaries: the boundary itself, ±1 ns, ±1 µs, ±1 ms, ±1 s,
   * ±1 min, ±9 h (the Japan offset), ±1 day, or a random instant within a year of it.
   *
   * @param random the source of randomness
   * @param boundaries the boundaries (at least one)
   * @return the instant
   */
  public static Instant around(RandomGenerator random, Instant... boundaries) {
    Instant b = boundaries[random.nextInt(boundaries.length)];
    if (random.nextInt(4) == 0) {
      return b.plusSeconds(random.nextLong(-366L * 86_400, 366L * 86_400))
          .plusNanos(random.nextInt(1_000_000_000));
    }
    return b.plus(OFFSETS.get(random.nextInt(OFFSETS.size())));
  }

  /**
   * A uniformly random instant in {@code [from, to]}, at second precision (as in X.509).
   *
   * @param random the source of randomness
   * @param from the earliest
   * @param to the latest
   * @return the instant
   */
  public static Instant betweenSeconds(RandomGenerator random, Instant from, Instant to) {
    long a = from.getEpochSecond();
    long b = to.getEpochSecond();
    return Instant.ofEpochSecond(a + random.nextLong(b - a + 1));
  }
}
