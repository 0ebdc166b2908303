package io.shomei.testing.fault;

import io.shomei.spi.StorageException;

/**
 * A {@link StorageException} injected by a {@link FaultPlan}.
 *
 * @since 0.1.0
 */
public final class InjectedStorageException extends StorageException implements Injected {
  private static final long serialVersionUID = 1L;

  private final String callName;
  private final int callIndex;
  private final Fault.Kind kind;

  InjectedStorageException(Call call, Fault.Kind kind) {
    super(Injected.message(call, kind), null);
    this.callName = call.name();
    this.callIndex = call.index();
    this.kind = kind;
  }

  @Override
  public String callName() {
    return callName;
  }

  @Override
  public int callIndex() {
    return callIndex;
  }

  @Override
  public Fault.Kind kind() {
    return kind;
  }

  @Override
  public boolean tookEffect() {
    return kind == Fault.Kind.LOST_CONNECTION || kind == Fault.Kind.TIMEOUT_AFTER_CALL;
  }
}
