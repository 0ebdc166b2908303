package io.shomei.spi;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Append-only storage of the audit trail.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>{@link #append} is a compare-and-set on the tail: it succeeds only if the record's sequence is
 *       the last sequence + 1 (1 for an empty log) and its previous hash is the last record's hash
 *       ({@link AuditRecord#GENESIS_HASH} for an empty log). Concurrent appends are thus serialized;
 *       the loser re-reads the tail and retries.
 *   <li>Records are never changed or deleted through this interface.
 *   <li>Every method is safe to call from many threads at once.
 * </ul>
 *
 * @since 0.1.0
 */
public interface AuditLog {

  /**
   * The last record.
   *
   * @return the record with the highest sequence, or empty for an empty log
   */
  Optional<AuditRecord> last();

  /**
   * Appends a record if it continues the tail.
   *
   * @param record the record
   * @return {@link AppendResult.Appended} or {@link AppendResult.Conflict}
   * @throws StorageException on infrastructure failure
   */
  AppendResult append(AuditRecord record);

  /**
   * Visits records in ascending sequence from {@code fromSequence}, in constant memory.
   *
   * @param fromSequence the first sequence to visit (1 for all)
   * @param action called once per record
   * @throws StorageException on infrastructure failure
   */
  void forEach(long fromSequence, Consumer<? super AuditRecord> action);

  /**
   * Outcome of {@link #append}.
   *
   * @since 0.1.0
   */
  sealed interface AppendResult {
    /**
     * Appended.
     *
     * @param record the stored record
     */
    record Appended(AuditRecord record) implements AppendResult {}

    /**
     * The record does not continue the tail; nothing changed.
     *
     * @param last the current last record, or empty for an empty log
     */
    record Conflict(Optional<AuditRecord> last) implements AppendResult {}
  }
}
