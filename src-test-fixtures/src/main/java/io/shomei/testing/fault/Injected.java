package io.shomei.testing.fault;

/**
 * Implemented by the exceptions a {@link FaultPlan} injects, so a test can tell an injected
 * failure from a real one ({@link Faults#isInjected(Throwable)}).
 *
 * @since 0.1.0
 */
public interface Injected {
  /**
   * The call that failed.
   *
   * @return {@code Interface.method}
   */
  String callName();

  /**
   * Which call of that method it was.
   *
   * @return the per-method count, from 1
   */
  int callIndex();

  /**
   * The fault that was injected.
   *
   * @return the kind
   */
  Fault.Kind kind();

  /**
   * Whether the delegate performed the call before the exception (lost connection, timeout after
   * the call): the write took effect.
   *
   * @return {@code true} if the call took effect
   */
  boolean tookEffect();

  /**
   * The message for an injected exception; names the call, never its arguments.
   *
   * @param call the call
   * @param kind the fault
   * @return the message
   */
  static String message(Call call, Fault.Kind kind) {
    String what = switch (kind) {
      case FAIL, THROW -> "failure before";
      case TIMEOUT -> "timeout before";
      case LOST_CONNECTION -> "lost connection after";
      case TIMEOUT_AFTER_CALL -> "timeout after";
      case DELAY, BEFORE -> "no failure in";
    };
    return "injected " + what + " " + call.name() + " #" + call.index();
  }
}
