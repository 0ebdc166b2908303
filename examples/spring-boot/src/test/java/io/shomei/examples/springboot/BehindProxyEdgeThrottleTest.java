package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a proxy, the per-address limit on password forms counts each client by the address the
 * trusted proxy passes in {@code X-Forwarded-For}: customers behind one proxy do not share the
 * proxy's one limit, and the header from anyone else counts for nothing. The proxy is played by
 * connections from 127.0.0.2 (the trusted peer), strangers connect from 127.0.0.1.
 */
@TestPropertySource(properties = {
    "server.ssl.enabled=false",
    "shomei.behind-proxy.format=haproxy",
    "shomei.behind-proxy.trusted-peers=127.0.0.2",
    "shomei.edge.per-source=3",
    "spring.datasource.url=jdbc:h2:mem:shomei-spring-proxy-edge-test;MODE=PostgreSQL;"
        + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class BehindProxyEdgeThrottleTest extends HostTestSupport {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern COOKIE =
      Pattern.compile("(?im)^Set-Cookie:\\s*([^=;\\s]+=[^;\\r\\n]*)");

  @Test
  void customersBehindOneProxyDoNotShareItsPasswordFormLimit() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      statuses.add(acquire(loopback(2), "198.51.100." + i, "2009000" + i));
    }
    assertThat(statuses).containsExactly(403, 403, 403, 403, 403);
  }

  @Test
  void aForwardedForHeaderFromAnUntrustedPeerCountsForNothing() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      statuses.add(acquire(loopback(1), "203.0.113." + i, "2010000" + i));
    }
    // one address, one limit of three forms
    assertThat(statuses).containsExactly(403, 403, 403, 429, 429);
  }

  /** One stranger's acquisition attempt (unknown user ID: 403 from Shomei, or 429 at the edge). */
  private int acquire(InetAddress from, String forwardedFor, String userId) throws IOException {
    String page = exchange(from, "GET /acquire HTTP/1.1\r\n" + headers(forwardedFor, "") + "\r\n");
    Matcher csrf = CSRF.matcher(page);
    Matcher cookie = COOKIE.matcher(page);
    assertThat(csrf.find()).as(page).isTrue();
    assertThat(cookie.find()).as(page).isTrue();
    String body = "_csrf=" + enc(csrf.group(1)) + "&service=" + FORWARD + "&userId=" + userId
        + "&password=Wrong-1234&acquisitionPassword=Wrong-5678";
    String answer = exchange(from, "POST /acquire HTTP/1.1\r\n"
        + headers(forwardedFor, "Cookie: " + cookie.group(1) + "\r\n")
        + "Content-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    return Integer.parseInt(answer.substring(9, 12));
  }

  private String headers(String forwardedFor, String more) {
    return "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\nX-Forwarded-For: " + forwardedFor
        + "\r\n" + more;
  }

  private String exchange(InetAddress from, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress(loopback(1), port), 10_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  /** 127.0.0.{@code last}, without any name lookup. */
  private static InetAddress loopback(int last) throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
