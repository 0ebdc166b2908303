package io.shomei.examples.datadir;

import org.jspecify.annotations.Nullable;

/**
 * A data directory cannot be created or opened: it is missing, already exists, is in use by another
 * process, or its contents are damaged. The message says which, and never carries a secret.
 *
 * @since 0.1.0
 */
public final class DataDirException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for an operator
   * @param cause the underlying failure, if any
   */
  public DataDirException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
