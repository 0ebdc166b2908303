package io.shomei.core.audit;

/**
 * Result of walking the audit hash chain.
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
   */
  record Intact(long records, String lastHash) implements ChainVerification {}

  /**
   * The first break found.
   *
   * @param sequence the sequence where the break was found
   * @param reason what is wrong
   */
  record Broken(long sequence, Reason reason) implements ChainVerification {}

  /** Kinds of break. */
  enum Reason {
    /** A record's content does not match its hash: it was edited. */
    CONTENT_CHANGED,
    /** A record does not name the previous record's hash: a record before it was edited or removed. */
    LINK_BROKEN,
    /** Sequences are not consecutive: a record was deleted. */
    SEQUENCE_GAP,
    /** The chain is shorter than, or differs from, the anchor the caller kept. */
    TRUNCATED
  }
}
