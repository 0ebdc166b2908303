package io.shomei.testing.fault;

import java.io.Serializable;
import java.util.Objects;

/**
 * What an injected exception says about itself ({@link Injected}), kept once for both exception
 * types (which must extend their own SPI exception).
 *
 * @param name the call's {@code Interface.method}
 * @param index which call of that method it was, from 1
 * @param kind the fault that was injected
 */
record InjectedCall(String name, int index, Fault.Kind kind) implements Serializable {
  private static final long serialVersionUID = 1L;

  InjectedCall {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  InjectedCall(Call call, Fault.Kind kind) {
    this(call.name(), call.index(), kind);
  }

  /** Whether the delegate performed the call before the exception. */
  boolean tookEffect() {
    return kind == Fault.Kind.LOST_CONNECTION || kind == Fault.Kind.TIMEOUT_AFTER_CALL;
  }
}
