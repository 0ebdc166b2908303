package io.shomei.examples.web.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A token bucket per key (a source address, a user ID): each key may spend {@code burst} at once
 * and earns one more every {@code period / burst}. The table holds at most {@code maxKeys} keys and
 * forgets the least recently used first, so it cannot grow with the attack; a forgotten key starts
 * again with a full bucket, which costs an attacker nothing it did not already have.
 *
 * <p>Thread-safe. Time comes from the clock, so tests move it instead of sleeping.
 */
public final class Throttle {
  private final int burst;
  private final Duration period;
  private final int maxKeys;
  private final Clock clock;
  private final Map<String, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    Instant at;

    Bucket(double tokens, Instant at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  /**
   * A throttle.
   *
   * @param burst what one key may spend at once, and earns back per {@code period}
   * @param period the time a key needs to earn back a whole burst
   * @param maxKeys the most keys remembered
   * @param clock the clock
   */
  public Throttle(int burst, Duration period, int maxKeys, Clock clock) {
    if (burst < 1 || maxKeys < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("burst, maxKeys and period must be positive");
    }
    this.burst = burst;
    this.period = period;
    this.maxKeys = maxKeys;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > Throttle.this.maxKeys;
      }
    };
  }

  /**
   * Spends one token of a key.
   *
   * @param key the key
   * @return {@code true} if the key had one; {@code false} if it must wait
   */
  public synchronized boolean tryAcquire(String key) {
    Instant now = clock.instant();
    Bucket b = buckets.get(key);
    if (b == null) {
      b = new Bucket(burst, now);
      buckets.put(key, b);
    } else if (now.isAfter(b.at)) {
      double earned = (double) Duration.between(b.at, now).toNanos() / period.toNanos() * burst;
      b.tokens = Math.min(burst, b.tokens + earned);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "Throttle[" + burst + " per " + period + ", maxKeys=" + maxKeys + "]";
  }
}
