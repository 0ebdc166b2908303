package io.shomei.examples.web.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A server-side session: its CSRF token and typed attributes. The session id itself lives only in
 * the cookie and in {@link SessionStore}'s key (hashed); this object does not hold it.
 * Thread-safe: requests of the same session may run concurrently. In a store the nodes share
 * ({@link JdbcSessionStore}) every change is written through to the database at once, so the next
 * request sees it whichever node it reaches.
 */
public final class Session {
  private final String csrfToken;
  private final Instant createdAt;
  private Instant lastSeen;
  private final Map<Key<?>, Object> attributes = new HashMap<>();
  private final @Nullable WriteThrough rows;

  /** Where a shared session's changes go as they are made. */
  interface WriteThrough {
    void put(Key<?> key, Object value);

    void remove(Key<?> key);

    void clear();
  }

  Session(String csrfToken, Instant createdAt, @Nullable WriteThrough rows) {
    this.csrfToken = csrfToken;
    this.createdAt = createdAt;
    this.lastSeen = createdAt;
    this.rows = rows;
  }

  /**
   * A typed attribute name.
   *
   * @param name the name (for debugging)
   * @param type the value type
   * @param <T> the value type
   */
  public record Key<T>(String name, Class<T> type) {
    /** Checks for nulls. */
    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * The session's CSRF token, to put in every form as the hidden field {@code csrf}.
   *
   * @return the token
   */
  public String csrfToken() {
    return csrfToken;
  }

  /**
   * Compares a presented CSRF token with this session's, in constant time.
   *
   * @param presented the form's {@code csrf} field, or {@code null}
   * @return {@code true} if it matches
   */
  public boolean csrfMatches(@Nullable String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An attribute.
   *
   * @param key the key
   * @param <T> the value type
   * @return the value, or {@code null}
   */
  public synchronized <T> @Nullable T get(Key<T> key) {
    return key.type().cast(attributes.get(key));
  }

  /**
   * Sets an attribute.
   *
   * @param key the key
   * @param value the value
   * @param <T> the value type
   */
  public synchronized <T> void put(Key<T> key, T value) {
    T checked = key.type().cast(Objects.requireNonNull(value, "value"));
    if (rows != null) {
      rows.put(key, checked);
    }
    attributes.put(key, checked);
  }

  /**
   * Removes an attribute.
   *
   * @param key the key
   * @param <T> the value type
   * @return the old value, or {@code null}
   */
  public synchronized <T> @Nullable T remove(Key<T> key) {
    if (rows != null) {
      rows.remove(key);
    }
    return key.type().cast(attributes.remove(key));
  }

  /**
   * Whether the session holds no attribute (an anonymous visitor's).
   *
   * @return {@code true} if empty
   */
  public synchronized boolean isEmpty() {
    return attributes.isEmpty();
  }

  /** Removes every attribute. */
  public synchronized void clear() {
    if (rows != null) {
      rows.clear();
    }
    attributes.clear();
  }

  /** Fills an attribute read from the shared store (no write back). */
  synchronized void load(Key<?> key, Object value) {
    attributes.put(key, key.type().cast(value));
  }

  synchronized Map<Key<?>, Object> attributes() {
    return new HashMap<>(attributes);
  }

  synchronized void putAll(Map<Key<?>, Object> values) {
    attributes.putAll(values);
  }

  Instant createdAt() {
    return createdAt;
  }

  synchronized Instant lastSeen() {
    return lastSeen;
  }

  synchronized void touch(Instant now) {
    lastSeen = now;
  }

  @Override
  public String toString() {
    return "Session[createdAt=" + createdAt + ", attributes=" + attributes().keySet().size() + "]";
  }
}
