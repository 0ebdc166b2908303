package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Strangers' acquisition attempts are limited at the edge, per user ID and per address (issue 18,
 * item 1, the host's part), before Shomei counts anything.
 */
@TestPropertySource(properties = {"shomei.edge.per-source=4", "shomei.edge.per-user=2"})
class EdgeThrottleTest extends HostTestSupport {

  @Test
  void strangersAcquisitionAttemptsAreThrottledPerUserIdAndPerAddress() {
    Browser stranger = browser();
    assertThat(stranger.get("/acquire").status()).isEqualTo(200);
    List<Integer> statuses = new ArrayList<>();
    List<String> userIds = List.of("20018201", "20018201", "20018201", "20018202", "20018203");
    for (String userId : userIds) {
      Browser.Page p = stranger.post("/acquire", Map.of("service", FORWARD, "userId", userId,
          "password", "Wrong-1234", "acquisitionPassword", "Wrong-5678"));
      statuses.add(p.status());
      if (p.status() == 429) {
        assertThat(p.headers().firstValue("Retry-After")).isPresent();
        assertThat(p.refusal()).hasValue("TOO_MANY_REQUESTS/");
      }
    }
    // two attempts for one user ID reach Shomei (refused: unknown), the third waits at the edge;
    // the address's fourth form goes through, its fifth waits
    assertThat(statuses).containsExactly(403, 403, 429, 403, 429);
  }
}
