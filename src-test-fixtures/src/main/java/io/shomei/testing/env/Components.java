package io.shomei.testing.env;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards for tests that need real components.
 *
 * <p>On a workstation without the component the test is skipped with a message naming the Debian
 * package to install. Under CI (environment variable {@code CI=true}) a missing component fails the
 * test instead, so a green CI run means the real-component tests really ran.
 *
 * @since 0.1.0
 */
public final class Components {
  private Components() {}

  /**
   * What a guard decided for a test.
   *
   * @since 0.1.0
   */
  public sealed interface Verdict {
    /** Every component is installed: run the test. */
    record Run() implements Verdict {}

    /**
     * Something is missing and this is not a CI run: skip the test.
     *
     * @param message why, naming the Debian packages to install
     */
    record Skip(String message) implements Verdict {
      /**
       * Validates the message.
       *
       * @param message why, naming the Debian packages to install
       */
      public Skip {
        Objects.requireNonNull(message, "message");
      }
    }

    /**
     * Something is missing under CI: fail the test.
     *
     * @param message why, naming the Debian packages to install
     */
    record Fail(String message) implements Verdict {
      /**
       * Validates the message.
       *
       * @param message why, naming the Debian packages to install
       */
      public Fail {
        Objects.requireNonNull(message, "message");
      }
    }
  }

  /**
   * Whether this run is a CI run ({@code CI=true} in the environment, case-insensitive).
   *
   * @return {@code true} under CI
   */
  public static boolean underCi() {
    return underCi(System.getenv());
  }

  /**
   * Whether an environment describes a CI run ({@code CI=true}, case-insensitive).
   *
   * @param environment the environment variables
   * @return {@code true} under CI
   */
  public static boolean underCi(Map<String, String> environment) {
    return "true".equalsIgnoreCase(environment.get("CI"));
  }

  /**
   * Decides what a guard does; a pure function of its arguments.
   *
   * @param needed the components a test needs
   * @param installed tells whether a component is installed
   * @param ci whether this is a CI run
   * @return {@link Verdict.Run} when nothing is missing, else {@link Verdict.Fail} under CI and
   *     {@link Verdict.Skip} otherwise; the message names every missing component and its package
   */
  public static Verdict verdict(
      List<Component> needed, Predicate<Component> installed, boolean ci) {
    List<Component> missing = new ArrayList<>();
    for (Component c : needed) {
      if (!missing.contains(c) && !installed.test(c)) {
        missing.add(c);
      }
    }
    if (missing.isEmpty()) {
      return new Verdict.Run();
    }
    StringBuilder message = new StringBuilder();
    if (ci) {
      message.append("CI=true but ");
    }
    for (int i = 0; i < missing.size(); i++) {
      Component c = missing.get(i);
      message.append(i == 0 ? "" : "; ").append(c).append(" is not installed (missing one of ")
          .append(c.paths()).append(")");
    }
    message.append(": install the Debian package");
    message.append(missing.size() == 1 ? " " : "s ");
    for (int i = 0; i < missing.size(); i++) {
      message.append(i == 0 ? "" : ", ").append('\'').append(missing.get(i).debianPackage())
          .append('\'');
    }
    message.append(" (scripts/test.sh does this when run as root)");
    return ci ? new Verdict.Fail(message.toString()) : new Verdict.Skip(message.toString());
  }

  /**
   * Skips (or, under CI, fails) the calling test unless every component is installed.
   *
   * @param components what the test needs
   */
  public static void require(Component... components) {
    Verdict v = verdict(Arrays.asList(components), Component::isInstalled, underCi());
    if (v instanceof Verdict.Fail f) {
      Assertions.fail(f.message());
    } else if (v instanceof Verdict.Skip s) {
      Assumptions.abort(s.message());
    }
  }
}
