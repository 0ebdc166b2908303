package io.shomei.core.migration;

import io.shomei.spi.RevocationReason;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state an imported certificate has in the inventory it comes from: {@link Active},
 * {@link Superseded} or {@link Revoked}.
 *
 * @since 0.1.0
 */
public sealed interface ImportStatus {

  /**
   * The certificate is in use: it becomes the active certificate of its account (subject to the
   * {@link ActiveConflictPolicy}).
   *
   * @return the status
   */
  static ImportStatus active() {
    return Active.INSTANCE;
  }

  /**
   * The certificate was replaced by a newer one of the same account.
   *
   * @return the status
   */
  static ImportStatus superseded() {
    return Superseded.INSTANCE;
  }

  /**
   * The certificate was revoked; its revocation date is taken as the import instant.
   *
   * @param reason the RFC 5280 reason
   * @return the status
   */
  static ImportStatus revoked(RevocationReason reason) {
    return new Revoked(reason, null);
  }

  /**
   * The certificate was revoked at a known instant.
   *
   * @param reason the RFC 5280 reason
   * @param revokedAt when it was revoked
   * @return the status
   */
  static ImportStatus revoked(RevocationReason reason, Instant revokedAt) {
    return new Revoked(reason, Objects.requireNonNull(revokedAt, "revokedAt"));
  }

  /**
   * In use. See {@link ImportStatus#active()}.
   *
   * @since 0.1.0
   */
  record Active() implements ImportStatus {
    static final Active INSTANCE = new Active();
  }

  /**
   * Replaced by a newer certificate of the same account. The store names a successor for every
   * SUPERSEDED certificate: the importer takes the account's active certificate, or else the
   * account's certificate with the latest {@code notBefore} after this one's; with neither, the
   * import is refused with {@link ImportRefusal#NO_SUCCESSOR} (import the successor first; the bulk
   * import retries such certificates after the others).
   *
   * @since 0.1.0
   */
  record Superseded() implements ImportStatus {
    static final Superseded INSTANCE = new Superseded();
  }

  /**
   * Revoked.
   *
   * @param reason the RFC 5280 reason
   * @param revokedAt when it was revoked, or {@code null} to use the import instant
   * @since 0.1.0
   */
  record Revoked(RevocationReason reason, @Nullable Instant revokedAt) implements ImportStatus {
    /** Checks the reason. */
    public Revoked {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
