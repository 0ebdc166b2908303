package io.shomei.examples.console;

import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.Html;
import io.shomei.examples.web.http.HttpError;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.spi.CertificateStore;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The campaign dashboard: affected, re-acquired and pending per day for each campaign of the
 * active rule file, a chart drawn on the server as SVG ({@code /campaign.svg}) and a CSV export
 * ({@code /campaign.csv}). One scan of the certificate store ({@link Campaign}, the building block
 * the CLI's {@code campaign report} uses) feeds a {@link CampaignDashboard}; its series are kept
 * for a minute, so the page and its chart share one scan.
 */
final class CampaignPages {
  static final Duration KEEP = Duration.ofMinutes(1);

  private record Scan(Instant at, List<CampaignDashboard.Series> series) {}

  private final ConsolePages pages;
  private final ConsoleViews views;
  private final CertificateStore store;
  private final Supplier<RuleSet> rules;
  private final Clock clock;
  private @Nullable Scan last;

  CampaignPages(ConsolePages pages, ConsoleViews views, CertificateStore store,
      Supplier<RuleSet> rules, Clock clock) {
    this.pages = pages;
    this.views = views;
    this.store = store;
    this.rules = rules;
    this.clock = clock;
  }

  private synchronized List<CampaignDashboard.Series> series() {
    Instant now = clock.instant();
    Scan s = last;
    if (s != null && !now.isBefore(s.at()) && now.isBefore(s.at().plus(KEEP))) {
      return s.series();
    }
    CampaignDashboard dashboard = new CampaignDashboard(DataDir.ZONE);
    Campaign.scan(store, rules.get()).at(now).onAffected(dashboard).run();
    List<CampaignDashboard.Series> series =
        dashboard.series(LocalDate.ofInstant(now, DataDir.ZONE));
    last = new Scan(now, series);
    return series;
  }

  /** GET /campaign. */
  Response page(Request r) {
    ConsolePages.Operator op = pages.requireOperator(r);
    Messages.Bundle b = views.bundle(r);
    List<Html> sections = new ArrayList<>();
    for (CampaignDashboard.Series s : series()) {
      List<Html> rows = new ArrayList<>();
      List<CampaignDashboard.Day> days = s.days();
      // the table shows the newest fortnight; the chart and the CSV every day
      for (int i = Math.max(0, days.size() - 14); i < days.size(); i++) {
        CampaignDashboard.Day d = days.get(i);
        rows.add(views.fragment(r, "campaign-day", Map.of("date", d.date().toString(),
            "affected", d.affected(), "reacquired", d.reacquired(), "pending", d.pending())));
      }
      Map<String, Object> m = new HashMap<>();
      m.put("rule", s.ruleId());
      m.put("opens", s.opens().toString());
      m.put("affected", s.affected());
      m.put("reacquired", s.reacquired());
      m.put("revoked", s.revoked());
      m.put("pending", s.pending());
      m.put("rows", Html.join(rows));
      sections.add(views.fragment(r, "campaign", m));
    }
    Html notices = sections.isEmpty()
        ? views.notice(r, "info", b.text("campaign.none"), "NO_CAMPAIGN") : Html.EMPTY;
    return views.page(r, 200, "title.campaign", "/campaign", pages.operatorLine(r, op), notices,
        Html.join(sections));
  }

  /** GET /campaign.svg?rule=ID. */
  Response svg(Request r) {
    pages.requireOperator(r);
    String rule = r.query("rule");
    for (CampaignDashboard.Series s : series()) {
      if (s.ruleId().equals(rule)) {
        return Response.bytes(200, "image/svg+xml",
            CampaignDashboard.svg(s, s.ruleId()).getBytes(StandardCharsets.UTF_8))
            .header("Cache-Control", "no-store");
      }
    }
    throw new HttpError(404, "error.not-found", "no such campaign");
  }

  /** GET /campaign.csv. */
  Response csv(Request r) {
    pages.requireOperator(r);
    StringWriter out = new StringWriter();
    CampaignDashboard.csv(series(), out);
    return Response.bytes(200, "text/csv; charset=utf-8",
        out.toString().getBytes(StandardCharsets.UTF_8))
        .header("Content-Disposition", "attachment; filename=\"campaign.csv\"")
        .header("Cache-Control", "no-store");
  }
}
