package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.Shomei;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.issue.KeyType;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CredentialRecord;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.PostgresServer;
import io.shomei.testing.env.TlsTerminator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three web-host JVMs on one PostgreSQL behind a real HAProxy (the shipped haproxy.cfg, its one
 * server line made three): the manual walked with each step forced onto another node (a request
 * header HAProxy routes by, the rest round-robin), and nodes killed with SIGKILL in the middle of
 * an acquisition and of a login. Afterwards the account has exactly one active certificate, its
 * counters are exact and the audit chain is intact.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SeveralNodesE2eTest {
  private static final String FWD = "/fx-forward/";

  @TempDir Path tmp;

  private final List<WebNode> nodes = new ArrayList<>();
  private @Nullable DataDir data;
  private @Nullable TlsTerminator haproxy;
  private Shomei admin;
  private Path keyFile;
  private Map<String, String> dbEnv;
  private String url;

  @BeforeEach
  void start() throws Exception {
    Components.require(Component.POSTGRESQL, Component.HAPROXY, Component.CURL,
        Component.OPENSSL);
    PostgresServer pg = PostgresServer.shared();
    url = pg.jdbcUrl(pg.createDatabase());
    dbEnv = Map.of(DataDir.DB_USER_ENV, pg.user(), DataDir.DB_PASSWORD_ENV, pg.password());
    Path dir = tmp.resolve("data");
    SecureRandom random = new SecureRandom();
    data = DataDir.init(dir, new CaSource.Generate(KeyType.EC_P256,
        "CN=Cluster Test Root,O=Example Bank,C=JP"), Clock.systemUTC(), random, dbEnv::get, url);
    // made here once, so that no node enrolls the demo customer (the nodes start together)
    ServerIdentity.loadOrCreate(dir.resolve("web"), Clock.systemUTC(), random);
    keyFile = tmp.resolve("pending-login.key");
    SecretKeySpec key = WebNode.pendingLoginKey(keyFile, random);
    admin = data.shomei(Clock.systemUTC(), data.rules(), b -> b.pendingLoginKey(key));

    for (int i = 1; i <= 3; i++) {
      nodes.add(WebNode.start("web" + i, dir, url, keyFile, dbEnv, tmp));
    }
    for (WebNode n : nodes) {
      n.awaitPort();
    }
    haproxy = WebNode.haproxy(tmp.resolve("haproxy"), data, nodes);
  }

  @AfterEach
  void stop() {
    for (WebNode n : nodes) {
      n.kill();
    }
    if (haproxy != null) {
      haproxy.close();
    }
    if (data != null) {
      data.close();
    }
  }

  @Test
  void theWholeManualWithEachStepOnAnotherNode() throws Exception {
    ClusterCustomer who = enroll();
    ProxiedCurl browser = curl("jar.txt");
    WebNode n1 = nodes.get(0);
    WebNode n2 = nodes.get(1);
    WebNode n3 = nodes.get(2);

    String form = browser.on(n1).page(FWD + "acquire");
    String submitted = browser.on(n2).post(FWD + "acquire", "csrf=" + csrf(form),
        "userId=" + who.userId(), "password@" + who.password(), "acquisitionPassword@"
            + who.acquisition());
    assertThat(submitted).isIn(redirect("issuing"), redirect("download"));
    // the issuing screen polls on the other nodes, which find the outcome node 2 put there
    String next = submitted;
    for (int i = 0; i < 300 && next.equals(redirect("issuing")); i++) {
      next = browser.on(i % 2 == 0 ? n3 : n1).run(FWD + "issuing");
      if (next.startsWith("200")) {
        Thread.sleep(100);
        next = redirect("issuing");
      }
    }
    assertThat(next).isEqualTo(redirect("download"));
    String download = browser.on(n3).page(FWD + "download");
    Path p12 = tmp.resolve(who.userId() + ".p12");
    assertThat(browser.on(n1).runTo(p12, FWD + "download", "--data-urlencode",
        "csrf=" + csrf(download))).startsWith("200");
    assertThat(n1.served("POST", FWD + "download")).isEqualTo(1);

    ProxiedCurl customer = curl("jar-customer.txt").certificate(p12, who);
    String screen = customer.on(n2).page(FWD);
    assertThat(customer.on(n3).post(FWD + "login", "csrf=" + csrf(screen)))
        .isEqualTo(redirect("password"));
    // the pending login sealed by node 3 is taken by node 1: the nodes share the key
    String passwordPage = customer.on(n1).page(FWD + "password");
    assertThat(customer.on(n2).post(FWD + "password", "csrf=" + csrf(passwordPage),
        "password@" + who.password())).isEqualTo(redirect("change-password"));
    String change = customer.on(n3).page(FWD + "change-password");
    Path fresh = secret("new-" + who.userId(), "Cluster2go" + who.userId().substring(0, 3) + "x");
    assertThat(customer.on(n1).post(FWD + "change-password", "csrf=" + csrf(change),
        "newPassword@" + fresh, "confirmPassword@" + fresh)).isEqualTo(redirect("home"));
    assertThat(customer.on(n2).page(FWD + "home")).contains(">" + who.userId() + "<");

    // every step was served where it was sent
    assertThat(n2.served("POST", FWD + "acquire")).isEqualTo(1);
    assertThat(n3.served("GET", FWD + "download")).isEqualTo(1);
    assertThat(n3.served("POST", FWD + "login")).isEqualTo(1);
    assertThat(n2.served("POST", FWD + "password")).isEqualTo(1);
    assertThat(n1.served("POST", FWD + "change-password")).isEqualTo(1);
    assertThat(n2.served("GET", FWD + "home")).isEqualTo(1);
    assertExactlyOneActiveAndExactCounters(who, 1);
  }

  @Test
  void aNodeKilledMidAcquisitionAndAnotherMidLoginLoseNothing() throws Exception {
    WebNode n1 = nodes.get(0);
    WebNode n2 = nodes.get(1);
    WebNode n3 = nodes.get(2);

    // SIGKILL while node 2 works on the acquisition form: the customer repeats that step
    ClusterCustomer who = enroll();
    ProxiedCurl browser = curl("jar.txt");
    String form = browser.on(n1).page(FWD + "acquire");
    long before = browser.sessionMark();
    CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() ->
        browser.on(n2).post(FWD + "acquire", "csrf=" + csrf(form), "userId=" + who.userId(),
            "password@" + who.password(), "acquisitionPassword@" + who.acquisition()));
    browser.awaitWorkOn(before);
    n2.kill();
    String lost = inFlight.get(60, TimeUnit.SECONDS);
    assertThat(lost).as("HAProxy answers for the dead node").startsWith("50");
    awaitDown(n2);
    List<CertificateRecord> afterKill = certificates(who);
    String again = browser.on(n3).page(FWD + "acquire");
    String repeated = browser.on(n3).post(FWD + "acquire", "csrf=" + csrf(again),
        "userId=" + who.userId(), "password@" + who.password(), "acquisitionPassword@"
            + who.acquisition());
    Path p12 = tmp.resolve(who.userId() + ".p12");
    System.out.println("acquisition killed " + (afterKill.isEmpty() ? "before" : "after")
        + " the commit");
    if (afterKill.isEmpty()) {
      // killed before the commit: the repeated step issues the one certificate
      String next = repeated;
      for (int i = 0; i < 300 && next.equals(redirect("issuing")); i++) {
        next = browser.on(i % 2 == 0 ? n1 : n3).run(FWD + "issuing");
        if (next.startsWith("200")) {
          Thread.sleep(100);
          next = redirect("issuing");
        }
      }
      assertThat(next).isEqualTo(redirect("download"));
      String download = browser.on(n1).page(FWD + "download");
      assertThat(browser.on(n3).runTo(p12, FWD + "download", "--data-urlencode",
          "csrf=" + csrf(download))).startsWith("200");
    } else {
      // the commit won the race: the record is there, never a second one; the repeat is a
      // typed refusal on the form, not an error
      assertThat(repeated).isEqualTo(redirect("acquire"));
      assertThat(browser.on(n3).page(FWD + "acquire")).contains("class=\"notice error\"");
      assertThat(certificates(who)).hasSize(1);
      p12 = null;
    }
    assertThat(activeCount(who)).isEqualTo(1);

    // SIGKILL while node 3 checks the password: the customer repeats that step on node 1
    ClusterCustomer second = enroll();
    Path secondP12 = second.acquireDirectly(admin, tmp);
    ProxiedCurl customer = curl("jar-second.txt").certificate(secondP12, second);
    String screen = customer.on(n1).page(FWD);
    assertThat(customer.on(n3).post(FWD + "login", "csrf=" + csrf(screen)))
        .isEqualTo(redirect("password"));
    String passwordPage = customer.on(n1).page(FWD + "password");
    long beforeLogin = customer.sessionMark();
    CompletableFuture<String> loginInFlight = CompletableFuture.supplyAsync(() ->
        customer.on(n3).post(FWD + "password", "csrf=" + csrf(passwordPage),
            "password@" + second.password()));
    customer.awaitWorkOn(beforeLogin);
    n3.kill();
    assertThat(loginInFlight.get(60, TimeUnit.SECONDS)).startsWith("50");
    awaitDown(n3);
    String afterLoss = customer.on(n1).run(FWD + "password");
    System.out.println("password step killed " + (afterLoss.startsWith("200") ? "before" : "after")
        + " it completed");
    if (afterLoss.startsWith("200")) {
      // the password step did not complete: the pending login (sealed by node 3) still works
      assertThat(customer.on(n1).post(FWD + "password", "csrf=" + csrf(customer.lastBody()),
          "password@" + second.password())).isEqualTo(redirect("change-password"));
    } else {
      assertThat(afterLoss).isEqualTo(redirect("change-password"));
    }
    String change = customer.on(n1).page(FWD + "change-password");
    Path fresh = secret("new-" + second.userId(),
        "Killed2go" + second.userId().substring(0, 3) + "y");
    assertThat(customer.on(n1).post(FWD + "change-password", "csrf=" + csrf(change),
        "newPassword@" + fresh, "confirmPassword@" + fresh)).isEqualTo(redirect("home"));
    assertThat(customer.on(n1).page(FWD + "home")).contains(">" + second.userId() + "<");
    assertExactlyOneActiveAndExactCounters(second, 1);
    if (p12 != null) {
      assertExactlyOneActiveAndExactCounters(who, 0);
    }
  }

  // ------------------------------------------------------------------ checks

  private void assertExactlyOneActiveAndExactCounters(ClusterCustomer who, int logins) {
    assertThat(activeCount(who)).isEqualTo(1);
    CredentialRecord c = data().storage().credentialStore().find(who.account()).orElseThrow();
    assertThat(c.loginFailures()).isZero();
    assertThat(c.acquisitionFailures()).isZero();
    assertThat(c.lastLoginAt() != null).isEqualTo(logins > 0);
    assertThat(admin.audit().verify()).isInstanceOf(ChainVerification.Intact.class);
  }

  private long activeCount(ClusterCustomer who) {
    return certificates(who).stream()
        .filter(r -> r.status() == CertificateStatus.ACTIVE).count();
  }

  private List<CertificateRecord> certificates(ClusterCustomer who) {
    return data().storage().certificateStore().findByAccount(who.account());
  }

  private DataDir data() {
    return java.util.Objects.requireNonNull(data, "data");
  }

  // ------------------------------------------------------------------ set-up helpers

  private ClusterCustomer enroll() throws IOException {
    return ClusterCustomer.enroll(admin, tmp);
  }

  private Path secret(String name, String content) throws IOException {
    return ClusterCustomer.secret(tmp, name, content);
  }

  private String redirect(String page) {
    return "303 " + proxy().base() + "fx-forward/" + page;
  }

  private TlsTerminator proxy() {
    return java.util.Objects.requireNonNull(haproxy, "haproxy");
  }

  private static String csrf(String html) {
    return ProxiedCurl.csrf(html);
  }

  private ProxiedCurl curl(String jarName) {
    return new ProxiedCurl(tmp, proxy(), data(), jarName);
  }

  private void awaitDown(WebNode n) throws Exception {
    WebNode.awaitDown(n, proxy());
  }
}
