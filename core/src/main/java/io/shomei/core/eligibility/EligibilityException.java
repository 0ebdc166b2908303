package io.shomei.core.eligibility;

import io.shomei.spi.ShomeiException;
import org.jspecify.annotations.Nullable;

/**
 * A rule needed a fact from a certificate's DER (issuer, policy, key, signature algorithm) and the
 * stored DER could not be parsed. The stored record is broken; no verdict can be given. A campaign
 * scan counts such certificates as unreadable and carries on.
 *
 * @since 0.1.0
 */
public final class EligibilityException extends ShomeiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed (serial and rule, never certificate contents)
   * @param cause the parse failure, or {@code null}
   */
  public EligibilityException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
