package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.eligibility.CampaignProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the campaign's terminal progress bar shows. */
class CampaignProgressBarTest {
  @Test
  void aRunningScanShowsItsShareRateAndEta() {
    String line = CampaignCommands.ProgressBar.line(
        new CampaignProgress(250_000, 1_000_000, Duration.ofSeconds(10), false));
    assertThat(line).startsWith("[########                      ]  25% 250000/1000000 25,000/s ETA 30s");
  }

  @Test
  void longEtasReadInMinutesAndHours() {
    assertThat(CampaignCommands.ProgressBar.line(
        new CampaignProgress(1_000, 1_000_000, Duration.ofSeconds(1), false)))
        .contains("ETA 16m39s");
    assertThat(CampaignCommands.ProgressBar.duration(Duration.ofSeconds(3_723)))
        .isEqualTo("1h02m03s");
  }

  @Test
  void beforeTheFirstCertificateTheEtaIsUnknown() {
    assertThat(CampaignCommands.ProgressBar.line(
        new CampaignProgress(0, 500, Duration.ZERO, false))).contains("0/500").contains("ETA --");
  }

  @Test
  void theLastReportGivesTheTimeTakenAndEndsTheLine() {
    StringWriter out = new StringWriter();
    new CampaignCommands.ProgressBar(new PrintWriter(out)).show(
        new CampaignProgress(500, 500, Duration.ofMillis(2_500), true));
    assertThat(out.toString()).startsWith("\r[##############################] 100% 500/500 200/s in 3s")
        .endsWith(System.lineSeparator());
  }
}
