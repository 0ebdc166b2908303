package io.shomei.core.audit;

/**
 * Result of walking the audit chain.
 *
 * @since 0.1.0
 */
public sealed interface ChainVerification {

  /**
   * Whether the chain verified.
   *
   * @return {@code true} for {@link Intact}
   */
  default boolean intact() {
    return this instanceof Intact;
  }

  /**
   * Every record links to its predecessor and its hash matches its content.
   *
   * @param records how many records were checked
   * @param lastHash the hash of the last record (keep it elsewhere to detect truncation later)
   * @param unkeyed how many records, at the start of the chain, are protected by a plain SHA-256
   *     chain only (written before the trail was keyed, or by an unkeyed trail): anyone who can
   *     write the database could have rewritten those and recomputed their hashes. A keyed trail
   *     accepts unkeyed records only before its first keyed one; an {@link AuditAnchor} kept
   *     outside the database covers them too.
   */
  record Intact(long records, String lastHash, long unkeyed) implements ChainVerification {
    /** Checks the counts. */
    public Intact {
      if (records < 0 || unkeyed < 0 || unkeyed > records) {
        throw new IllegalArgumentException("need 0 <= unkeyed <= records");
      }
    }

    /**
     * An intact chain of unkeyed records (the 0.1 form).
     *
     * @param records how many records were checked
     * @param lastHash the hash of the last record
     */
    public Intact(long records, String lastHash) {
      this(records, lastHash, records);
    }

    /**
     * The anchor of the last record, to keep outside the database.
     *
     * @return the anchor
     * @since 0.2.0
     */
    public AuditAnchor anchor() {
      return new AuditAnchor(records, lastHash);
    }
  }

  /**
   * The first break found.
   *
   * @param sequence the sequence where the break was found
   * @param reason what is wrong
   */
  record Broken(long sequence, Reason reason) implements ChainVerification {}

  /** Kinds of break. */
  enum Reason {
    /** A record's content does not match its hash (or keyed tag): it was edited. */
    CONTENT_CHANGED,
    /** A record does not name the previous record's hash: a record before it was edited or removed. */
    LINK_BROKEN,
    /** Sequences are not consecutive: a record was deleted. */
    SEQUENCE_GAP,
    /**
     * The chain ends before the anchor the caller kept: records at its end were deleted.
     */
    TRUNCATED,
    /**
     * The chain holds the anchor's sequence, but with another hash: the records up to there were
     * rewritten (and their chain recomputed) since the anchor was kept.
     *
     * @since 0.2.0
     */
    REWRITTEN,
    /**
     * A record after the first keyed one carries only a plain SHA-256 hash: it was written by
     * someone without the key (a rewrite of the trail's end).
     *
     * @since 0.2.0
     */
    NOT_KEYED
  }
}
