package io.shomei.examples.datadir;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DataDir#addIssuingCa} did: added the CA (and ended the window of the CA that issued
 * at the new one's start), or refused without writing anything.
 *
 * @since 0.2.0
 */
public sealed interface CaAddition {

  /**
   * The CA was added.
   *
   * @param added the new CA
   * @param ended the CA whose window now ends where the new one starts, or {@code null}
   * @since 0.2.0
   */
  record Added(StoredCa added, @Nullable StoredCa ended) implements CaAddition {
    /** Checks the arguments. */
    public Added {
      Objects.requireNonNull(added, "added");
    }
  }

  /**
   * Nothing was written.
   *
   * @param reason why
   * @param detail which CAs and instants, for an operator
   * @since 0.2.0
   */
  record Refused(Reason reason, String detail) implements CaAddition {
    /** Checks the arguments. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a CA was not added. */
  enum Reason {
    /** Another CA of the directory has the label. */
    LABEL_TAKEN,
    /**
     * The new CA's certificate, subject name or key ID is already one of the directory's CAs'
     * (the SDK tells its CAs apart by each).
     */
    SAME_CA,
    /** Two CAs would issue at the same instant. */
    WINDOWS_OVERLAP,
    /** At some instant no CA would issue. */
    WINDOWS_GAP
  }
}
