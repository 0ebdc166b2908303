package io.shomei.spi;

import org.jspecify.annotations.Nullable;

/**
 * A storage implementation could not complete an operation (connection lost, timeout, constraint the
 * implementation could not map to a typed outcome, ...).
 *
 * <p>When this is thrown from a method documented as atomic, the operation either took effect
 * completely or not at all; the caller may not know which, and must re-read before retrying.
 * Implementations wrap vendor exceptions (for example {@code SQLException}) in this type and never let
 * them through the SPI.
 *
 * @since 0.1.0
 */
public class StorageException extends ShomeiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a storage exception.
   *
   * @param message what failed, without any secret
   * @param cause the vendor exception, or {@code null}
   */
  public StorageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates a storage exception without a cause.
   *
   * @param message what failed, without any secret
   */
  public StorageException(String message) {
    super(message, null);
  }
}
