package io.shomei.examples.web.http;

import org.jspecify.annotations.Nullable;

/**
 * How a session's attributes become bytes in the shared store ({@link JdbcSessionStore}) and back.
 * The pages define it for their own attribute types; the store knows none of them.
 */
public interface SessionCodec {
  /**
   * The key of an attribute name.
   *
   * @param name a {@link Session.Key#name()}
   * @return the key, or {@code null} for a name this version does not know (the row is ignored)
   */
  Session.@Nullable Key<?> key(String name);

  /**
   * Encodes a value.
   *
   * @param key its key
   * @param value the value, of {@code key}'s type
   * @return the bytes
   */
  byte[] encode(Session.Key<?> key, Object value);

  /**
   * Decodes a value.
   *
   * @param key its key
   * @param bytes what {@link #encode} gave
   * @return the value, of {@code key}'s type
   * @throws IllegalArgumentException if the bytes do not decode
   */
  Object decode(Session.Key<?> key, byte[] bytes);
}
