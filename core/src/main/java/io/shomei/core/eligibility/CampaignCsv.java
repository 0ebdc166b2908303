package io.shomei.core.eligibility;

import io.shomei.spi.CertificateStatus;
import io.shomei.spi.ShomeiException;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private final StringBuilder line = new StringBuilder(256);
  /** Per time column, the last instant written and its text: a campaign's own instants repeat. */
  private final @Nullable Instant[] lastInstant = new Instant[6];
  private final String[] lastText = new String[6];
  private long rows;

  private static final Map<CertificateStatus, String> STATUS =
      lowerCaseNames(CertificateStatus.class);
  private static final Map<VerdictKind, String> VERDICT = lowerCaseNames(VerdictKind.class);
  private static final Map<AffectedCertificate.Progress, String> PROGRESS =
      lowerCaseNames(AffectedCertificate.Progress.class);

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
    for (int i = 0; i < HEADER.size(); i++) {
      csv.field(i, HEADER.get(i));
    }
    csv.endLine();
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
    field(0, a.account().userId());
    field(1, a.account().service());
    field(2, hex(a.serial()));
    field(3, name(STATUS, a.status()));
    field(4, time(0, a.notBefore()));
    field(5, time(1, a.notAfter()));
    field(6, name(VERDICT, a.verdict()));
    field(7, a.rule().id());
    field(8, a.rule().explanationCode());
    field(9, a.explanationUrl() == null ? "" : String.valueOf(a.explanationUrl()));
    field(10, time(2, a.unusableFrom()));
    field(11, time(3, a.reacquireFrom()));
    field(12, time(4, a.reacquireUntil()));
    field(13, name(PROGRESS, a.progress()));
    field(14, hex(a.successor()));
    field(15, time(5, a.successorRecordedAt()));
    field(16, a.conforming() ? "true" : "false");
    endLine();
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

  private String time(int column, @Nullable Instant t) {
    if (t == null) {
      return "";
    }
    if (t.equals(lastInstant[column])) {
      return lastText[column];
    }
    String text = times.format(t);
    lastInstant[column] = t;
    lastText[column] = text;
    return text;
  }

  private static String hex(@Nullable BigInteger serial) {
    return serial == null ? "" : serial.toString(16);
  }

  private void field(int index, String value) {
    if (index > 0) {
      line.append(',');
    }
    Csv.append(line, value);
  }

  private void endLine() {
    line.append("\r\n");
    try {
      out.write(line.toString());
    } catch (IOException e) {
      throw new ExportException("cannot write the campaign CSV", e);
    } finally {
      line.setLength(0);
    }
  }

  private static <E extends Enum<E>> Map<E, String> lowerCaseNames(Class<E> type) {
    Map<E, String> names = new EnumMap<>(type);
    for (E v : type.getEnumConstants()) {
      names.put(v, v.name().toLowerCase(Locale.ROOT));
    }
    return names;
  }

  private static <E extends Enum<E>> String name(Map<E, String> names, E value) {
    return Objects.requireNonNull(names.get(value));
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
