package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.EdgeLimits;
import io.shomei.examples.web.http.SessionStore;
import io.shomei.spi.RevocationReason;
import java.net.HttpCookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attacks on the web host found in issue 18 (items 1, 9 and 14), each as a test. */
class WebAttackTest {
  private static final String FWD = DataDir.FX_FORWARD;
  private static @Nullable Path dir;
  private static @Nullable WebFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("shomei-web-attack");
    fixture = new WebFixture(dir.resolve("shomei-data"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static WebFixture fx() {
    return Objects.requireNonNull(fixture);
  }

  @Test
  void plantedSessionCannotDownloadTheCustomersCertificate() {
    WebFixture.Customer victim = fx().enroll(FWD);
    TestClient attacker = fx().anonymous();
    assertThat(attacker.get("/" + FWD + "/acquire").status()).isEqualTo(200);
    String planted = cookie(attacker, SessionStore.COOKIE);

    // the attacker gets its session id into the customer's browser, who then acquires
    TestClient customer = fx().anonymous();
    HttpCookie c = new HttpCookie(SessionStore.COOKIE, planted);
    c.setPath("/");
    c.setDomain(fx().server.uri().getHost()); // as the server's own Set-Cookie is stored
    c.setVersion(0);
    customer.jar().getCookieStore().add(fx().server.uri(), c);
    TestClient.Page done = fx().submitAcquisition(customer, FWD, victim.userId(),
        victim.temporaryPassword(), victim.acquisitionPassword());
    assertThat(done.location()).isEqualTo("/" + FWD + "/download");

    // the planted id holds nothing of it
    TestClient.Page page = attacker.get("/" + FWD + "/download");
    assertThat(page.body()).doesNotContain("id=\"download\"");
    TestClient.Page file = attacker.post("/" + FWD + "/download",
        TestClient.form("csrf", csrfOrEmpty(attacker)));
    assertThat(file.header("Content-Type")).isNotEqualTo("application/x-pkcs12");
    // and the customer still downloads it
    TestClient.Page mine = customer.get("/" + FWD + "/download");
    assertThat(customer.post("/" + FWD + "/download", TestClient.form("csrf", mine.csrf()))
        .header("Content-Type")).isEqualTo("application/x-pkcs12");
  }

  @Test
  void signedInSessionEndsWhenItsCertificateIsRevoked() {
    WebFixture.SignedIn in = fx().signIn(fx().enroll(FWD));
    fx().admin.operator("branch-7").revoke(in.serial(), RevocationReason.KEY_COMPROMISE);

    TestClient.Page home = in.client().get("/" + FWD + "/home");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.body()).as("the login page, not the landing page")
        .doesNotContain("/" + FWD + "/logout");
    assertThat(WebFixture.notices(home))
        .contains("info: " + WebFixture.text("ja", "login.session-ended"));
    assertThat(in.client().get("/" + FWD + "/home").status()).as("the session is gone")
        .isEqualTo(303);
  }

  @Test
  void strangersAcquisitionAttemptsAreThrottledPerUserIdAndPerAddress() {
    WebFixture.Customer victim = fx().enroll(FWD);
    EdgeLimits strict = new EdgeLimits(100, 6, 3, Duration.ofMinutes(10), 1000);
    try (WebServer small = WebServer.builder(fx().data).port(0).clock(fx().clock)
        .identity(fx().server.identity()).edgeLimits(strict).log(s -> { }).start()) {
      int[] statuses = new int[7];
      for (int i = 0; i < statuses.length; i++) {
        // a new visitor each time: a fresh session, the same address
        TestClient stranger = TestClient.anonymous(small.uri(), small.identity().caCertificate());
        TestClient.Page form = stranger.get("/" + FWD + "/acquire");
        String userId = i < 4 ? victim.userId() : "2" + (10_000_000 + i);
        statuses[i] = stranger.post("/" + FWD + "/acquire", TestClient.form("csrf", form.csrf(),
            "userId", userId, "password", "Wrong-1234", "acquisitionPassword", "Wrong-5678"))
            .status();
      }
      // three attempts for the victim's user ID reach the SDK; the fourth waits at the edge;
      // then other user IDs from the same address, until its six password forms are spent
      assertThat(statuses).containsExactly(303, 303, 303, 429, 303, 303, 429);
      fx().clock.advance(Duration.ofMinutes(10));
      TestClient later = TestClient.anonymous(small.uri(), small.identity().caCertificate());
      TestClient.Page form = later.get("/" + FWD + "/acquire");
      assertThat(later.post("/" + FWD + "/acquire", TestClient.form("csrf", form.csrf(),
          "userId", victim.userId(), "password", "Wrong-1234", "acquisitionPassword",
          "Wrong-5678")).status()).as("the limits earn back over time").isEqualTo(303);
    }
  }

  private static String cookie(TestClient c, String name) {
    return c.jar().getCookieStore().getCookies().stream().filter(k -> k.getName().equals(name))
        .map(HttpCookie::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name));
  }

  private static String csrfOrEmpty(TestClient c) {
    TestClient.Page p = c.get("/" + FWD + "/acquire");
    return p.csrf();
  }
}
