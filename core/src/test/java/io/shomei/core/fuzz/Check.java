package io.shomei.core.fuzz;

import org.jspecify.annotations.Nullable;

/** Cheap property checks for fuzz targets (a failed check is a finding). */
final class Check {
  private Check() {}

  static void that(boolean property, String what) {
    if (!property) {
      throw new AssertionError("property violated: " + what);
    }
  }

  static void that(boolean property, String what, @Nullable Object detail) {
    if (!property) {
      throw new AssertionError("property violated: " + what + " (" + detail + ")");
    }
  }
}
