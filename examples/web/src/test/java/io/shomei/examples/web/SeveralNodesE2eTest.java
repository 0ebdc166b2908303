package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.Shomei;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.issue.KeyType;
import io.shomei.core.password.LetterFields;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.SessionStore;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.Secret;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.NodeProcess;
import io.shomei.testing.env.PostgresServer;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.TlsTerminator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern BACKEND = Pattern.compile(
      "backend \\(for the proxy only\\): http://127\\.0\\.0\\.1:(\\d+)/");
  private static final String FWD = "/fx-forward/";
  private static final String NODE_HEADER = "X-Shomei-Test-Node";
  private static final AtomicInteger NEXT_USER = new AtomicInteger(41_000_000);

  @TempDir Path tmp;

  private final List<NodeProcess> nodes = new ArrayList<>();
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
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    keyFile = tmp.resolve("pending-login.key");
    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
    admin = data.shomei(Clock.systemUTC(), data.rules(),
        b -> b.pendingLoginKey(new SecretKeySpec(raw, "HmacSHA256")));

    for (int i = 1; i <= 3; i++) {
      nodes.add(startNode("web" + i, dir, url, keyFile, dbEnv, tmp));
    }
    List<TlsTerminator.Server> servers = new ArrayList<>();
    for (NodeProcess n : nodes) {
      servers.add(new TlsTerminator.Server(n.name(), n.awaitPort(BACKEND, Duration.ofMinutes(2))));
    }
    Files.createDirectories(tmp.resolve("haproxy"));
    // the shipped backend with three servers, and a header that forces a request onto one
    haproxy = TlsTerminator.haproxy(Proxies.SHIPPED.resolve("haproxy.cfg"), Map.of(
        "@CLIENT_CA@", Proxies.clientCas(tmp.resolve("haproxy"), data).toString(),
        "@BACKEND_PORT@", Integer.toString(nodes.get(0).port()),
        "@SOURCE_ADDRESS@", Proxies.SOURCE),
        TlsTerminator.haproxyServers("web1", servers, Proxies.SOURCE, NODE_HEADER),
        tmp.resolve("haproxy"));
    assertThat(Files.readString(tmp.resolve("haproxy").resolve("haproxy.cfg")))
        .contains("  server web3 ");
    awaitAllUp();
  }

  @AfterEach
  void stop() {
    for (NodeProcess n : nodes) {
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
    Customer who = enroll();
    Curl browser = new Curl("jar.txt");
    NodeProcess n1 = nodes.get(0);
    NodeProcess n2 = nodes.get(1);
    NodeProcess n3 = nodes.get(2);

    String form = browser.on(n1).page(FWD + "acquire");
    String submitted = browser.on(n2).post(FWD + "acquire", "csrf=" + csrf(form),
        "userId=" + who.userId, "password@" + who.password, "acquisitionPassword@"
            + who.acquisition);
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
    Path p12 = tmp.resolve(who.userId + ".p12");
    assertThat(browser.on(n1).runTo(p12, FWD + "download", "--data-urlencode",
        "csrf=" + csrf(download))).startsWith("200");
    assertThat(served(n1, "POST", FWD + "download")).isEqualTo(1);

    Curl customer = new Curl("jar-customer.txt").certificate(p12, who);
    String screen = customer.on(n2).page(FWD);
    assertThat(customer.on(n3).post(FWD + "login", "csrf=" + csrf(screen)))
        .isEqualTo(redirect("password"));
    // the pending login sealed by node 3 is taken by node 1: the nodes share the key
    String passwordPage = customer.on(n1).page(FWD + "password");
    assertThat(customer.on(n2).post(FWD + "password", "csrf=" + csrf(passwordPage),
        "password@" + who.password)).isEqualTo(redirect("change-password"));
    String change = customer.on(n3).page(FWD + "change-password");
    Path fresh = secret("new-" + who.userId, "Cluster2go" + who.userId.substring(0, 3) + "x");
    assertThat(customer.on(n1).post(FWD + "change-password", "csrf=" + csrf(change),
        "newPassword@" + fresh, "confirmPassword@" + fresh)).isEqualTo(redirect("home"));
    assertThat(customer.on(n2).page(FWD + "home")).contains(">" + who.userId + "<");

    // every step was served where it was sent
    assertThat(served(n2, "POST", FWD + "acquire")).isEqualTo(1);
    assertThat(served(n3, "GET", FWD + "download")).isEqualTo(1);
    assertThat(served(n3, "POST", FWD + "login")).isEqualTo(1);
    assertThat(served(n2, "POST", FWD + "password")).isEqualTo(1);
    assertThat(served(n1, "POST", FWD + "change-password")).isEqualTo(1);
    assertThat(served(n2, "GET", FWD + "home")).isEqualTo(1);
    assertExactlyOneActiveAndExactCounters(who, 1);
  }

  @Test
  void aNodeKilledMidAcquisitionAndAnotherMidLoginLoseNothing() throws Exception {
    NodeProcess n1 = nodes.get(0);
    NodeProcess n2 = nodes.get(1);
    NodeProcess n3 = nodes.get(2);

    // SIGKILL while node 2 works on the acquisition form: the customer repeats that step
    Customer who = enroll();
    Curl browser = new Curl("jar.txt");
    String form = browser.on(n1).page(FWD + "acquire");
    long before = browser.sessionMark();
    CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() ->
        browser.on(n2).post(FWD + "acquire", "csrf=" + csrf(form), "userId=" + who.userId,
            "password@" + who.password, "acquisitionPassword@" + who.acquisition));
    browser.awaitWorkOn(before);
    n2.kill();
    String lost = inFlight.get(60, TimeUnit.SECONDS);
    assertThat(lost).as("HAProxy answers for the dead node").startsWith("50");
    awaitDown(n2);
    List<CertificateRecord> afterKill = certificates(who);
    String again = browser.on(n3).page(FWD + "acquire");
    String repeated = browser.on(n3).post(FWD + "acquire", "csrf=" + csrf(again),
        "userId=" + who.userId, "password@" + who.password, "acquisitionPassword@"
            + who.acquisition);
    Path p12 = tmp.resolve(who.userId + ".p12");
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
    Customer second = enroll();
    Path secondP12 = acquireDirectly(second);
    Curl customer = new Curl("jar-second.txt").certificate(secondP12, second);
    String screen = customer.on(n1).page(FWD);
    assertThat(customer.on(n3).post(FWD + "login", "csrf=" + csrf(screen)))
        .isEqualTo(redirect("password"));
    String passwordPage = customer.on(n1).page(FWD + "password");
    long beforeLogin = customer.sessionMark();
    CompletableFuture<String> loginInFlight = CompletableFuture.supplyAsync(() ->
        customer.on(n3).post(FWD + "password", "csrf=" + csrf(passwordPage),
            "password@" + second.password));
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
          "password@" + second.password)).isEqualTo(redirect("change-password"));
    } else {
      assertThat(afterLoss).isEqualTo(redirect("change-password"));
    }
    String change = customer.on(n1).page(FWD + "change-password");
    Path fresh = secret("new-" + second.userId, "Killed2go" + second.userId.substring(0, 3) + "y");
    assertThat(customer.on(n1).post(FWD + "change-password", "csrf=" + csrf(change),
        "newPassword@" + fresh, "confirmPassword@" + fresh)).isEqualTo(redirect("home"));
    assertThat(customer.on(n1).page(FWD + "home")).contains(">" + second.userId + "<");
    assertExactlyOneActiveAndExactCounters(second, 1);
    if (p12 != null) {
      assertExactlyOneActiveAndExactCounters(who, 0);
    }
  }

  // ------------------------------------------------------------------ checks

  private void assertExactlyOneActiveAndExactCounters(Customer who, int logins) {
    assertThat(activeCount(who)).isEqualTo(1);
    CredentialRecord c = data().storage().credentialStore().find(who.account()).orElseThrow();
    assertThat(c.loginFailures()).isZero();
    assertThat(c.acquisitionFailures()).isZero();
    assertThat(c.lastLoginAt() != null).isEqualTo(logins > 0);
    assertThat(admin.audit().verify()).isInstanceOf(ChainVerification.Intact.class);
  }

  private long activeCount(Customer who) {
    return certificates(who).stream()
        .filter(r -> r.status() == CertificateStatus.ACTIVE).count();
  }

  private List<CertificateRecord> certificates(Customer who) {
    return data().storage().certificateStore().findByAccount(who.account());
  }

  private DataDir data() {
    return java.util.Objects.requireNonNull(data, "data");
  }

  // ------------------------------------------------------------------ set-up helpers

  private record Customer(String userId, Path password, Path acquisition, String acquisitionText) {
    AccountKey account() {
      return new AccountKey(userId, DataDir.FX_FORWARD);
    }
  }

  private Customer enroll() throws IOException {
    String userId = String.valueOf(NEXT_USER.incrementAndGet());
    EnrollmentResult r = admin.enrollment().enroll(userId, DataDir.FX_FORWARD);
    try (LetterFields l = ((EnrollmentResult.Enrolled) r).letter()) {
      String acquisition = new String(l.acquisitionPassword().toCharArray());
      return new Customer(userId,
          secret("password-" + userId, new String(l.temporaryPassword().toCharArray())),
          secret("acquisition-" + userId, acquisition), acquisition);
    }
  }

  /** A customer's certificate acquired through the SDK (the login part starts from it). */
  private Path acquireDirectly(Customer who) throws IOException {
    AcquisitionResult r = admin.acquisition().acquire(AcquisitionRequest.of(who.userId,
        DataDir.FX_FORWARD, Secret.of(Files.readString(who.password)),
        Secret.of(who.acquisitionText)));
    AcquisitionResult.Acquired a = (AcquisitionResult.Acquired) r;
    DownloadResult d = admin.acquisition().download(a.downloadTicket().orElseThrow().id());
    Path p12 = tmp.resolve(who.userId + ".p12");
    Files.write(p12, ((DownloadResult.Downloaded) d).pkcs12());
    return p12;
  }

  private Path secret(String name, String content) throws IOException {
    Path f = tmp.resolve(name);
    Files.createFile(f, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private String redirect(String page) {
    return "303 " + proxy().base() + "fx-forward/" + page;
  }

  private TlsTerminator proxy() {
    return java.util.Objects.requireNonNull(haproxy, "haproxy");
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF field in:\n" + html).isTrue();
    return m.group(1);
  }

  /** Waits until HAProxy's checks see every node up (a forced request then reaches its node). */
  private void awaitAllUp() throws Exception {
    for (NodeProcess n : nodes) {
      for (int i = 0; i < 100 && servedHealth(n) < 2; i++) {
        Thread.sleep(100);
      }
      assertThat(servedHealth(n)).as(n.name() + " checked by HAProxy\n" + proxy().log())
          .isGreaterThanOrEqualTo(2);
    }
  }

  /** Waits for HAProxy to take a killed node out (one failed check). */
  private void awaitDown(NodeProcess n) throws Exception {
    String down = "Server shomei_web/" + n.name() + " is DOWN";
    for (int i = 0; i < 100 && !proxy().log().contains(down); i++) {
      Thread.sleep(100);
    }
    assertThat(proxy().log()).contains(down);
  }

  /** One curl "browser" through HAProxy: a cookie jar, and the node the next request goes to. */
  private final class Curl {
    private final Path jar;
    private final Path body;
    private final List<String> extra = new ArrayList<>();
    private volatile @Nullable NodeProcess target;

    Curl(String jarName) {
      this.jar = tmp.resolve(jarName);
      this.body = tmp.resolve(jarName + ".body");
    }

    Curl certificate(Path p12, Customer who) throws IOException {
      Path config = secret("curl-" + who.userId + ".cfg", "cert = \"" + p12 + ":"
          + who.acquisitionText + "\"\ncert-type = \"P12\"\n");
      extra.addAll(List.of("-K", config.toString()));
      return this;
    }

    Curl on(NodeProcess n) {
      target = n;
      return this;
    }

    String run(String path, String... args) {
      return runTo(body, path, args);
    }

    String post(String path, String... fields) {
      List<String> args = new ArrayList<>();
      for (String f : fields) {
        args.add("--data-urlencode");
        args.add(f);
      }
      return run(path, args.toArray(String[]::new));
    }

    /** Runs curl; returns "STATUS REDIRECT-URL". */
    String runTo(Path out, String path, String... args) {
      NodeProcess n = target;
      List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60",
          "--cacert", proxy().siteCertificate().toString(),
          "-b", jar.toString(), "-c", jar.toString(), "-o", out.toString(),
          "-w", "%{http_code} %{redirect_url}"));
      if (n != null) {
        cmd.addAll(List.of("-H", NODE_HEADER + ": " + n.name()));
      }
      cmd.addAll(extra);
      cmd.addAll(List.of(args));
      cmd.add(proxy().base() + path.substring(1));
      return ProcessRunner.run(cmd, Duration.ofSeconds(90), tmp, Map.of(), null)
          .requireSuccess().stdout().trim();
    }

    String page(String path) throws IOException {
      String status = run(path);
      assertThat(status).as(path + "\n" + lastBody()).startsWith("200");
      return lastBody();
    }

    String lastBody() throws IOException {
      return Files.readString(body, StandardCharsets.UTF_8);
    }

    /** The session id in the jar's cookie. */
    String sessionId() throws IOException {
      for (String line : Files.readAllLines(jar, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", -1);
        if (f.length == 7 && f[5].equals(SessionStore.COOKIE)) {
          return f[6];
        }
      }
      throw new AssertionError("no session cookie in " + jar);
    }

    /** When the shared store last saw this browser's session (-1 once it is gone or rotated). */
    long sessionMark() throws Exception {
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(sessionId().getBytes(StandardCharsets.US_ASCII)));
      try (Connection c = data().dataSource().getConnection();
           PreparedStatement p = c.prepareStatement(
               "SELECT last_seen FROM web_sessions WHERE id_hash = ?")) {
        p.setString(1, hash);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? rs.getLong(1) : -1;
        }
      }
    }

    /**
     * Waits until a node has started on this browser's request: it read the session (which marks
     * it used) or rotated it. The kill that follows lands while the node works on the request.
     */
    void awaitWorkOn(long before) throws Exception {
      for (int i = 0; i < 3000 && sessionMark() == before; i++) {
        Thread.sleep(5);
      }
      assertThat(sessionMark()).as("a node started on the request").isNotEqualTo(before);
    }
  }

  /** One web-host JVM, started as a customer would start it, its output in a file. */
  private static NodeProcess startNode(String name, Path dir, String url, Path keyFile,
      Map<String, String> env, Path tmp) {
    return NodeProcess.startJava(name, List.of("-Xmx192m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        ShomeiWeb.class.getName(), "--data", dir.toString(), "--port", "0",
        "--behind-proxy", "haproxy", "--trusted-peer", Proxies.SOURCE,
        "--database", url, "--pending-login-key", keyFile.toString()), env,
        tmp.resolve(name + ".log"));
  }

  /** How many requests of this method and path the node's access log shows (answered ones). */
  private static long served(NodeProcess n, String method, String path) {
    return n.linesContaining(" " + method + " " + path + " ");
  }

  private static long servedHealth(NodeProcess n) {
    return served(n, "GET", "/health/ready");
  }
}
