package io.shomei.core.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The time left that {@link CampaignProgress#remaining()} estimates for an ETA. */
class CampaignProgressTest {
  @Test
  void theRestTakesAsLongAtTheRateSoFar() {
    // 250,000 of 1,000,000 in 10 s: 25,000/s, 750,000 left = 30 s
    CampaignProgress p = new CampaignProgress(250_000, 1_000_000, Duration.ofSeconds(10), false);
    assertThat(p.remaining()).contains(Duration.ofSeconds(30));
  }

  @Test
  void nothingScannedOrNoTimePassedGivesNoEstimate() {
    assertThat(new CampaignProgress(0, 1_000, Duration.ofSeconds(3), false).remaining()).isEmpty();
    assertThat(new CampaignProgress(10, 1_000, Duration.ZERO, false).remaining()).isEmpty();
  }

  @Test
  void aFinishedScanOrOneAtItsTotalHasNothingLeft() {
    assertThat(new CampaignProgress(1_000, 1_000, Duration.ofSeconds(2), false).remaining())
        .contains(Duration.ZERO);
    assertThat(new CampaignProgress(990, 1_000, Duration.ofSeconds(2), true).remaining())
        .contains(Duration.ZERO);
    // more rows than counted at the start (recorded meanwhile)
    assertThat(new CampaignProgress(1_010, 1_000, Duration.ofSeconds(2), false).remaining())
        .contains(Duration.ZERO);
    assertThat(new CampaignProgress(0, 0, Duration.ZERO, false).remaining())
        .contains(Duration.ZERO);
  }
}
