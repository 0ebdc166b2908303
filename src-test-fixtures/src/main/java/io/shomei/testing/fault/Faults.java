package io.shomei.testing.fault;

import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.AuditLog;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CrlStore;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.LeaseStore;
import io.shomei.spi.OperatorStore;
import io.shomei.spi.Storage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Wraps any Shomei SPI ({@code Storage}, {@code CertificateStore}, {@code CredentialStore},
 * {@code DownloadTicketStore}, {@code AuditLog}, {@code KeyCustody}, or another interface) in a
 * proxy that counts its calls and injects the faults a {@link FaultPlan} selects.
 *
 * <p>A wrapped {@link Storage} wraps its member stores too, with the same plan: its
 * {@code certificateStore()} and the other accessors return wrapped stores (not counted as calls
 * themselves), and {@code Storage.commitAcquisition} is one call the plan can fail before or after
 * it took effect, like any other.
 *
 * <pre>{@code
 * FaultPlan plan = new FaultPlan();
 * CertificateStore certificates = Faults.wrap(CertificateStore.class, memory, plan);
 * KeyCustody custody = Faults.wrap(KeyCustody.class, TestCa.root("CA"), plan);
 * plan.failNth("KeyCustody.sign", 1, Fault.fail());          // a KeyCustodyException
 * plan.failNth("CertificateStore.record", 1, Fault.lostConnection());
 * }</pre>
 *
 * <p>The proxy forwards every interface method, default methods included, to the delegate's
 * implementation. {@code equals} is identity, {@code hashCode} the identity hash, and
 * {@code toString} names the delegate. Exceptions the delegate throws pass through unchanged.
 *
 * @since 0.1.0
 */
public final class Faults {
  private Faults() {}

