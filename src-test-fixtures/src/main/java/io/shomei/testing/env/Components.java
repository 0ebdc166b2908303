package io.shomei.testing.env;

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
   * Whether this run is a CI run ({@code CI=true} in the environment).
   *
   * @return {@code true} under CI
   */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Skips (or, under CI, fails) the calling test unless every component is installed.
   *
   * @param components what the test needs
   */
  public static void require(Component... components) {
    for (Component c : components) {
      if (!c.isInstalled()) {
        String message = c + " is not installed (missing one of " + c.paths()
            + "): install the Debian package '" + c.debianPackage()
            + "' (scripts/test.sh does this when run as root)";
        if (underCi()) {
          Assertions.fail("CI=true but " + message);
        }
        Assumptions.abort(message);
      }
    }
  }
}
