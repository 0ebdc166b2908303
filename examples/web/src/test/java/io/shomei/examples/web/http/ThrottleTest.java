package io.shomei.examples.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleTest {
  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

  @Test
  void aKeySpendsItsBurstThenEarnsItBackOverThePeriod() {
    Throttle t = new Throttle(3, Duration.ofMinutes(3), 100, clock);
    assertThat(t.tryAcquire("a")).isTrue();
    assertThat(t.tryAcquire("a")).isTrue();
    assertThat(t.tryAcquire("a")).isTrue();
    assertThat(t.tryAcquire("a")).isFalse();
    assertThat(t.tryAcquire("b")).as("keys are separate").isTrue();
    clock.advance(Duration.ofSeconds(59));
    assertThat(t.tryAcquire("a")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.tryAcquire("a")).as("one token a minute").isTrue();
    assertThat(t.tryAcquire("a")).isFalse();
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(t.tryAcquire("a")).isTrue();
    }
    assertThat(t.tryAcquire("a")).as("never more than the burst").isFalse();
  }

  @Test
  void theTableForgetsTheLeastRecentlyUsedKeyBeyondItsSize() {
    Throttle t = new Throttle(1, Duration.ofHours(1), 2, clock);
    assertThat(t.tryAcquire("a")).isTrue();
    assertThat(t.tryAcquire("b")).isTrue();
    assertThat(t.tryAcquire("c")).isTrue(); // "a" is forgotten
    assertThat(t.tryAcquire("c")).isFalse();
    assertThat(t.tryAcquire("a")).as("a forgotten key starts full").isTrue();
  }

  @Test
  void aClockThatGoesBackEarnsNothing() {
    Throttle t = new Throttle(1, Duration.ofMinutes(1), 10, clock);
    assertThat(t.tryAcquire("a")).isTrue();
    clock.advance(Duration.ofMinutes(-5));
    assertThat(t.tryAcquire("a")).isFalse();
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new Throttle(0, Duration.ofMinutes(1), 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Throttle(1, Duration.ZERO, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EdgeLimits(1, 1, 0, Duration.ofMinutes(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
