package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.forwarded.ForwardedFormat;
import io.shomei.examples.web.http.EdgeLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge limits behind a proxy: every customer's connection comes from the proxy's address, so a
 * limit per connection address would be one limit for all customers together, and the proxy's
 * busiest ten minutes would lock everybody out. Behind a trusted proxy the limits count per client
 * address the proxy passes ({@code X-Forwarded-For}, which the shipped nginx and HAProxy
 * configurations set, replacing whatever the client sent); from anyone else the header counts for
 * nothing.
 */
class BehindProxyEdgeLimitsTest {
  private static final int SESSIONS = 3;
  private static final String SCREEN = "/" + io.shomei.examples.datadir.DataDir.FX_FORWARD + "/";

  @TempDir Path tmp;

  private WebFixture behindProxy() {
    return new WebFixture(tmp.resolve("data"), b -> b
        .behindProxy(new BehindProxy(ForwardedFormat.HAPROXY_BASE64_DER, List.of(Proxies.SOURCE)))
        .edgeLimits(new EdgeLimits(SESSIONS, 30, 10, Duration.ofMinutes(10), 1_000)));
  }

  @Test
  void customersBehindOneProxyDoNotShareOneSessionLimit() throws Exception {
    try (WebFixture web = behindProxy()) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 1; i <= SESSIONS + 2; i++) {
        statuses.add(newSession(web, Proxies.SOURCE, "198.51.100." + i));
      }
      assertThat(statuses).as("one new session for each of five customers behind the proxy")
          .containsOnly(200);
    }
  }

  @Test
  void oneCustomerBehindTheProxyStillMeetsTheLimit() throws Exception {
    try (WebFixture web = behindProxy()) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 1; i <= SESSIONS + 1; i++) {
        statuses.add(newSession(web, Proxies.SOURCE, "198.51.100.7"));
      }
      assertThat(statuses).containsExactly(200, 200, 200, 429);
    }
  }

  @Test
  void aForwardedForHeaderFromAnUntrustedPeerCountsForNothing() throws Exception {
    try (WebFixture web = behindProxy()) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 1; i <= SESSIONS + 1; i++) {
        statuses.add(newSession(web, "127.0.0.1", "198.51.100." + i));
      }
      assertThat(statuses).containsExactly(200, 200, 200, 429);
    }
  }

  @Test
  void aForwardedForThatIsNotOneAddressCountsAsTheProxy() throws Exception {
    try (WebFixture web = behindProxy()) {
      List<Integer> statuses = new ArrayList<>();
      for (String xff : List.of("198.51.100.1, 198.51.100.2", "localhost", "cafe", "")) {
        statuses.add(newSession(web, Proxies.SOURCE, xff));
      }
      // the four fall back to the proxy's own address, which has three new sessions
      assertThat(statuses).containsExactly(200, 200, 200, 429);
    }
  }

  /** GET of the login screen without a cookie (a new session) over plain HTTP from {@code from}. */
  private static int newSession(WebFixture web, String from, @Nullable String forwardedFor)
      throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), web.server.port()),
          5_000);
      s.setSoTimeout(15_000);
      String request = "GET " + SCREEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
          + "Connection: close\r\n\r\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        line.write(c);
      }
      String status = line.toString(StandardCharsets.US_ASCII);
      assertThat(status).startsWith("HTTP/1.1 ");
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
