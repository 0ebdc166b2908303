package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.EdgeLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load tests of the web host (issue 18, items 4 and 10), small enough for every test run: bounded
 * in count and time, on loopback addresses only (the attack comes from 127.0.0.2 and up, the
 * customer from 127.0.0.1), printing their numbers. Each shows a customer still answered during
 * the attack. Sizes: system properties {@code shomei.load.slow} and {@code shomei.load.sources}.
 */
class WebLoadTest {
  private static final String FWD = DataDir.FX_FORWARD;

  @Test
  void slowClientsCannotStarveTheServer(@TempDir Path dir) throws Exception {
    int slow = Integer.getInteger("shomei.load.slow", 16);
    try (WebFixture fx = new WebFixture(dir.resolve("data"))) {
      SSLContext tls = RawHttps.trusting(fx.server.identity().caCertificate());
      int port = fx.server.port();
      ExecutorService pool = Executors.newFixedThreadPool(slow);
      List<Future<Long>> closedAfter = new ArrayList<>();
      for (int i = 0; i < slow; i++) {
        String from = "127.0.0." + (2 + i % 8);
        closedAfter.add(pool.submit(() -> slowRequest(tls, from, port)));
      }
      Thread.sleep(1_000); // every slow client has finished TLS and started its headers

      List<Long> customerMillis = new ArrayList<>();
      List<Integer> customerStatus = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long t = System.nanoTime();
        try (RawHttps customer = new RawHttps(tls, "127.0.0.1", port)) {
          customerStatus.add(customer.get("/" + FWD + "/"));
        } catch (IOException e) {
          customerStatus.add(-1);
        }
        customerMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
        Thread.sleep(500);
      }
      List<Long> closed = new ArrayList<>();
      for (Future<Long> f : closedAfter) {
        closed.add(f.get(30, TimeUnit.SECONDS));
      }
      pool.shutdownNow();
      Collections.sort(closed);
      System.out.printf("slow clients: %d connections sending headers at one line a second; "
              + "the server closed them after %s ms (-1: never, within 12 s); "
              + "a customer meanwhile: status %s in %s ms%n",
          slow, closed, customerStatus, customerMillis);

      assertThat(customerStatus).as("the customer is answered during the attack")
          .containsOnly(200);
      assertThat(customerMillis).allSatisfy(ms -> assertThat(ms).isLessThan(4_000));
      assertThat(closed).as("a slow client is cut off at the header deadline")
          .allSatisfy(ms -> assertThat(ms).isBetween(1L, 9_000L));
    }
  }

  /** Starts a request and sends one header line a second; returns when the server closed it. */
  private static long slowRequest(SSLContext tls, String from, int port) throws IOException {
    long start = System.nanoTime();
    try (RawHttps c = new RawHttps(tls, from, port)) {
      c.send("GET /" + FWD + "/ HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      for (int i = 0; i < 12; i++) {
        if (c.closedByServer(1_000)) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        try {
          c.send("X-Slow-" + i + ": 1\r\n");
        } catch (IOException e) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
      }
      return -1;
    }
  }

  @Test
  void anonymousSessionFloodKeepsTheSignedInCustomer(@TempDir Path dir) throws Exception {
    int sources = Integer.getInteger("shomei.load.sources", 8);
    int perSource = 75;
    int maxSessions = 200;
    EdgeLimits limits = new EdgeLimits(60, 30, 10, Duration.ofMinutes(10), 10_000);
    try (WebFixture fx = new WebFixture(dir.resolve("data"),
        b -> b.maxSessions(maxSessions).edgeLimits(limits))) {
      WebFixture.SignedIn customer = fx.signIn(fx.enroll(FWD));
      SSLContext tls = RawHttps.trusting(fx.server.identity().caCertificate());
      int port = fx.server.port();

      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(sources);
      List<Future<Map<Integer, Integer>>> floods = new ArrayList<>();
      for (int i = 0; i < sources; i++) {
        String from = "127.0.0." + (2 + i);
        floods.add(pool.submit(() -> {
          Map<Integer, Integer> statuses = new TreeMap<>();
          try (RawHttps c = new RawHttps(tls, from, port)) {
            for (int n = 0; n < perSource; n++) {
              statuses.merge(c.get("/" + FWD + "/"), 1, Integer::sum); // no cookie: new visitor
            }
          }
          return statuses;
        }));
      }
      Map<Integer, Integer> all = new TreeMap<>();
      for (Future<Map<Integer, Integer>> f : floods) {
        f.get(120, TimeUnit.SECONDS).forEach((k, v) -> all.merge(k, v, Integer::sum));
      }
      pool.shutdownNow();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      TestClient.Page home = customer.client().get("/" + FWD + "/home");
      System.out.printf("anonymous session flood: %d GETs from %d addresses in %d ms, "
              + "answers by status %s; sessions held %d of %d; "
              + "the signed-in customer's landing page: %d%n",
          sources * perSource, sources, millis, all, fx.server.sessionCount(), maxSessions,
          home.status());

      assertThat(home.status()).isEqualTo(200);
      assertThat(home.body()).as("still signed in").contains("/" + FWD + "/logout");
      assertThat(fx.server.sessionCount()).isLessThanOrEqualTo(maxSessions);
      assertThat(all).containsOnlyKeys(200, 429);
      assertThat(all.get(200)).as("each address opened its quota of sessions")
          .isEqualTo(sources * 60);
    }
  }
}
