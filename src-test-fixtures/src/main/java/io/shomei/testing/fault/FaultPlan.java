package io.shomei.testing.fault;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which calls fail, and how; and how many calls of each method went through. One plan may serve
 * several wrapped SPIs ({@link Faults#wrap}), so a test arms faults across stores and key custody
 * in one place.
 *
 * <p>Rules are tried in the order they were armed; the first one that selects a call fires, and a
 * call gets at most one fault. A rule selects the calls its predicate matches, after letting
 * {@code skip} matching calls through, at most {@code times} times; then it is spent and removed.
 *
 * <pre>{@code
 * plan.failNth("CredentialStore.replace", 2, Fault.lostConnection());   // the 2nd replace from now
 * plan.failNext(Call.named("AuditLog.append")
 *     .and(c -> c.argument(0, AuditRecord.class).type().equals("CERTIFICATE_ISSUED")), Fault.fail());
 * plan.failEvery(Call.on(KeyCustody.class), Fault.timeout(Duration.ofMillis(50)));  // HSM gone
 * plan.clear();                                                        // healthy again
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class FaultPlan {
  /**
   * A fault that fired.
   *
   * @param call the call's name, {@code Interface.method}
   * @param index which call of that method it was, from 1
   * @param sequence which call through the plan it was, from 1
   * @param kind the fault
   * @since 0.1.0
   */
  public record Injection(String call, int index, long sequence, Fault.Kind kind) {
    /** Checks for nulls. */
    public Injection {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(kind, "kind");
    }
  }

  private static final class Rule {
    final Predicate<? super Call> which;
    final Fault fault;
    int skip;
    int times;

    Rule(Predicate<? super Call> which, int skip, int times, Fault fault) {
      this.which = which;
      this.skip = skip;
      this.times = times;
      this.fault = fault;
    }
  }

  /** A call as entered: counted, and the fault to apply, if any. */
  record Entered(Call call, @Nullable Fault fault) {}

  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, Integer> counts = new HashMap<>();
  private final List<Injection> injections = new ArrayList<>();
  private long total;

  /** A plan with no faults armed. */
  public FaultPlan() {}

  /**
   * Fails the {@code n}th call of a method from now on, once.
   *
   * @param method {@code Interface.method}, for example {@code CertificateStore.record}
   * @param n 1 for the next call, 2 for the one after it, ...
   * @param fault the fault
   * @return this plan
   * @throws IllegalArgumentException if {@code n < 1} or the name is not an SPI method
   */
  public FaultPlan failNth(String method, int n, Fault fault) {
    if (n < 1) {
      throw new IllegalArgumentException("n counts from 1");
    }
    return inject(Call.named(method), n - 1, 1, fault);
  }

  /**
   * Fails the next call that matches, once.
   *
   * @param which selects calls (see the factories on {@link Call})
   * @param fault the fault
   * @return this plan
   */
  public FaultPlan failNext(Predicate<? super Call> which, Fault fault) {
    return inject(which, 0, 1, fault);
  }

  /**
   * Fails every call that matches, until {@link #clear()}.
   *
   * @param which selects calls
   * @param fault the fault
   * @return this plan
   */
  public FaultPlan failEvery(Predicate<? super Call> which, Fault fault) {
    return inject(which, 0, Integer.MAX_VALUE, fault);
  }

  /**
   * Arms a rule: of the calls {@code which} matches, lets {@code skip} through, then applies
   * {@code fault} to the next {@code times}.
   *
   * @param which selects calls
   * @param skip matching calls to let through first, {@code >= 0}
   * @param times how many calls get the fault, {@code >= 1} ({@link Integer#MAX_VALUE}: until
   *     {@link #clear()})
   * @param fault the fault
   * @return this plan
   */
  public synchronized FaultPlan inject(
      Predicate<? super Call> which, int skip, int times, Fault fault) {
    Objects.requireNonNull(which, "which");
    Objects.requireNonNull(fault, "fault");
    if (skip < 0 || times < 1) {
      throw new IllegalArgumentException("skip >= 0 and times >= 1");
    }
    rules.add(new Rule(which, skip, times, fault));
    return this;
  }

  /** Removes every armed rule; counts and the injection log stay. */
  public synchronized void clear() {
    rules.clear();
  }

  /**
   * Whether any rule is still armed.
   *
   * @return {@code true} if a fault may still fire
   */
  public synchronized boolean armed() {
    return !rules.isEmpty();
  }

  /**
   * How often a method was called through this plan.
   *
   * @param method {@code Interface.method}
   * @return the count, 0 if never
   */
  public synchronized int calls(String method) {
    Call.checkName(method);
    return counts.getOrDefault(method, 0);
  }

  /**
   * Every method's call count.
   *
   * @return {@code Interface.method} to count, sorted by name (a copy)
   */
  public synchronized Map<String, Integer> callCounts() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /**
   * All calls through this plan.
   *
   * @return the count
   */
  public synchronized long totalCalls() {
    return total;
  }

  /**
   * The faults that fired, oldest first (a copy).
   *
   * @return the injections
   */
  public synchronized List<Injection> injections() {
    return List.copyOf(injections);
  }

  /** Forgets the call counts and the injection log; armed rules stay. */
  public synchronized void resetCounts() {
    counts.clear();
    injections.clear();
    total = 0;
  }

  synchronized Entered enter(Class<?> spi, Method method, @Nullable Object @Nullable [] args) {
    String name = spi.getSimpleName() + "." + method.getName();
    int index = counts.merge(name, 1, Integer::sum);
    total++;
    Call call = new Call(spi, method, args, index, total);
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      if (!r.which.test(call)) {
        continue;
      }
      if (r.skip > 0) {
        r.skip--;
        continue;
      }
      if (r.times != Integer.MAX_VALUE && --r.times == 0) {
        it.remove();
      }
      injections.add(new Injection(name, index, total, r.fault.kind()));
      return new Entered(call, r.fault);
    }
    return new Entered(call, null);
  }

  @Override
  public synchronized String toString() {
    return "FaultPlan[rules=" + rules.size() + ", calls=" + total + ", injected="
        + injections.size() + "]";
  }
}
