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
import io.shomei.testing.env.SoftHsm;
import io.shomei.testing.env.TlsTerminator;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that loses its HSM is taken out of rotation and nothing else stops: two web-host JVMs on
 * one PostgreSQL behind real HAProxy (the shipped haproxy.cfg, its server line made two, checked
 * every 500 ms), their CA key in SoftHSM2. The key is made once in a token, and each node opens a
 * copy of that token's files of its own ({@code SOFTHSM2_CONF} per node), as two HSM partitions
 * holding the same key would be. The test deletes node 2's token files while both run: node 2's
 * {@code /health/ready} turns 503 (the readiness check signs a test message on every call and
 * the token is gone), HAProxy's {@code httpchk} marks it DOWN, certificate logins through HAProxy
 * go on (all on node 1), and on node 2 itself, reached through HAProxy with a forcing header,
 * certificate login still works (it needs no CA signature) while an acquisition is refused with
 * the typed "issuance unavailable" answer (503, nothing issued, nothing counted); the customer
 * repeats it through HAProxy and node 1 issues.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class HsmLossBehindHaproxyTest {
  private static final String FWD = "/fx-forward/";
  private static final String PIN_ENV = "SHOMEI_TEST_HSM_PIN";

  @TempDir Path tmp;

  private final List<WebNode> nodes = new ArrayList<>();
  private @Nullable DataDir data;
  private @Nullable TlsTerminator haproxy;
  private final HttpClient direct = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

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
  void deletingOneNodesTokenTakesItOutOfHaproxyAndLoginsGoOn() throws Exception {
    Components.require(Component.POSTGRESQL, Component.HAPROXY, Component.CURL,
        Component.OPENSSL, Component.SOFTHSM2);
    SoftHsm.Token token = SoftHsm.token();
    PostgresServer pg = PostgresServer.shared();
    String url = pg.jdbcUrl(pg.createDatabase());
    Map<String, String> env = Map.of(DataDir.DB_USER_ENV, pg.user(),
        DataDir.DB_PASSWORD_ENV, pg.password(), PIN_ENV, token.pin());
    Path dir = tmp.resolve("data");
    SecureRandom random = new SecureRandom();
    // the CA key is generated inside the token (this JVM's), under an alias of its own
    DataDir d = DataDir.init(dir, new CaSource.Pkcs11(token.pkcs11Config(), PIN_ENV,
        "cluster-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), true,
        KeyType.EC_P256, "CN=Token Cluster Root,O=Example Bank,C=JP"), Clock.systemUTC(),
        random, env::get, url);
    data = d;
    assertThat(d.custodyKind()).isEqualTo("pkcs11");
    ServerIdentity.loadOrCreate(dir.resolve("web"), Clock.systemUTC(), random);
    Path keyFile = tmp.resolve("pending-login.key");
    SecretKeySpec key = WebNode.pendingLoginKey(keyFile, random);
    Shomei admin = d.shomei(Clock.systemUTC(), d.rules(), b -> b.pendingLoginKey(key));

    // each node its own copy of the token files, opened through the data directory's
    // pkcs11.cfg (the copy keeps the slot ID)
    List<SoftHsm.Token> tokens = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      SoftHsm.Token copy = SoftHsm.copy(token, tmp.resolve("hsm-web" + i));
      tokens.add(copy);
      Map<String, String> nodeEnv = new HashMap<>(env);
      nodeEnv.put("SOFTHSM2_CONF", copy.softhsmConf().toString());
      nodes.add(WebNode.start("web" + i, dir, url, keyFile, nodeEnv, tmp));
    }
    for (WebNode n : nodes) {
      n.awaitPort();
    }
    WebNode web1 = nodes.get(0);
    WebNode web2 = nodes.get(1);
    TlsTerminator proxy = WebNode.haproxy(tmp.resolve("haproxy"), d, nodes);
    haproxy = proxy;
    for (WebNode n : nodes) {
      assertThat(ready(n)).as(n.name).startsWith("200 ready\n").contains("key_custody UP");
    }

    // before: node 2 issues with its copy of the token (a customer acquires there)
    ClusterCustomer first = ClusterCustomer.enroll(admin, tmp);
    Path firstP12 = acquireThroughHaproxy(first, web2, "jar-first-acquire.txt");
    assertThat(web2.served("POST", FWD + "acquire")).isEqualTo(1);
    ClusterCustomer second = ClusterCustomer.enroll(admin, tmp);
    Path secondP12 = second.acquireDirectly(admin, tmp);

    // node 2's token files are deleted while both nodes run
    SoftHsm.delete(tokens.get(1));
    String notReady = "";
    for (int i = 0; i < 100 && !notReady.startsWith("503"); i++) {
      notReady = ready(web2);
      if (!notReady.startsWith("503")) {
        Thread.sleep(100);
      }
    }
    assertThat(notReady).as("node 2's readiness once its token is gone")
        .startsWith("503 not ready\n").contains("key_custody DOWN")
        .contains("database UP");
    assertThat(get(web2, "/health/live")).as("node 2 is still live").startsWith("200");
    assertThat(ready(web1)).as("node 1 keeps its token").startsWith("200 ready\n");
    WebNode.awaitDown(web2, proxy);
    assertThat(WebNode.up(web1, proxy)).as("node 1 stays in\n" + proxy.log()).isTrue();

    // certificate logins through HAProxy go on, all on node 1
    long web2Logins = web2.served("POST", FWD + "login");
    long web1Logins = web1.served("POST", FWD + "login");
    String chosen = "Hsm2gone" + first.userId().substring(0, 3) + "k";
    Path chosenFile = ClusterCustomer.secret(tmp, "chosen-" + first.userId(), chosen);
    ProxiedCurl browser = curl("jar-first-1.txt").certificate(firstP12, first);
    String screen = browser.page(FWD);
    assertThat(browser.post(FWD + "login", "csrf=" + ProxiedCurl.csrf(screen)))
        .isEqualTo(redirect("password"));
    String passwordPage = browser.page(FWD + "password");
    assertThat(browser.post(FWD + "password", "csrf=" + ProxiedCurl.csrf(passwordPage),
        "password@" + first.password())).isEqualTo(redirect("change-password"));
    String change = browser.page(FWD + "change-password");
    assertThat(browser.post(FWD + "change-password", "csrf=" + ProxiedCurl.csrf(change),
        "newPassword@" + chosenFile, "confirmPassword@" + chosenFile))
        .isEqualTo(redirect("home"));
    for (int i = 2; i <= 3; i++) {
      ProxiedCurl again = curl("jar-first-" + i + ".txt").certificate(firstP12, first);
      String s = again.page(FWD);
      assertThat(again.post(FWD + "login", "csrf=" + ProxiedCurl.csrf(s)))
          .isEqualTo(redirect("password"));
      String p = again.page(FWD + "password");
      assertThat(again.post(FWD + "password", "csrf=" + ProxiedCurl.csrf(p),
          "password@" + chosenFile)).isEqualTo(redirect("home"));
      assertThat(again.page(FWD + "home")).contains(">" + first.userId() + "<");
    }
    assertThat(web1.served("POST", FWD + "login") - web1Logins).isEqualTo(3);
    assertThat(web2.served("POST", FWD + "login")).isEqualTo(web2Logins);

    // on node 2 itself certificate login still works: it needs no CA signature
    ProxiedCurl onBroken = curl("jar-second.txt").certificate(secondP12, second).on(web2);
    String brokenScreen = onBroken.page(FWD);
    assertThat(onBroken.post(FWD + "login", "csrf=" + ProxiedCurl.csrf(brokenScreen)))
        .isEqualTo(redirect("password"));
    String brokenPassword = onBroken.page(FWD + "password");
    assertThat(onBroken.post(FWD + "password", "csrf=" + ProxiedCurl.csrf(brokenPassword),
        "password@" + second.password())).isEqualTo(redirect("change-password"));
    Path secondChosen = ClusterCustomer.secret(tmp, "chosen-" + second.userId(),
        "Hsm2gone" + second.userId().substring(0, 3) + "m");
    String brokenChange = onBroken.page(FWD + "change-password");
    assertThat(onBroken.post(FWD + "change-password", "csrf=" + ProxiedCurl.csrf(brokenChange),
        "newPassword@" + secondChosen, "confirmPassword@" + secondChosen))
        .isEqualTo(redirect("home"));
    assertThat(onBroken.page(FWD + "home")).contains(">" + second.userId() + "<");
    assertThat(web2.served("POST", FWD + "password")).isEqualTo(1);
    assertThat(web2.served("POST", FWD + "change-password")).isEqualTo(1);

    // ... while an acquisition there is refused with the typed answer, and nothing is issued
    ClusterCustomer third = ClusterCustomer.enroll(admin, tmp);
    ProxiedCurl refused = curl("jar-third.txt").on(web2);
    String form = refused.page(FWD + "acquire");
    String answer = refused.post(FWD + "acquire", "csrf=" + ProxiedCurl.csrf(form),
        "userId=" + third.userId(), "password@" + third.password(),
        "acquisitionPassword@" + third.acquisition());
    String refusalPage;
    if (answer.startsWith("503")) {
      refusalPage = refused.lastBody();
    } else {
      // the acquisition outlasted the form's wait: the issuing screen finds the outcome
      String next = answer;
      for (int i = 0; i < 300 && next.equals(redirect("issuing")); i++) {
        next = refused.run(FWD + "issuing");
        if (next.startsWith("200")) {
          Thread.sleep(100);
          next = redirect("issuing");
        }
      }
      assertThat(next).isEqualTo(redirect("acquire"));
      refusalPage = refused.page(FWD + "acquire");
    }
    assertThat(refusalPage).contains("class=\"notice error\"")
        .contains(message("acquire.unavailable"));
    assertThat(web2.log()).contains("acquisition failed: io.shomei.spi.KeyCustodyException");
    assertThat(certificates(third)).as("nothing issued on node 2").isEmpty();
    assertNoFailuresCounted(third);

    // the customer repeats the step through HAProxy: node 1 issues
    long web1Acquisitions = web1.served("POST", FWD + "acquire");
    Path thirdP12 = acquireThroughHaproxy(third, null, "jar-third-again.txt");
    assertThat(Files.size(thirdP12)).isPositive();
    assertThat(web1.served("POST", FWD + "acquire") - web1Acquisitions).isEqualTo(1);

    for (ClusterCustomer c : List.of(first, second, third)) {
      assertThat(certificates(c).stream().filter(r -> r.status() == CertificateStatus.ACTIVE))
          .as(c.userId()).hasSize(1);
      assertNoFailuresCounted(c);
    }
    assertThat(admin.audit().verify()).isInstanceOf(ChainVerification.Intact.class);
    assertThat(ready(web2)).as("still not ready: the token stays gone").startsWith("503");
  }

  // ------------------------------------------------------------------ helpers

  /** The acquisition through HAProxy (forced onto {@code node} unless null), then the download. */
  private Path acquireThroughHaproxy(ClusterCustomer who, @Nullable WebNode node, String jar)
      throws Exception {
    ProxiedCurl browser = curl(jar).on(node);
    String form = browser.page(FWD + "acquire");
    String next = browser.post(FWD + "acquire", "csrf=" + ProxiedCurl.csrf(form),
        "userId=" + who.userId(), "password@" + who.password(),
        "acquisitionPassword@" + who.acquisition());
    for (int i = 0; i < 300 && next.equals(redirect("issuing")); i++) {
      next = browser.run(FWD + "issuing");
      if (next.startsWith("200")) {
        Thread.sleep(100);
        next = redirect("issuing");
      }
    }
    assertThat(next).as(browser.lastBody()).isEqualTo(redirect("download"));
    String download = browser.page(FWD + "download");
    Path p12 = tmp.resolve(who.userId() + ".p12");
    assertThat(browser.runTo(p12, FWD + "download", "--data-urlencode",
        "csrf=" + ProxiedCurl.csrf(download))).startsWith("200");
    return p12;
  }

  private void assertNoFailuresCounted(ClusterCustomer who) {
    CredentialRecord c = data().storage().credentialStore().find(who.account()).orElseThrow();
    assertThat(c.loginFailures()).as(who.userId()).isZero();
    assertThat(c.acquisitionFailures()).as(who.userId()).isZero();
  }

  private List<CertificateRecord> certificates(ClusterCustomer who) {
    return data().storage().certificateStore().findByAccount(who.account());
  }

  /** "STATUS BODY" of the node's own /health/ready (the plain-HTTP backend, as HAProxy asks). */
  private String ready(WebNode n) throws Exception {
    return get(n, "/health/ready");
  }

  private String get(WebNode n, String path) throws Exception {
    HttpResponse<String> r = direct.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + n.port + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return r.statusCode() + " " + r.body();
  }

  /** The Japanese text of a message (the pages' default language). */
  private static String message(String key) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Objects.requireNonNull(HsmLossBehindHaproxyTest.class
        .getResourceAsStream("i18n/messages_ja.properties"), "messages_ja.properties")) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return Objects.requireNonNull(p.getProperty(key), key);
  }

  private ProxiedCurl curl(String jarName) {
    return new ProxiedCurl(tmp, proxy(), data(), jarName);
  }

  private String redirect(String page) {
    return "303 " + proxy().base() + "fx-forward/" + page;
  }

  private TlsTerminator proxy() {
    return Objects.requireNonNull(haproxy, "haproxy");
  }

  private DataDir data() {
    return Objects.requireNonNull(data, "data");
  }
}
