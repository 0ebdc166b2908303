package io.shomei.core.password;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bound on concurrent hash computations of one {@link PasswordHasher}: a fair semaphore, so
 * callers are served in arrival order, and a bounded wait, after which the caller gets
 * {@link HashingBusyException} instead of a queue that grows with the attack.
 */
final class HashingGate {
  private final int limit;
  private final Duration maxWait;
  private final Semaphore slots;

  HashingGate(int limit, Duration maxWait) {
    if (limit < 1) {
      throw new IllegalArgumentException("the concurrency limit must be at least 1");
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("the maximum wait must not be negative");
    }
    this.limit = limit;
    this.maxWait = maxWait;
    this.slots = new Semaphore(limit, true);
  }

  int limit() {
    return limit;
  }

  Duration maxWait() {
    return maxWait;
  }

  /** Slots free now (for tests and monitoring). */
  int available() {
    return slots.availablePermits();
  }

  /**
   * Takes a slot, waiting at most the maximum wait.
   *
   * @throws HashingBusyException if none became free in time, or the wait was interrupted (the
   *     interrupt flag is kept)
   */
  void enter() {
    boolean entered;
    try {
      entered = maxWait.isZero() ? slots.tryAcquire()
          : slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      entered = false;
    }
    if (!entered) {
      throw new HashingBusyException(
          maxWait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : maxWait);
    }
  }

  /** Gives back a slot taken by {@link #enter()}. */
  void exit() {
    slots.release();
  }

  @Override
  public String toString() {
    return "HashingGate[limit=" + limit + ", maxWait=" + maxWait + "]";
  }
}
