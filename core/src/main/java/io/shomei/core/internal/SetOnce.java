package io.shomei.core.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The set-once check every builder in core shares: a second call to a setter is a bug. */
public final class SetOnce {
  private SetOnce() {}

  /**
   * Returns {@code value} if nothing was set before.
   *
   * @param current the field's current value ({@code null} while unset)
   * @param value the new value (not {@code null})
   * @param name the setter's name, for the message
   * @param <T> the value type
   * @return {@code value}
   * @throws IllegalStateException if {@code current} is not {@code null}
   */
  public static <T> T once(@Nullable Object current, T value, String name) {
    once(current, name);
    return Objects.requireNonNull(value, name);
  }

  /**
   * Checks that nothing was set before.
   *
   * @param current the field's current value ({@code null} while unset)
   * @param name the setter's name, for the message
   * @throws IllegalStateException if {@code current} is not {@code null}
   */
  public static void once(@Nullable Object current, String name) {
    once(current != null, name);
  }

  /**
   * Checks that nothing was set before.
   *
   * @param alreadySet whether the setter ran before
   * @param name the setter's name, for the message
   * @throws IllegalStateException if {@code alreadySet}
   */
  public static void once(boolean alreadySet, String name) {
    if (alreadySet) {
      throw new IllegalStateException(name + " already set");
    }
  }
}
