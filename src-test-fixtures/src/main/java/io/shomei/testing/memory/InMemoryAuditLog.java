package io.shomei.testing.memory;

import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A strict in-memory {@link AuditLog}: appends are a compare-and-set on the tail (sequence and
 * previous hash). Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryAuditLog implements AuditLog {
  private final List<AuditRecord> records = new ArrayList<>();

  /** An empty log. */
  public InMemoryAuditLog() {}

  @Override
  public synchronized Optional<AuditRecord> last() {
    return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
  }

  @Override
  public synchronized AppendResult append(AuditRecord record) {
    Optional<AuditRecord> last = last();
    long expectedSeq = last.map(r -> r.sequence() + 1).orElse(1L);
    String expectedPrev = last.map(AuditRecord::hash).orElse(AuditRecord.GENESIS_HASH);
    if (record.sequence() != expectedSeq || !record.previousHash().equals(expectedPrev)) {
      return new AppendResult.Conflict(last);
    }
    records.add(record);
    return new AppendResult.Appended(record);
  }

  @Override
  public void forEach(long fromSequence, Consumer<? super AuditRecord> action) {
    int i = (int) Math.max(0, fromSequence - 1);
    while (true) {
      AuditRecord r;
      synchronized (this) {
        if (i >= records.size()) {
          return;
        }
        r = records.get(i);
      }
      action.accept(r);
      i++;
    }
  }

  /**
   * Replaces a stored record without any check: for tests of tamper detection only.
   *
   * @param sequence the sequence of the record to overwrite
   * @param forged the record to put in its place
   */
  public synchronized void tamper(long sequence, AuditRecord forged) {
    records.set((int) sequence - 1, forged);
  }

  /**
   * Deletes a stored record without any check: for tests of tamper detection only.
   *
   * @param sequence the sequence of the record to delete
   */
  public synchronized void delete(long sequence) {
    records.remove((int) sequence - 1);
  }
}
