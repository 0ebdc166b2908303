package io.shomei.core.eligibility;

import io.shomei.spi.ShomeiException;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes affected certificates as CSV for a mail merge: RFC 4180 (comma separated, CRLF line ends,
 * fields with a comma, quote, CR or LF quoted, quotes doubled), a header row, one row per
 * certificate. Open the {@link Writer} as UTF-8. Instants are written in the given zone with their
 * offset ({@code 2021-02-24T00:00:00+09:00}), so they are unambiguous and read as the bank's local
 * time. A text field that a spreadsheet would evaluate as a formula gets a leading apostrophe.
 *
 * <p>Columns: {@link #HEADER}. Serials are lowercase hex; empty fields mean "none". New columns are
 * only ever appended ({@code conforming}, {@code true} or {@code false}, was the last one added).
 *
 * <p>Not thread-safe. Writes go straight to the writer; the caller buffers, flushes and closes it.
 *
 * @since 0.1.0
 */
public final class CampaignCsv implements Consumer<AffectedCertificate> {

  /** The column names, in order. */
  public static final List<String> HEADER = List.of("user_id", "service", "serial", "status",
      "not_before", "not_after", "verdict", "rule", "explanation_code", "explanation_url",
      "unusable_from", "reacquire_from", "reacquire_until", "progress", "successor_serial",
      "successor_recorded_at", "conforming");

  private final Writer out;
  private final DateTimeFormatter times;
  private long rows;

  private CampaignCsv(Writer out, ZoneId zone) {
    this.out = out;
    this.times = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
  }

  /**
   * A CSV writer; writes the header row at once.
   *
   * @param out where to write (UTF-8)
   * @param zone the zone to show instants in, for example {@code Asia/Tokyo}
   * @return the writer
   * @throws ExportException if writing fails
   */
  public static CampaignCsv to(Writer out, ZoneId zone) {
    CampaignCsv csv = new CampaignCsv(Objects.requireNonNull(out), Objects.requireNonNull(zone));
    csv.line(HEADER);
    return csv;
  }

  /**
   * Writes one row.
   *
   * @param a the affected certificate
   * @throws ExportException if writing fails
   */
  @Override
  public void accept(AffectedCertificate a) {
    line(List.of(a.account().userId(), a.account().service(), hex(a.serial()),
        a.status().name().toLowerCase(Locale.ROOT), time(a.notBefore()), time(a.notAfter()),
        a.verdict().name().toLowerCase(Locale.ROOT), a.rule().id(), a.rule().explanationCode(),
        a.explanationUrl() == null ? "" : String.valueOf(a.explanationUrl()),
        time(a.unusableFrom()), time(a.reacquireFrom()), time(a.reacquireUntil()),
        a.progress().name().toLowerCase(Locale.ROOT), hex(a.successor()),
        time(a.successorRecordedAt()), String.valueOf(a.conforming())));
    rows++;
  }

  /**
   * Rows written, not counting the header.
   *
   * @return the count
   */
  public long rows() {
    return rows;
  }

  private String time(@Nullable Instant t) {
    return t == null ? "" : times.format(t);
  }

  private static String hex(@Nullable BigInteger serial) {
    return serial == null ? "" : serial.toString(16);
  }

  private void line(List<String> fields) {
    StringBuilder b = new StringBuilder(256);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(Csv.field(fields.get(i)));
    }
    b.append("\r\n");
    try {
      out.write(b.toString());
    } catch (IOException e) {
      throw new ExportException("cannot write the campaign CSV", e);
    }
  }

  /**
   * Writing the CSV failed.
   *
   * @since 0.1.0
   */
  public static final class ExportException extends ShomeiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the I/O failure
     */
    public ExportException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
