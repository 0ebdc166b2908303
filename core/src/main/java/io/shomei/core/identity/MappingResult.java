package io.shomei.core.identity;

import java.util.Objects;

/**
 * Outcome of mapping a certificate subject to a user ID: {@link Mapped} or {@link Refused}.
 *
 * @since 0.1.0
 */
public sealed interface MappingResult {

  /**
   * The subject names exactly one user.
   *
   * @param userId the user ID, exactly as encoded in the certificate (already checked against the
   *     {@link UserIdPolicy})
   * @since 0.1.0
   */
  record Mapped(String userId) implements MappingResult {
    /** Checks that the user ID is present. */
    public Mapped {
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * The subject does not name a user.
   *
   * @param reason the typed reason
   * @param detail an English explanation for logs and support staff; it never repeats attribute
   *     values from the certificate, so it is safe to log
   * @since 0.1.0
   */
  record Refused(MappingRefusal reason, String detail) implements MappingResult {
    /** Checks that both parts are present. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
