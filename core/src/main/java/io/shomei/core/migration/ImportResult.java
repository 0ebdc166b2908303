package io.shomei.core.migration;

import io.shomei.spi.CertificateRecord;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of one import: {@link Imported}, {@link Duplicate} or {@link Refused}.
 *
 * @since 0.1.0
 */
public sealed interface ImportResult {

  /**
   * The certificate was recorded.
   *
   * @param record the stored record: ACTIVE, SUPERSEDED (also an ACTIVE request that a newer active
   *     certificate of the account outranked), REVOKED, or, only after a lost race with a concurrent
   *     import of a newer certificate for the same account, ISSUED; {@link CertificateRecord#conforming()}
   *     is {@code false} for a subject the mapping policy does not map
   * @param superseded the previously active certificate this import superseded, or {@code null}
   * @since 0.1.0
   */
  record Imported(CertificateRecord record, @Nullable CertificateRecord superseded)
      implements ImportResult {
    /** Checks for nulls. */
    public Imported {
      Objects.requireNonNull(record, "record");
    }
  }

  /**
   * The same certificate (same SHA-256 fingerprint) is already recorded; nothing changed. Importing
   * an inventory twice gives this for every certificate the first run imported.
   *
   * @param existing the stored record
   * @since 0.1.0
   */
  record Duplicate(CertificateRecord existing) implements ImportResult {
    /** Checks for nulls. */
    public Duplicate {
      Objects.requireNonNull(existing, "existing");
    }
  }

  /**
   * Not imported; nothing changed.
   *
   * @param reason the typed reason
   * @param detail an English explanation for the operator; it carries no secret
   * @since 0.1.0
   */
  record Refused(ImportRefusal reason, String detail) implements ImportResult {
    /** Checks for nulls. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
