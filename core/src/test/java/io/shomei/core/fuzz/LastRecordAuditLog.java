package io.shomei.core.fuzz;

import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditRecord;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An audit log that keeps only its last record, so that millions of fuzzing executions do not fill
 * the heap; it still refuses an append that does not follow the last record. Not for anything but
 * fuzzing: it cannot be verified.
 */
final class LastRecordAuditLog implements AuditLog {
  private @Nullable AuditRecord last;

  @Override
  public synchronized Optional<AuditRecord> last() {
    return Optional.ofNullable(last);
  }

  @Override
  public synchronized AppendResult append(AuditRecord record) {
    AuditRecord l = last;
    long expected = l == null ? 1 : l.sequence() + 1;
    String previous = l == null ? AuditRecord.GENESIS_HASH : l.hash();
    if (record.sequence() != expected || !record.previousHash().equals(previous)) {
      return new AppendResult.Conflict(Optional.ofNullable(l));
    }
    last = record;
    return new AppendResult.Appended(record);
  }

  @Override
  public void forEach(long fromSequence, Consumer<? super AuditRecord> action) {
    throw new UnsupportedOperationException("a fuzzing audit log keeps only its last record");
  }
}
