package io.shomei.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.eligibility.AffectedCertificate;
import io.shomei.core.eligibility.ReacquisitionRule;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.eligibility.VerdictKind;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStatus;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The dashboard's counts per day in the bank's zone, its CSV and its SVG. */
class CampaignDashboardTest {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final ReacquisitionRule NOTICE = (ReacquisitionRule) RuleSet.parse("""
      shomei-rules 1
      zone = Asia/Tokyo
      [campaign notice-2021-fx-forward]
      service = fx-forward
      validity-start <= 2020-11-11
      unusable-from = 2021-02-24
      reacquire-from = 2021-02-24
      explanation-code = CA_STANDARD_CHANGE_2021
      """, "test").rules().get(0);

  private static AffectedCertificate row(int n, AffectedCertificate.Progress progress,
      String successorAt) {
    CertificateStatus status = switch (progress) {
      case PENDING -> CertificateStatus.ACTIVE;
      case DONE, REPLACED_EARLIER -> CertificateStatus.SUPERSEDED;
      case REVOKED -> CertificateStatus.REVOKED;
    };
    boolean replaced = progress == AffectedCertificate.Progress.DONE
        || progress == AffectedCertificate.Progress.REPLACED_EARLIER;
    return new AffectedCertificate(new AccountKey(String.valueOf(10_000_000 + n), "fx-forward"),
        BigInteger.valueOf(1000 + n), status, Instant.parse("2020-06-01T00:00:00Z"),
        Instant.parse("2022-06-01T00:00:00Z"), VerdictKind.ELIGIBLE_NOW, NOTICE, progress,
        replaced ? BigInteger.valueOf(5000 + n) : null,
        replaced ? Instant.parse(successorAt) : null);
  }

  @Test
  void countsEachDayInJapanTimeAndCarriesPendingDown() {
    CampaignDashboard d = new CampaignDashboard(TOKYO);
    // 2021-02-24 15:30 UTC is 2021-02-25 00:30 in Tokyo: counted on the 25th
    d.accept(row(1, AffectedCertificate.Progress.DONE, "2021-02-24T15:30:00Z"));
    d.accept(row(2, AffectedCertificate.Progress.DONE, "2021-02-24T01:00:00Z"));
    d.accept(row(3, AffectedCertificate.Progress.DONE, "2021-02-26T01:00:00Z"));
    d.accept(row(4, AffectedCertificate.Progress.PENDING, ""));
    d.accept(row(5, AffectedCertificate.Progress.REVOKED, ""));
    // replaced before the campaign opened: its successor is judged on its own
    d.accept(row(6, AffectedCertificate.Progress.REPLACED_EARLIER, "2021-01-10T01:00:00Z"));
    List<CampaignDashboard.Series> all = d.series(LocalDate.of(2021, 2, 27));
    assertThat(all).hasSize(1);
    CampaignDashboard.Series s = all.get(0);
    assertThat(s.ruleId()).isEqualTo("notice-2021-fx-forward");
    assertThat(s.opens()).isEqualTo(LocalDate.of(2021, 2, 24));
    assertThat(List.of(s.affected(), s.reacquired(), s.revoked(), s.pending()))
        .containsExactly(5L, 3L, 1L, 1L);
    assertThat(s.days()).containsExactly(
        new CampaignDashboard.Day(LocalDate.of(2021, 2, 24), 5, 1, 3),
        new CampaignDashboard.Day(LocalDate.of(2021, 2, 25), 5, 1, 2),
        new CampaignDashboard.Day(LocalDate.of(2021, 2, 26), 5, 1, 1),
        new CampaignDashboard.Day(LocalDate.of(2021, 2, 27), 5, 0, 1));

    StringWriter csv = new StringWriter();
    CampaignDashboard.csv(all, csv);
    assertThat(csv.toString()).startsWith("rule,date,affected,reacquired,pending\r\n")
        .contains("notice-2021-fx-forward,2021-02-25,5,1,2\r\n");
  }

  @Test
  void theChartIsWellFormedSvgWithABarPerDayOfReacquisitionsAndTheTitleEscaped()
      throws Exception {
    CampaignDashboard d = new CampaignDashboard(TOKYO);
    for (int i = 0; i < 30; i++) {
      d.accept(row(i, i % 3 == 0 ? AffectedCertificate.Progress.PENDING
          : AffectedCertificate.Progress.DONE, "2021-03-0" + (1 + i % 9) + "T01:00:00Z"));
    }
    CampaignDashboard.Series s = d.series(LocalDate.of(2021, 3, 31)).get(0);
    String svg = CampaignDashboard.svg(s, "<script>&");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("script").getLength()).isZero();
    assertThat(svg).contains("&lt;script&gt;&amp;");
    int bars = 0;
    var rects = doc.getElementsByTagName("rect");
    for (int i = 0; i < rects.getLength(); i++) {
      if ("reacquired".equals(rects.item(i).getAttributes().getNamedItem("class") == null ? null
          : rects.item(i).getAttributes().getNamedItem("class").getNodeValue())) {
        bars++;
      }
    }
    // re-acquisitions on 2, 3, 5, 6, 8 and 9 March (i % 3 != 0 gives i % 9 in {1, 2, 4, 5, 7, 8})
    assertThat(bars).isEqualTo(6);
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(1);
  }

  @Test
  void aLongCampaignShowsItsNewestDaysOnly() {
    CampaignDashboard d = new CampaignDashboard(TOKYO);
    d.accept(row(1, AffectedCertificate.Progress.DONE, "2021-03-01T01:00:00Z"));
    d.accept(row(2, AffectedCertificate.Progress.PENDING, ""));
    CampaignDashboard.Series s = d.series(LocalDate.of(2026, 12, 6)).get(0);
    assertThat(s.days()).hasSize(CampaignDashboard.MAX_DAYS);
    assertThat(s.days().get(0).pending()).isEqualTo(1);
    assertThat(s.days().get(s.days().size() - 1).date()).isEqualTo(LocalDate.of(2026, 12, 6));
  }
}
