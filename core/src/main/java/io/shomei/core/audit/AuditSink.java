package io.shomei.core.audit;

import io.shomei.spi.AuditRecord;
import java.io.IOException;

/**
 * Where {@link AuditTrail#export} sends records: a JSON lines file ({@link #jsonLines}), a syslog
 * server ({@link SyslogTcpAuditSink}), or a host's own.
 *
 * @since 0.2.0
 */
public interface AuditSink {
  /**
   * Takes one record; records arrive in ascending sequence.
   *
   * @param record the record
   * @throws IOException if it cannot be passed on
   */
  void write(AuditRecord record) throws IOException;

  /**
   * Pushes every record written so far to its destination. The exporter calls it before it hands
   * out a new cursor: a record is counted as exported once the flush after it returned.
   *
   * @throws IOException if they cannot be pushed
   */
  void flush() throws IOException;

  /**
   * A sink writing one {@link AuditJson#line} and a line feed per record.
   *
   * @param out where the lines go (the caller closes it)
   * @return the sink
   */
  static AuditSink jsonLines(Appendable out) {
    java.util.Objects.requireNonNull(out, "out");
    return new AuditSink() {
      @Override
      public void write(AuditRecord record) throws IOException {
        out.append(AuditJson.line(record)).append('\n');
      }

      @Override
      public void flush() throws IOException {
        if (out instanceof java.io.Flushable f) {
          f.flush();
        }
      }
    };
  }
}
