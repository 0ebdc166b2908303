package io.shomei.testing.fault;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What happens to a call a {@link FaultPlan} selects. The exception a failing fault throws is an
 * {@link InjectedStorageException} for a store and an {@link InjectedKeyCustodyException} for a
 * {@link io.shomei.spi.KeyCustody} (both {@link Injected}), unless {@link #throwing} names another.
 *
 * <ul>
 *   <li>{@link #fail()}: an exception at once; the delegate is not called.
 *   <li>{@link #timeout(Duration)}: an exception after a wait; the delegate is not called.
 *   <li>{@link #lostConnection()}: the delegate performs the call, then the caller gets an
 *       exception (the ambiguous commit).
 *   <li>{@link #timeoutAfterCall(Duration)}: the delegate performs the call, then the caller gets
 *       an exception after a wait (a reply that never came).
 *   <li>{@link #delay(Duration)}: a wait, then the normal call and result.
 *   <li>{@link #before(Runnable)}: an action, then the normal call and result.
 *   <li>{@link #throwing(java.util.function.Function)}: the given exception; the delegate is not
 *       called.
 * </ul>
 *
 * <p>Immutable.
 *
 * @since 0.1.0
 */
public final class Fault {
  /**
   * The kinds of fault.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** An exception before the call reaches the delegate. */
    FAIL,
    /** A wait, then an exception; the delegate is not called. */
    TIMEOUT,
    /** The delegate performs the call, then the caller gets an exception. */
    LOST_CONNECTION,
    /** The delegate performs the call, a wait, then the caller gets an exception. */
    TIMEOUT_AFTER_CALL,
    /** A wait, then the call proceeds normally. */
    DELAY,
    /** An action runs, then the call proceeds normally. */
    BEFORE,
    /** A caller-chosen exception before the call reaches the delegate. */
    THROW
  }

  private final Kind kind;
  private final Duration wait;
  private final @Nullable Runnable action;
  private final @Nullable Function<Call, ? extends RuntimeException> exception;

  private Fault(Kind kind, Duration wait, @Nullable Runnable action,
      @Nullable Function<Call, ? extends RuntimeException> exception) {
    this.kind = kind;
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative");
    }
    this.wait = wait;
    this.action = action;
    this.exception = exception;
  }

  /**
   * Throws before the call reaches the delegate: nothing happened.
   *
   * @return the fault
   */
  public static Fault fail() {
    return new Fault(Kind.FAIL, Duration.ZERO, null, null);
  }

  /**
   * Blocks for {@code wait}, then throws; the delegate is not called (the request never arrived).
   *
   * @param wait how long the call hangs
   * @return the fault
   */
  public static Fault timeout(Duration wait) {
    return new Fault(Kind.TIMEOUT, wait, null, null);
  }

  /**
   * Lets the delegate perform the call, then throws: the write took effect but the caller cannot
   * know it (the connection died after the commit). What {@link io.shomei.spi.StorageException}
   * allows for every atomic method.
   *
   * @return the fault
   */
  public static Fault lostConnection() {
    return new Fault(Kind.LOST_CONNECTION, Duration.ZERO, null, null);
  }

  /**
   * Lets the delegate perform the call, blocks for {@code wait}, then throws (the reply never came).
   *
   * @param wait how long the caller waits for the reply
   * @return the fault
   */
  public static Fault timeoutAfterCall(Duration wait) {
    return new Fault(Kind.TIMEOUT_AFTER_CALL, wait, null, null);
  }

  /**
   * Slows the call down: blocks for {@code wait}, then lets it through. Not a failure.
   *
   * @param wait the delay
   * @return the fault
   */
  public static Fault delay(Duration wait) {
    return new Fault(Kind.DELAY, wait, null, null);
  }

  /**
   * Runs {@code action} on the calling thread, then lets the call through; for example a concurrent
   * operation that must happen at exactly this point. Not a failure. The action may call the
   * wrapped SPIs again (it runs outside the plan's lock).
   *
   * @param action what to run first
   * @return the fault
   */
  public static Fault before(Runnable action) {
    return new Fault(Kind.BEFORE, Duration.ZERO, Objects.requireNonNull(action, "action"), null);
  }

  /**
   * Throws the exception {@code exception} makes for the call, before the call reaches the
   * delegate.
   *
   * @param exception makes the exception
   * @return the fault
   */
  public static Fault throwing(Function<Call, ? extends RuntimeException> exception) {
    return new Fault(Kind.THROW, Duration.ZERO, null,
        Objects.requireNonNull(exception, "exception"));
  }

  /**
   * The kind.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * How long the fault blocks the calling thread.
   *
   * @return the wait, zero if none
   */
  public Duration waitTime() {
    return wait;
  }

  /**
   * Whether the delegate performs the call under this fault.
   *
   * @return {@code true} for lost connection, timeout after the call, delay and before
   */
  public boolean reachesDelegate() {
    return kind == Kind.LOST_CONNECTION || kind == Kind.TIMEOUT_AFTER_CALL
        || kind == Kind.DELAY || kind == Kind.BEFORE;
  }

  /**
   * Whether the caller gets an exception under this fault.
   *
   * @return {@code false} only for delay and before
   */
  public boolean fails() {
    return kind != Kind.DELAY && kind != Kind.BEFORE;
  }

  @Nullable Runnable action() {
    return action;
  }

  @Nullable Function<Call, ? extends RuntimeException> exception() {
    return exception;
  }

  @Override
  public String toString() {
    return wait.isZero() ? "Fault." + kind : "Fault." + kind + "(" + wait.toMillis() + " ms)";
  }
}
