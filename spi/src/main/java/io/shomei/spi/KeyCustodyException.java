package io.shomei.spi;

import org.jspecify.annotations.Nullable;

/**
 * Key custody could not produce a signature (the HSM session is gone, the token was removed, the key
 * is not usable for the algorithm, ...). Nothing was signed.
 *
 * @since 0.1.0
 */
public class KeyCustodyException extends ShomeiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a key-custody exception.
   *
   * @param message what failed, without any key material or PIN
   * @param cause the provider's exception, or {@code null}
   */
  public KeyCustodyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
