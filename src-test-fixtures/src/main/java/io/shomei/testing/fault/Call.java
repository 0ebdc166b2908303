package io.shomei.testing.fault;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One call through a wrapped SPI, as a {@link FaultPlan} sees it when it decides whether to inject
 * a fault.
 *
 * <p>A call is named {@code Interface.method}, for example {@code CertificateStore.activate}.
 *
 * @since 0.1.0
 */
public final class Call {
  /** The state-changing methods of each Shomei SPI; {@code KeyCustody.sign} produces a signature. */
  private static final Map<String, Set<String>> WRITES = Map.of(
      "CertificateStore", Set.of("record", "activate", "revoke"),
      "CredentialStore", Set.of("create", "replace", "update"),
      "DownloadTicketStore", Set.of("put", "take", "deleteForCertificate", "deleteExpired"),
      "AuditLog", Set.of("append"),
      "KeyCustody", Set.of("sign"),
      "Storage", Set.of("commitAcquisition"));

  /** Every method of each Shomei SPI, to catch misspelt names. */
  private static final Map<String, Set<String>> METHODS = Map.of(
      "CertificateStore", Set.of("record", "activate", "revoke", "findBySerial",
          "findAllBySerial", "findByFingerprint", "findActive", "findByAccount", "count", "forEach"),
      "CredentialStore", Set.of("create", "find", "accountsOf", "replace", "update"),
      "DownloadTicketStore", Set.of("put", "find", "findByAccount", "take",
          "deleteForCertificate", "deleteExpired"),
      "AuditLog", Set.of("last", "append", "forEach"),
      "KeyCustody", Set.of("certificateChain", "certificate", "publicKey",
          "signatureAlgorithms", "sign"),
      "Storage", Set.of("certificateStore", "credentialStore", "downloadTicketStore", "auditLog",
          "commitAcquisition"));

  private final Class<?> spi;
  private final Method method;
  private final @Nullable Object[] arguments;
  private final int index;
  private final long sequence;

  Call(Class<?> spi, Method method, @Nullable Object @Nullable [] arguments, int index,
      long sequence) {
    this.spi = spi;
    this.method = method;
    this.arguments = arguments == null ? new Object[0] : arguments.clone();
    this.index = index;
    this.sequence = sequence;
  }

  /**
   * The wrapped interface.
   *
   * @return the SPI type, for example {@code CertificateStore.class}
   */
  public Class<?> spi() {
    return spi;
  }

  /**
   * The method name.
   *
   * @return for example {@code activate}
   */
  public String method() {
    return method.getName();
  }

  /**
   * The call's name.
   *
   * @return {@code Interface.method}, for example {@code CertificateStore.activate}
   */
  public String name() {
    return spi.getSimpleName() + "." + method.getName();
  }

  /**
   * Which call of this method this is, counted by the plan from 1 (since it was created or its
   * counts were reset).
   *
   * @return the per-method count, 1 for the first call
   */
  public int index() {
    return index;
  }

  /**
   * Which call of any method through the plan this is, counted from 1.
   *
   * @return the global count
   */
  public long sequence() {
    return sequence;
  }

  /**
   * How many arguments the call has.
   *
   * @return the count
   */
  public int argumentCount() {
    return arguments.length;
  }

  /**
   * One argument, cast to its type.
   *
   * @param i the position, from 0
   * @param type the expected type
   * @param <T> the type
   * @return the argument
   * @throws ClassCastException if it is not of that type
   * @throws NullPointerException if it is {@code null}
   */
  public <T> T argument(int i, Class<T> type) {
    return type.cast(Objects.requireNonNull(arguments[i], "argument " + i + " is null"));
  }

  /**
   * Whether the call changes state (or, for {@code KeyCustody.sign}, produces a signature).
   *
   * @return {@code true} for a write
   */
  public boolean isWrite() {
    return WRITES.getOrDefault(spi.getSimpleName(), Set.of()).contains(method.getName());
  }

  /**
   * Calls with this name.
   *
   * @param name {@code Interface.method}, for example {@code CertificateStore.activate}
   * @return the predicate
   * @throws IllegalArgumentException if the name is malformed, or names a Shomei SPI method that
   *     does not exist
   */
  public static Predicate<Call> named(String name) {
    checkName(name);
    return c -> c.name().equals(name);
  }

  /**
   * Calls through one interface.
   *
   * @param spi the interface
   * @return the predicate
   */
  public static Predicate<Call> on(Class<?> spi) {
    Objects.requireNonNull(spi, "spi");
    return c -> c.spi == spi;
  }

  /**
   * Calls that change state ({@link #isWrite()}).
   *
   * @return the predicate
   */
  public static Predicate<Call> writes() {
    return Call::isWrite;
  }

  /**
   * Every call.
   *
   * @return the predicate
   */
  public static Predicate<Call> any() {
    return c -> true;
  }

  /**
   * The names of every method of the six Shomei SPIs.
   *
   * @return {@code Interface.method} names, sorted
   */
  public static List<String> spiMethodNames() {
    return METHODS.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(m -> e.getKey() + "." + m))
        .sorted().toList();
  }

  static void checkName(String name) {
    int dot = name.indexOf('.');
    if (dot <= 0 || dot == name.length() - 1 || name.indexOf('.', dot + 1) >= 0) {
      throw new IllegalArgumentException("a call name is Interface.method, not '" + name + "'");
    }
    Set<String> known = METHODS.get(name.substring(0, dot));
    if (known != null && !known.contains(name.substring(dot + 1))) {
      throw new IllegalArgumentException("no method " + name + "; the methods are " + known);
    }
  }

  @Override
  public String toString() {
    return name() + " #" + index + " (" + Arrays.stream(method.getParameterTypes())
        .map(Class::getSimpleName).toList() + ")";
  }
}
