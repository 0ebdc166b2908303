package io.shomei.examples.console;

import io.shomei.core.eligibility.AffectedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The campaign dashboard's numbers: for each campaign, per day in the bank's zone from its first
 * day of re-acquisition to today, how many certificates it affects, how many were re-acquired that
 * day, and how many are still pending at the day's end. Fed the rows of one campaign scan
 * ({@code Campaign.scan(...).onAffected(dashboard)}), it keeps one counter per campaign and day,
 * never a row: memory grows with days, not with accounts.
 *
 * <p>Affected is what the scan saw: certificates replaced before the re-acquisition opened
 * ({@link AffectedCertificate.Progress#REPLACED_EARLIER}) are not counted, their successors are
 * judged on their own; revoked ones without a successor count as affected and never pending (an
 * operator handled them).
 */
public final class CampaignDashboard implements Consumer<AffectedCertificate> {
  /** The most days a series shows (the newest ones). */
  public static final int MAX_DAYS = 366;

  /**
   * One day of a campaign.
   *
   * @param date the day in the bank's zone
   * @param affected certificates the campaign affects
   * @param reacquired re-acquired on that day
   * @param pending still to re-acquire at the day's end
   */
  public record Day(LocalDate date, long affected, long reacquired, long pending) {}

  /**
   * One campaign's series.
   *
   * @param ruleId the campaign
   * @param opens the first day of re-acquisition
   * @param affected certificates affected
   * @param reacquired re-acquired so far
   * @param revoked revoked without a successor
   * @param pending still to re-acquire now
   * @param days the days from {@code opens} (or the newest {@value #MAX_DAYS}) to today
   */
  public record Series(String ruleId, LocalDate opens, long affected, long reacquired,
      long revoked, long pending, List<Day> days) {
    /** Copies the days. */
    public Series {
      days = List.copyOf(days);
    }
  }

  private static final class Counts {
    final LocalDate opens;
    long affected;
    long revoked;
    long reacquiredBeforeOpening;
    final TreeMap<LocalDate, Long> reacquired = new TreeMap<>();

    Counts(LocalDate opens) {
      this.opens = opens;
    }
  }

  private final ZoneId zone;
  private final Map<String, Counts> byRule = new LinkedHashMap<>();

  /**
   * An empty dashboard.
   *
   * @param zone the bank's zone (days are its calendar days)
   */
  public CampaignDashboard(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  @Override
  public synchronized void accept(AffectedCertificate row) {
    if (row.progress() == AffectedCertificate.Progress.REPLACED_EARLIER) {
      return;
    }
    Counts c = byRule.computeIfAbsent(row.rule().id(),
        id -> new Counts(LocalDate.ofInstant(row.reacquireFrom(), zone)));
    c.affected++;
    if (row.progress() == AffectedCertificate.Progress.REVOKED) {
      c.revoked++;
    } else if (row.progress() == AffectedCertificate.Progress.DONE) {
      Instant at = row.successorRecordedAt();
      LocalDate day = at == null ? c.opens : LocalDate.ofInstant(at, zone);
      if (day.isBefore(c.opens)) {
        c.reacquiredBeforeOpening++;
      } else {
        c.reacquired.merge(day, 1L, Long::sum);
      }
    }
  }

  /**
   * The series of every campaign seen, up to today.
   *
   * @param today the last day (the bank's calendar)
   * @return one series per campaign, in the order first seen
   */
  public synchronized List<Series> series(LocalDate today) {
    List<Series> out = new ArrayList<>();
    for (Map.Entry<String, Counts> e : byRule.entrySet()) {
      Counts c = e.getValue();
      LocalDate first = c.opens;
      if (first.plusDays(MAX_DAYS).isBefore(today)) {
        first = today.minusDays(MAX_DAYS - 1L);
      }
      long done = c.reacquiredBeforeOpening;
      for (Map.Entry<LocalDate, Long> d : c.reacquired.headMap(first).entrySet()) {
        done += d.getValue();
      }
      List<Day> days = new ArrayList<>();
      for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
        long that = c.reacquired.getOrDefault(d, 0L);
        done += that;
        days.add(new Day(d, c.affected, that, c.affected - c.revoked - done));
      }
      long all = c.reacquiredBeforeOpening;
      for (long n : c.reacquired.values()) {
        all += n;
      }
      out.add(new Series(e.getKey(), c.opens, c.affected, all, c.revoked,
          c.affected - c.revoked - all, days));
    }
    return out;
  }

  /**
   * Writes the series as CSV: {@code rule,date,affected,reacquired,pending}, one line a day.
   *
   * @param series the series
   * @param out where to
   * @throws UncheckedIOException if writing fails
   */
  public static void csv(List<Series> series, Writer out) {
    try {
      out.write("rule,date,affected,reacquired,pending\r\n");
      for (Series s : series) {
        for (Day d : s.days()) {
          out.write(s.ruleId() + "," + d.date() + "," + d.affected() + "," + d.reacquired() + ","
              + d.pending() + "\r\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One series as an SVG chart, drawn on the server: a bar per day for the day's re-acquisitions
   * (left scale) and a line for the pending count (right scale). Rule identifiers are the rule
   * file's identifiers ({@code [a-z0-9-]}); nothing else in it is text.
   *
   * @param s the series
   * @param title the chart's title (escaped here)
   * @return the SVG document
   */
  public static String svg(Series s, String title) {
    int width = 760;
    int height = 260;
    int left = 50;
    int right = 50;
    int top = 30;
    int bottom = 40;
    int plotW = width - left - right;
    int plotH = height - top - bottom;
    List<Day> days = s.days();
    long maxBar = 1;
    long maxPending = 1;
    for (Day d : days) {
      maxBar = Math.max(maxBar, d.reacquired());
      maxPending = Math.max(maxPending, Math.max(d.pending(), 0));
    }
    StringBuilder sb = new StringBuilder(4096 + days.size() * 160);
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
        .append(' ').append(height).append("\" role=\"img\" font-family=\"sans-serif\""
            + " font-size=\"11\">");
    sb.append("<title>").append(escape(title)).append("</title>");
    sb.append("<text x=\"").append(left).append("\" y=\"18\" font-size=\"13\">")
        .append(escape(title)).append("</text>");
    sb.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"")
        .append(plotW).append("\" height=\"").append(plotH)
        .append("\" fill=\"none\" stroke=\"#999\"/>");
    int n = Math.max(1, days.size());
    double step = (double) plotW / n;
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < days.size(); i++) {
      Day d = days.get(i);
      double barH = plotH * (double) d.reacquired() / maxBar;
      double x = left + i * step;
      if (d.reacquired() > 0) {
        sb.append("<rect class=\"reacquired\" x=\"").append(fmt(x + step * 0.1))
            .append("\" y=\"").append(fmt(top + plotH - barH)).append("\" width=\"")
            .append(fmt(Math.max(0.5, step * 0.8))).append("\" height=\"").append(fmt(barH))
            .append("\" fill=\"#2a7\"/>");
      }
      double y = top + plotH - plotH * (double) Math.max(d.pending(), 0) / maxPending;
      line.append(i == 0 ? "" : " ").append(fmt(x + step / 2)).append(',').append(fmt(y));
    }
    if (!days.isEmpty()) {
      sb.append("<polyline class=\"pending\" points=\"").append(line)
          .append("\" fill=\"none\" stroke=\"#c33\" stroke-width=\"2\"/>");
      sb.append("<text x=\"").append(left).append("\" y=\"").append(height - 22).append("\">")
          .append(days.get(0).date()).append("</text>");
      sb.append("<text x=\"").append(width - right).append("\" y=\"").append(height - 22)
          .append("\" text-anchor=\"end\">").append(days.get(days.size() - 1).date())
          .append("</text>");
    }
    sb.append("<text x=\"").append(left - 4).append("\" y=\"").append(top + 10)
        .append("\" text-anchor=\"end\" fill=\"#2a7\">").append(maxBar).append("</text>");
    sb.append("<text x=\"").append(width - right + 4).append("\" y=\"").append(top + 10)
        .append("\" fill=\"#c33\">").append(maxPending).append("</text>");
    sb.append("<text x=\"").append(left).append("\" y=\"").append(height - 6)
        .append("\" fill=\"#2a7\">\u25A0 re-acquired / day</text>");
    sb.append("<text x=\"").append(left + 200).append("\" y=\"").append(height - 6)
        .append("\" fill=\"#c33\">\u2014 pending</text>");
    sb.append("</svg>");
    return sb.toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  @Override
  public synchronized String toString() {
    return "CampaignDashboard[campaigns=" + byRule.keySet() + "]";
  }
}
