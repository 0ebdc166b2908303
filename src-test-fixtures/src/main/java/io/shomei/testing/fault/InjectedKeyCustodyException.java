package io.shomei.testing.fault;

import io.shomei.spi.KeyCustodyException;

/**
 * A {@link KeyCustodyException} injected by a {@link FaultPlan}.
 *
 * @since 0.1.0
 */
public final class InjectedKeyCustodyException extends KeyCustodyException implements Injected {
  private static final long serialVersionUID = 1L;

  private final InjectedCall call;

  InjectedKeyCustodyException(Call call, Fault.Kind kind) {
    super(Injected.message(call, kind), null);
    this.call = new InjectedCall(call, kind);
  }

  @Override
  public String callName() {
    return call.name();
  }

  @Override
  public int callIndex() {
    return call.index();
  }

  @Override
  public Fault.Kind kind() {
    return call.kind();
  }

  @Override
  public boolean tookEffect() {
    return call.tookEffect();
  }
}
