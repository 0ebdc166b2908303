package io.shomei.spi;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception Shomei throws for an infrastructure failure or a broken invariant.
 *
 * <p>Expected business outcomes (a wrong password, a locked account, a certificate that is not yet
 * eligible for re-acquisition) are never exceptions: they are values of sealed result types. A
 * message of this type or of any subtype never contains a secret (a password, PKCS#12 bytes or key
 * material).
 *
 * @since 0.1.0
 */
public abstract class ShomeiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed, without any secret
   * @param cause the underlying failure, or {@code null}
   */
  protected ShomeiException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
