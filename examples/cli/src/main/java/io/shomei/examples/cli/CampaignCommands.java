package io.shomei.examples.cli;

import io.shomei.core.eligibility.AffectedCertificate;
import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.CampaignCsv;
import io.shomei.core.eligibility.CampaignProgress;
import io.shomei.core.eligibility.CampaignReport;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.eligibility.VerdictKind;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.CertificateStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei campaign ...}: re-acquisition campaigns. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
    description = "Re-acquisition campaigns.", subcommands = CampaignCommands.Report.class)
final class CampaignCommands {
  private CampaignCommands() {}

  /** {@code shomei campaign report}: scans every certificate, writes the affected ones as CSV. */
  @Command(name = "report", mixinStandardHelpOptions = true,
      description = {"Judges every stored certificate at one instant, prints the counts and writes"
          + " every affected certificate to --csv (RFC 4180, UTF-8, for a mail merge).",
          "Count keys: total, scanned, affected, done, pending, replaced-earlier, revoked,"
              + " non-conforming, non-conforming-pending, unreadable, and one per verdict kind (verdict-unaffected, verdict-affected-wait,"
              + " ...). A progress bar goes to standard error on a terminal."})
  static final class Report extends CliCommand {
    @Option(names = "--rules", paramLabel = "FILE",
        description = "The rule file (default: the data directory's active one).")
    @Nullable Path rules;

    @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
        description = "Judge as of this instant (ISO-8601 with offset) instead of now.")
    @Nullable Instant at;

    @Option(names = "--csv", required = true, paramLabel = "OUT",
        description = "Where to write the affected certificates (replaced if it exists).")
    Path csv = Path.of("");

    Report(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() throws IOException {
      Instant now = now(at);
      try (DataDir dir = open()) {
        RuleSet ruleSet = rules(dir, rules);
        CertificateStore store = dir.storage().certificateStore();
        long total = store.count();
        Path tmp = ReplacedFile.begin(csv);
        ProgressBar bar = ctx.terminal() ? new ProgressBar(ctx.err()) : null;
        CampaignReport report;
        long rows;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
          CampaignCsv rowsOut = CampaignCsv.to(w, DataDir.ZONE);
          Campaign.Builder scan = Campaign.scan(store, ruleSet).at(now).onAffected(rowsOut)
              .progressEvery((int) Math.max(1, Math.min(10_000, total / 100)));
          if (bar != null) {
            scan.listener(bar::show);
          }
          report = scan.run();
          rows = rowsOut.rows();
        }
        ReplacedFile.commit(tmp, csv);
        Map<AffectedCertificate.Progress, Long> progress = report.byProgress();
        out.kv("result", "done")
            .kv("evaluated-at", report.evaluatedAt())
            .kv("rules-file", rules != null ? rules : dir.rulesFile())
            .kv("total", report.total())
            .kv("scanned", report.scanned())
            .kv("affected", report.affected())
            .kv("done", report.done())
            .kv("pending", report.pending())
            .kv("replaced-earlier", progress.getOrDefault(AffectedCertificate.Progress.REPLACED_EARLIER, 0L))
            .kv("revoked", progress.getOrDefault(AffectedCertificate.Progress.REVOKED, 0L))
            .kv("non-conforming", report.nonConformingTotal())
            .kv("non-conforming-pending", report.nonConformingPending())
            .kv("unreadable", report.unreadable());
        for (VerdictKind k : VerdictKind.values()) {
          out.kv("verdict-" + Out.word(k), report.count(k));
        }
        out.kv("csv", csv).kv("csv-rows", rows);
        out.extra(String.format(Locale.ROOT, "Scanned %d certificates in %d ms.", report.scanned(),
            report.elapsed().toMillis()));
        return ShomeiCli.OK;
      }
    }
  }

  /**
   * A one-line progress bar redrawn with carriage returns, for a terminal: the bar, the percentage,
   * the count, the rate and the time left at that rate (ETA), or the time taken once finished.
   */
  static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;

    ProgressBar(PrintWriter err) {
      this.err = err;
    }

    void show(CampaignProgress p) {
      err.print("\r" + line(p));
      if (p.finished()) {
        err.println();
      }
      err.flush();
    }

    /** The bar's text for one report (four spaces after it cover a longer line before). */
    static String line(CampaignProgress p) {
      int filled = (int) Math.round(p.fraction() * WIDTH);
      String eta = p.finished() ? "in " + duration(p.elapsed())
          : p.remaining().map(d -> "ETA " + duration(d)).orElse("ETA --");
      String text = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
          + String.format(Locale.ROOT, "%3d%% %d/%d %,.0f/s %s", Math.round(p.fraction() * 100),
              p.scanned(), p.total(), p.perSecond(), eta);
      return text + "    ";
    }

    /** 1h02m03s, 2m03s or 3s. */
    static String duration(java.time.Duration d) {
      long s = Math.max(0, (d.toMillis() + 999) / 1000);
      if (s >= 3600) {
        return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
      }
      return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
  }
}
