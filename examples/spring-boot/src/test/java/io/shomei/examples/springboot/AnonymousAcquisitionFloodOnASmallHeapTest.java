package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Load test (issue 18, item 3): concurrent anonymous {@code POST /acquire} with random user IDs
 * made the host run out of memory (two Argon2id computations of 19 MiB per request, one per
 * Tomcat thread, unbounded). Runs in its own surefire execution on a 384 MiB heap (see the pom),
 * with production Argon2id parameters, from 127.0.0.1 only; bounded: {@value #DEFAULT_ATTACKERS}
 * requests (system property {@code shomei.load.attackers}), each with a 60 s timeout.
 *
 * <p>It shows the SDK's bound on concurrent hashing holds: every attack request is answered with a
 * refusal (403) or "busy, try again" (503), never a server error; the heap survives; and a
 * customer who logs in with a certificate during the attack gets in (retrying when told "busy").
 * The edge limits are raised here (as in every host test) so that the hashing bound alone is what
 * is tested: an attack from many addresses is not stopped by per-source limits.
 */
class AnonymousAcquisitionFloodOnASmallHeapTest extends HostTestSupport {
  static final int DEFAULT_ATTACKERS = 64;
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @Test
  void anonymousAcquisitionFloodNeitherExhaustsTheHeapNorLocksOutTheCustomer() throws Exception {
    int attackers = Integer.getInteger("shomei.load.attackers", DEFAULT_ATTACKERS);
    Letter letter = enroll("20018003", FORWARD);
    ClientCertificate certificate = acquire(letter, letter.temporaryPassword());
    String password = "Kanagawa2026x";
    Browser first = browser(certificate);
    firstLogin(first, letter, password);

    HttpClient raw = rawClient();
    List<String[]> forms = new ArrayList<>();
    for (int i = 0; i < attackers; i++) {
      forms.add(anonymousForm(raw)); // a session cookie and its CSRF token, as a browser would
    }
    ExecutorService pool = Executors.newFixedThreadPool(attackers);
    CountDownLatch go = new CountDownLatch(1);
    SecureRandom random = new SecureRandom();
    List<Future<Integer>> answers = new ArrayList<>();
    for (String[] form : forms) {
      String userId = String.valueOf(50_000_000 + random.nextInt(40_000_000));
      answers.add(pool.submit(() -> {
        go.await();
        return postAcquire(raw, form, userId);
      }));
    }
    long start = System.nanoTime();
    go.countDown();

    // the customer logs in while the flood runs: certificate step, then the password step,
    // sent again when the host says "busy, try again"
    Browser customer = browser(certificate);
    long customerStart = System.nanoTime();
    assertThat(certificateStep(customer, FORWARD).path()).isEqualTo("/login/password");
    Browser.Page home = null;
    int busyAnswers = 0;
    List<Long> customerMillis = new ArrayList<>();
    for (int attempt = 0; attempt < 30 && home == null; attempt++) {
      long t = System.nanoTime();
      Browser.Page p = customer.post("/login/password", Map.of("password", password));
      customerMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
      if (p.status() == 503) {
        assertThat(p.refusal()).hasValue(ServerBusy.REASON + "/");
        assertThat(p.headers().firstValue("Retry-After")).isPresent();
        busyAnswers++;
        Thread.sleep(500);
      } else {
        assertThat(p.path()).as(p.body()).isEqualTo("/home");
        home = p;
      }
    }
    long customerTotal = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - customerStart);

    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Future<Integer> f : answers) {
      statuses.merge(f.get(90, TimeUnit.SECONDS), 1, Integer::sum);
    }
    long attackMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    pool.shutdownNow();
    long maxHeap = Runtime.getRuntime().maxMemory() >> 20;
    long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    System.out.printf("anonymous acquisition flood: %d requests in %d ms on a %d MiB heap "
            + "(peak of the heap pools %d MiB); answers by status %s (-1 = no answer); "
            + "customer login: %d password tries (%d busy), %s ms each, %d ms in all%n",
        attackers, attackMillis, maxHeap, peakHeap, statuses, customerMillis.size(), busyAnswers,
        customerMillis, customerTotal);

    assertThat(home).as("the customer got in during the flood").isNotNull();
    assertThat(statuses.keySet()).as("every attack request got a refusal or 'busy', no error")
        .isSubsetOf(403, 503);
    assertThat(browser().get("/").status()).as("the host still answers").isEqualTo(200);
  }

  private HttpClient rawClient() {
    return HttpClient.newBuilder().sslContext(trustingServer())
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** GET /acquire: the session cookie and the CSRF token of its form. */
  private String[] anonymousForm(HttpClient raw) throws IOException, InterruptedException {
    HttpResponse<String> r = raw.send(HttpRequest.newBuilder(base().resolve("/acquire"))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = CSRF.matcher(r.body());
    assertThat(m.find()).as(r.body()).isTrue();
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    return new String[] {cookie, m.group(1)};
  }

  private int postAcquire(HttpClient raw, String[] form, String userId) {
    String body = "service=" + FORWARD + "&userId=" + userId + "&password=Guess1234"
        + "&acquisitionPassword=Guess5678&_csrf=" + URLEncoder.encode(form[1], StandardCharsets.UTF_8);
    try {
      return raw.send(HttpRequest.newBuilder(base().resolve("/acquire"))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Cookie", form[0])
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