  /**
   * A fault-injecting proxy for {@code delegate}.
   *
   * @param spi the interface to implement; its failures are {@link InjectedKeyCustodyException} for
   *     {@link KeyCustody} and {@link InjectedStorageException} for every other interface
   * @param delegate the implementation that does the work
   * @param plan decides which calls fail and counts them
   * @param <T> the interface type
   * @return the proxy
   * @throws IllegalArgumentException if {@code spi} is not an interface
   */
  public static <T> T wrap(Class<T> spi, T delegate, FaultPlan plan) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(plan, "plan");
    if (!spi.isInterface()) {
      throw new IllegalArgumentException(spi.getName() + " is not an interface");
    }
    if (spi == Storage.class) {
      return spi.cast(new WrappedStorage((Storage) delegate, plan));
    }
    InvocationHandler handler = new Handler(spi, delegate, plan);
    return spi.cast(Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi}, handler));
  }

  /**
   * Whether a failure is, or was caused by, an injected fault: looks at the exception, its causes
   * and their suppressed exceptions.
   *
   * @param failure the failure
   * @return {@code true} if an {@link Injected} exception is among them
   */
  public static boolean isInjected(Throwable failure) {
    return injectionIn(failure).isPresent();
  }

  /**
   * The injected exception in a failure's causes and suppressed exceptions, if any.
   *
   * @param failure the failure
   * @return the first injected exception found, depth first
   */
  public static Optional<Injected> injectionIn(Throwable failure) {
    return find(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static Optional<Injected> find(@Nullable Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return Optional.empty();
    }
    if (t instanceof Injected i) {
      return Optional.of(i);
    }
    for (Throwable s : t.getSuppressed()) {
      Optional<Injected> found = find(s, seen);
      if (found.isPresent()) {
        return found;
      }
    }
    return find(t.getCause(), seen);
  }

  /** A storage whose member stores and whose commit all go through one plan. */
  private static final class WrappedStorage implements Storage {
    private final Storage delegate;
    private final Storage commits;
    private final CertificateStore certificates;
    private final CredentialStore credentials;
    private final DownloadTicketStore tickets;
    private final AuditLog audit;
    private final CrlStore crls;
    private final LeaseStore leases;
    private final @Nullable OperatorStore operators;

    WrappedStorage(Storage delegate, FaultPlan plan) {
      this.delegate = delegate;
      this.commits = Storage.class.cast(Proxy.newProxyInstance(Storage.class.getClassLoader(),
          new Class<?>[] {Storage.class}, new Handler(Storage.class, delegate, plan)));
      this.certificates = wrap(CertificateStore.class, delegate.certificateStore(), plan);
      this.credentials = wrap(CredentialStore.class, delegate.credentialStore(), plan);
      this.tickets = wrap(DownloadTicketStore.class, delegate.downloadTicketStore(), plan);
      this.audit = wrap(AuditLog.class, delegate.auditLog(), plan);
      this.crls = wrap(CrlStore.class, delegate.crlStore(), plan);
      this.leases = wrap(LeaseStore.class, delegate.leaseStore(), plan);
      OperatorStore ops;
      try {
        ops = wrap(OperatorStore.class, delegate.operatorStore(), plan);
      } catch (UnsupportedOperationException e) {
        ops = null; // the delegate keeps no operators; neither does this storage
      }
      this.operators = ops;
    }

    @Override
    public CertificateStore certificateStore() {
      return certificates;
    }

    @Override
    public CredentialStore credentialStore() {
      return credentials;
    }

    @Override
    public DownloadTicketStore downloadTicketStore() {
      return tickets;
    }

    @Override
    public AuditLog auditLog() {
      return audit;
    }

    @Override
    public CrlStore crlStore() {
      return crls;
    }

    @Override
    public LeaseStore leaseStore() {
      return leases;
    }

    @Override
    public OperatorStore operatorStore() {
      OperatorStore ops = operators;
      if (ops == null) {
        throw new UnsupportedOperationException(delegate + " keeps no operators");
      }
      return ops;
    }

    @Override
    public CommitResult commitAcquisition(AcquisitionCommit commit) {
      return commits.commitAcquisition(commit);
    }

    @Override
    public String toString() {
      return "Faults.wrap(Storage, " + delegate + ")";
    }
  }

  private static final class Handler implements InvocationHandler {
    private final Class<?> spi;
    private final Object delegate;
    private final FaultPlan plan;

    Handler(Class<?> spi, Object delegate, FaultPlan plan) {
      this.spi = spi;
      this.delegate = delegate;
      this.plan = plan;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
        throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> args != null && proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> "Faults.wrap(" + spi.getSimpleName() + ", " + delegate + ")";
          default -> forward(method, args);
        };
      }
      FaultPlan.Entered entered = plan.enter(spi, method, args);
      Fault fault = entered.fault();
      if (fault == null) {
        return forward(method, args);
      }
      Call call = entered.call();
      switch (fault.kind()) {
        case BEFORE -> {
          Objects.requireNonNull(fault.action()).run();
          return forward(method, args);
        }
        case DELAY -> {
          pause(fault);
          return forward(method, args);
        }
        case FAIL -> throw failure(call, fault);
        case THROW -> throw Objects.requireNonNull(fault.exception()).apply(call);
        case TIMEOUT -> {
          pause(fault);
          throw failure(call, fault);
        }
        case LOST_CONNECTION -> {
          forward(method, args);
          throw failure(call, fault);
        }
        case TIMEOUT_AFTER_CALL -> {
          forward(method, args);
          pause(fault);
          throw failure(call, fault);
        }
      }
      throw new AssertionError(fault);
    }

    private @Nullable Object forward(Method method, @Nullable Object @Nullable [] args)
        throws Throwable {
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw cause == null ? e : cause;
      }
    }

    private RuntimeException failure(Call call, Fault fault) {
      return KeyCustody.class.isAssignableFrom(spi)
          ? new InjectedKeyCustodyException(call, fault.kind())
          : new InjectedStorageException(call, fault.kind());
    }

    private static void pause(Fault fault) {
      try {
        TimeUnit.NANOSECONDS.sleep(fault.waitTime().toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the caller sees the failure (or the call) at once
      }
    }
  }
}
