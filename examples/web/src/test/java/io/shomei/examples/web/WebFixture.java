package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.Shomei;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.issue.KeyType;
import io.shomei.core.password.LetterFields;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.EdgeLimits;
import io.shomei.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One data directory and one web server on a port of 127.0.0.1 for a test class, with a clock the
 * tests move (to rehearse the notice's dates) and an access log they can read.
 */
final class WebFixture implements AutoCloseable {
  private static final AtomicInteger NEXT_USER = new AtomicInteger(31_000_000);

  static final EdgeLimits GENEROUS =
      new EdgeLimits(100_000, 100_000, 100_000, Duration.ofMinutes(10), 100_000);

  final MutableClock clock;
  final DataDir data;
  final WebServer server;
  final Shomei admin;
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  WebFixture(Path dir) {
    this(dir, b -> b);
  }

  /** A fixture whose server is configured further (a small session store, strict limits). */
  WebFixture(Path dir, UnaryOperator<WebServer.Builder> configure) {
    this(dir, d -> {}, configure);
  }

  /**
   * A fixture whose data directory is prepared (further CAs, anchors) before the server starts;
   * {@code prepare} runs while the clock still reads 2020-01-01, so what it makes is valid then.
   */
  WebFixture(Path dir, java.util.function.Consumer<DataDir> prepare,
      UnaryOperator<WebServer.Builder> configure) {
    // the customer CA must be valid at every date the tests rehearse
    clock = MutableClock.at("2020-01-01T00:00:00Z");
    data = DataDir.init(dir, new CaSource.Generate(KeyType.EC_P256,
        "CN=Web Test Root,O=Example Bank,C=JP"), clock, new SecureRandom());
    prepare.accept(data);
    clock.set(Instant.now());
    // the functional tests all come from 127.0.0.1: edge limits far above what they send
    // (EdgeLimitsTest and the load tests check the real limits)
    server = configure.apply(WebServer.builder(data).port(0).clock(clock).log(log::add)
        .edgeLimits(GENEROUS)
        .identity(ServerIdentity.loadOrCreate(dir.resolve("web"), Clock.systemUTC(),
            new SecureRandom())))
        .start();
    admin = data.shomei(clock);
  }

  /** A customer's letter, as plain strings (test only). */
  record Customer(String userId, String service, String temporaryPassword,
      String acquisitionPassword) {}

  Customer enroll(String service) {
    String userId = String.valueOf(NEXT_USER.incrementAndGet());
    EnrollmentResult r = admin.enrollment().enroll(userId, service);
    assertThat(r).isInstanceOf(EnrollmentResult.Enrolled.class);
    try (LetterFields l = ((EnrollmentResult.Enrolled) r).letter()) {
      return new Customer(userId, service, new String(l.temporaryPassword().toCharArray()),
          new String(l.acquisitionPassword().toCharArray()));
    }
  }

  TestClient anonymous() {
    return TestClient.anonymous(server.uri(), server.identity().caCertificate());
  }

  TestClient withCertificate(byte[] p12, String password) {
    // the customer's browser from the certificate step on: the certificate-login port
    return TestClient.withPkcs12(server.loginUri(), server.identity().caCertificate(), p12,
        password);
  }

  /**
   * A2-A3: submits the issuance form and follows the answer: the download screen's redirect (303
   * to {@code /download}, returned as is), or the form again with the refusal (its page, after
   * the redirect back to {@code /acquire}). Polls the "issuing" screen when the issuance is slow.
   */
  TestClient.Page submitAcquisition(TestClient c, String service, String userId, String password,
      String acquisitionPassword) {
    TestClient.Page form = c.get("/" + service + "/acquire");
    assertThat(form.status()).isEqualTo(200);
    TestClient.Page next = c.post("/" + service + "/acquire", TestClient.form(
        "csrf", form.csrf(), "userId", userId, "password", password,
        "acquisitionPassword", acquisitionPassword));
    String issuing = "/" + service + "/issuing";
    // the job is bounded (two hash verifications, one key, one signature): poll a bounded number of times
    for (int i = 0; i < 300 && next.status() == 303 && next.location().equals(issuing); i++) {
      TestClient.Page screen = c.get(issuing);
      if (screen.status() == 200 && screen.body().contains("http-equiv=\"refresh\"")) {
        sleep(100);
      } else {
        next = screen;
      }
    }
    if (next.status() == 303 && next.location().equals(issuing)) {
      throw new AssertionError("the issuing screen never moved on");
    }
    if (next.status() == 303 && next.location().equals("/" + service + "/acquire")) {
      TestClient.Page again = c.get(next.location());
      assertThat(again.status()).isEqualTo(200);
      return again;
    }
    return next;
  }

  /** A2-A5: acquires a certificate and downloads the PKCS#12 file. */
  byte[] acquire(TestClient c, Customer who, String loginPassword) {
    TestClient.Page done = submitAcquisition(c, who.service(), who.userId(), loginPassword,
        who.acquisitionPassword());
    assertThat(done.status()).as(done.body()).isEqualTo(303);
    assertThat(done.location()).isEqualTo("/" + who.service() + "/download");
    TestClient.Page page = c.get("/" + who.service() + "/download");
    assertThat(page.body()).contains("id=\"download\"");
    TestClient.Page file = c.post("/" + who.service() + "/download",
        TestClient.form("csrf", page.csrf()));
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("Content-Type")).isEqualTo("application/x-pkcs12");
    return file.bytes();
  }

  byte[] acquire(Customer who) {
    return acquire(anonymous(), who, who.temporaryPassword());
  }

  /** L1: the login page and the [certificate login] button. */
  TestClient.Page certificateLogin(TestClient c, String service) {
    TestClient.Page login = c.get("/" + service + "/");
    return c.post("/" + service + "/login", TestClient.form("csrf", login.csrf()));
  }

  /** A customer signed in with a certificate, at the landing page. */
  record SignedIn(TestClient client, BigInteger serial, String password) {}

  /** A1-A5, L1-L5: acquires, logs in with the certificate, changes the temporary password. */
  SignedIn signIn(Customer who) {
    byte[] p12 = acquire(who);
    TestClient c = withCertificate(p12, who.acquisitionPassword());
    String password = firstLogin(c, who);
    return new SignedIn(c, serialOf(p12, who.acquisitionPassword()), password);
  }

  /**
   * L1-L5 with the certificate {@code c} presents: the certificate step, the temporary password,
   * and its change; returns the customer's own login password.
   */
  String firstLogin(TestClient c, Customer who) {
    String service = who.service();
    TestClient.Page step1 = certificateLogin(c, service);
    assertThat(step1.location()).as(step1.body()).isEqualTo("/" + service + "/password");
    TestClient.Page passwordPage = c.get("/" + service + "/password");
    TestClient.Page step2 = c.post("/" + service + "/password",
        TestClient.form("csrf", passwordPage.csrf(), "password", who.temporaryPassword()));
    assertThat(step2.location()).isEqualTo("/" + service + "/change-password");
    TestClient.Page change = c.get("/" + service + "/change-password");
    String password = "Kawase" + (who.userId().hashCode() & 0xffff) + "yoyaku";
    TestClient.Page changed = c.post("/" + service + "/change-password", TestClient.form(
        "csrf", change.csrf(), "newPassword", password, "confirmPassword", password));
    assertThat(changed.location()).as(changed.body()).isEqualTo("/" + service + "/home");
    assertThat(c.get("/" + service + "/home").status()).isEqualTo(200);
    return password;
  }

  /** The serial of the customer's certificate in a PKCS#12 file. */
  static BigInteger serialOf(byte[] p12, String password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(p12), password.toCharArray());
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate x) {
          return x.getSerialNumber();
        }
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no key entry in the PKCS#12");
  }

  /** Texts of the notices on a page (unescaped back for comparison). */
  static List<String> notices(TestClient.Page page) {
    Matcher m = Pattern.compile("<div class=\"notice (\\w+)\" role=\"alert\"><p>([^<]*)</p>")
        .matcher(page.body());
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1) + ": " + unescape(m.group(2)));
    }
    return out;
  }

  static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&");
  }

  static String text(String lang, String key) {
    return Views.MESSAGES.bundle(lang).text(key);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.close();
    data.close();
  }
}
