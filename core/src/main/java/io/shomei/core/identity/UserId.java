package io.shomei.core.identity;

import org.jspecify.annotations.Nullable;

/**
 * A user ID that passed the configured {@link UserIdPolicy}: the only way to get one is
 * {@link UserIdPolicy#parse(String)} (or {@link UserIdPolicy#userId(String)} for trusted text), so
 * code that holds a {@code UserId} never checks its syntax again. Parse once, at the boundary where
 * the text comes in: a form, a certificate's CN, a command line, an import file.
 *
 * <p>Compared exactly as a string (leading zeros are significant). Not a secret: {@link #toString()}
 * is the value.
 *
 * @since 0.2.0
 */
public final class UserId {
  private final String value;

  UserId(String value) {
    this.value = value;
  }

  /**
   * The user ID as the policy accepted it.
   *
   * @return the text, unchanged
   */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof UserId u && value.equals(u.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
