package io.shomei.core.password;

/**
 * Which of an account's two passwords an attempt was for. Each has its own failure counter and lock.
 *
 * @since 0.1.0
 */
public enum PasswordKind {
  /** The login password (temporary or permanent). */
  LOGIN,
  /** The certificate acquisition password. */
  ACQUISITION
}
