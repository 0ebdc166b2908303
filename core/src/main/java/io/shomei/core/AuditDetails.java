package io.shomei.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A small builder of audit detail maps that skips absent values. Never give it a secret. */
final class AuditDetails {
  private final Map<String, String> map = new LinkedHashMap<>();

  private AuditDetails() {}

  /**
   * Starts an empty map.
   *
   * @return the builder
   */
  public static AuditDetails of() {
    return new AuditDetails();
  }

  /**
   * Adds a detail unless the value is {@code null}.
   *
   * @param key the key
   * @param value the value, or {@code null} to skip; {@code toString()} is used
   * @return this builder
   */
  public AuditDetails put(String key, @Nullable Object value) {
    if (value != null) {
      String s = value.toString();
      map.put(key, s.length() > 512 ? s.substring(0, 512) : s);
    }
    return this;
  }

  /**
   * The details.
   *
   * @return an immutable copy
   */
  public Map<String, String> build() {
    return Map.copyOf(map);
  }
}
