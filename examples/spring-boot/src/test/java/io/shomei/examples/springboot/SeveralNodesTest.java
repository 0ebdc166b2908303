package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.EnrollmentResult;
import io.shomei.core.Shomei;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CredentialRecord;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.NodeProcess;
import io.shomei.testing.env.PostgresServer;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.TlsTerminator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three Spring Boot JVMs with the {@code postgres} profile on one PostgreSQL, behind a real HAProxy
 * (the web example's shipped haproxy.cfg, its server line made three): the manual walked with
 * curl, each step forced onto another node (a request header HAProxy routes by). The login session
 * (Spring Security's context with the sealed pending login, the CSRF token, the download ticket)
 * lives in Spring Session JDBC's tables, and the nodes share the pending-login key. Afterwards the
 * account has exactly one active certificate, its counters are exact and the audit chain is
 * intact. The same walk with each node's sessions in its own memory fails at the first step that
 * changes node ({@link #inMemorySessionsLoseTheLoginOnTheNextNode}).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SeveralNodesTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern STARTED = Pattern.compile(
      "Shomei Spring Boot example: https://127\\.0\\.0\\.1:(\\d+)/");
  private static final Path HAPROXY_CFG = Path.of("..", "web", "proxy", "haproxy.cfg");
  private static final String SOURCE = "127.0.0.2";
  private static final String NODE_HEADER = "X-Shomei-Test-Node";
  private static final String IN_MEMORY_SESSIONS =
      "--spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.session."
          + "SessionAutoConfiguration";

  @TempDir Path tmp;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private @Nullable ConfigurableApplicationContext admin;
  private @Nullable TlsTerminator haproxy;
  private Map<String, String> env = Map.of();
  private Path data = Path.of("unset");
  private Path keyFile = Path.of("unset");

  @BeforeEach
  void database() throws Exception {
    Components.require(Component.POSTGRESQL, Component.HAPROXY, Component.CURL,
        Component.OPENSSL);
    PostgresServer pg = PostgresServer.shared();
    env = Map.of("SHOMEI_DB_URL", pg.jdbcUrl(pg.createDatabase()), "SHOMEI_DB_USER", pg.user(),
        "SHOMEI_DB_PASSWORD", pg.password());
    data = Files.createDirectories(tmp.resolve("data"));
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    keyFile = tmp.resolve("pending-login.key");
    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(raw),
        StandardCharsets.US_ASCII);
    // the operator's own instance on the same directory and database: it creates the CA and the
    // schema before the nodes start, and enrolls the customer (no web server)
    List<String> args = new ArrayList<>(List.of("--spring.profiles.active=postgres",
        "--shomei.data-dir=" + data, "--shomei.demo-customer=false", "--logging.level.root=WARN",
        "--shomei.pending-login-key-file=" + keyFile));
    env.forEach((k, v) -> args.add("--" + k + "=" + v));
    admin = new SpringApplicationBuilder(ShomeiSpringBootApplication.class)
        .web(WebApplicationType.NONE).run(args.toArray(new String[0]));
  }

  private void startNodes(String... extra) throws Exception {
    for (int i = 1; i <= 3; i++) {
      List<String> args = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"),
          ShomeiSpringBootApplication.class.getName(), "--spring.profiles.active=postgres",
          "--server.port=0", "--server.ssl.enabled=false",
          "--shomei.behind-proxy.format=haproxy", "--shomei.behind-proxy.trusted-peers=" + SOURCE,
          "--shomei.data-dir=" + data, "--shomei.demo-customer=false",
          "--shomei.pending-login-key-file=" + keyFile, "--logging.level.root=WARN"));
      args.addAll(List.of(extra));
      nodes.add(NodeProcess.startJava("boot" + i, args, env, tmp.resolve("boot" + i + ".log")));
    }
    List<TlsTerminator.Server> servers = new ArrayList<>();
    for (NodeProcess n : nodes) {
      servers.add(new TlsTerminator.Server(n.name(), n.awaitPort(STARTED, Duration.ofMinutes(3))));
    }
    Path dir = Files.createDirectories(tmp.resolve("haproxy"));
    haproxy = TlsTerminator.haproxy(HAPROXY_CFG, Map.of(
        "@CLIENT_CA@", clientCas(dir).toString(),
        "@BACKEND_PORT@", Integer.toString(servers.get(0).port()), "@SOURCE_ADDRESS@", SOURCE),
        TlsTerminator.haproxyServers("web1", servers, SOURCE, NODE_HEADER), dir);
    // HAProxy counts a server up until a check fails; one check fails while a node starts
    // slowly, the next good one (rise 1) brings it back: wait until each one's last word is UP
    Thread.sleep(1_500);
    for (int i = 0; i < 100 && !nodes.stream().allMatch(this::up); i++) {
      Thread.sleep(100);
    }
    assertThat(nodes).as(proxy().log()).allMatch(this::up);
  }

  private boolean up(NodeProcess n) {
    String log = proxy().log();
    return log.lastIndexOf("Server shomei_web/" + n.name() + " is UP")
        >= log.lastIndexOf("Server shomei_web/" + n.name() + " is DOWN");
  }

  @AfterEach
  void stop() {
    for (NodeProcess n : nodes) {
      n.close();
    }
    if (haproxy != null) {
      haproxy.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void theWholeManualWithEachStepOnAnotherNode() throws Exception {
    startNodes();
    Letter who = enroll("61000001");
    NodeProcess n1 = nodes.get(0);
    NodeProcess n2 = nodes.get(1);
    NodeProcess n3 = nodes.get(2);

    // 2.1: acquisition form, submission and download, each on another node
    Curl browser = new Curl("browser");
    String form = browser.on(n1).csrf("/acquire");
    String issued = browser.on(n2).post("/acquire", form, "service=fx-forward",
        "userId=" + who.userId(), "password=" + who.temporaryPassword(),
        "acquisitionPassword=" + who.acquisitionPassword());
    assertThat(issued).as(browser.body()).startsWith("200");
    String downloadCsrf = csrfIn(browser.body());
    Path p12 = tmp.resolve("customer.p12");
    assertThat(browser.on(n3).postTo(p12, "/acquire/download", downloadCsrf)).startsWith("200");

    // 2.2: certificate step, password, first-login change and the landing page
    Path config = secret("cert.cfg", "cert = \"" + p12 + ":" + who.acquisitionPassword()
        + "\"\ncert-type = \"P12\"\n");
    Curl customer = new Curl("customer", "-K", config.toString());
    String base = proxy().base();
    assertThat(customer.on(n2).post("/login/certificate", customer.on(n1).csrf("/"),
        "service=fx-forward")).isEqualTo("303 " + base + "login/password");
    assertThat(customer.on(n1).post("/login/password", customer.on(n3).csrf("/login/password"),
        "password=" + who.temporaryPassword())).isEqualTo("303 " + base + "login/change");
    String fresh = "Nodes2go" + who.userId().substring(0, 3) + "x";
    assertThat(customer.on(n3).post("/login/change", customer.on(n2).csrf("/login/change"),
        "newPassword=" + fresh, "confirmation=" + fresh)).isEqualTo("303 " + base + "home");
    assertThat(customer.on(n1).get("/home")).startsWith("200");
    assertThat(customer.body()).contains(who.userId());

    assertExactlyOneActiveAndExactCounters(who);
  }

  @Test
  void inMemorySessionsLoseTheLoginOnTheNextNode() throws Exception {
    startNodes(IN_MEMORY_SESSIONS);
    Letter who = enroll("61000002");
    Curl browser = new Curl("browser");
    String form = browser.on(nodes.get(0)).csrf("/acquire");
    String issued = browser.on(nodes.get(1)).post("/acquire", form, "service=fx-forward",
        "userId=" + who.userId(), "password=" + who.temporaryPassword(),
        "acquisitionPassword=" + who.acquisitionPassword());
    // node 2 has never seen the session that holds the form's CSRF token
    assertThat(issued).startsWith("403");
  }

  // ------------------------------------------------------------------ checks

  private void assertExactlyOneActiveAndExactCounters(Letter who) {
    JdbcStorage storage = context().getBean(JdbcStorage.class);
    AccountKey account = new AccountKey(who.userId(), "fx-forward");
    assertThat(storage.certificateStore().findByAccount(account))
        .filteredOn(r -> r.status() == CertificateStatus.ACTIVE).hasSize(1);
    CredentialRecord c = storage.credentialStore().find(account).orElseThrow();
    assertThat(c.loginFailures()).isZero();
    assertThat(c.acquisitionFailures()).isZero();
    assertThat(c.lastLoginAt()).isNotNull();
    assertThat(new AuditTrail(storage.auditLog(), Clock.systemUTC()).verify())
        .isInstanceOf(ChainVerification.Intact.class);
  }

  // ------------------------------------------------------------------ set-up helpers

  private record Letter(String userId, String temporaryPassword, String acquisitionPassword) {}

  private Letter enroll(String userId) {
    EnrollmentResult r = context().getBean(Shomei.class).enrollment().enroll(userId, "fx-forward");
    try (LetterFields l = ((EnrollmentResult.Enrolled) r).letter()) {
      return new Letter(userId, new String(l.temporaryPassword().toCharArray()),
          new String(l.acquisitionPassword().toCharArray()));
    }
  }

  private ConfigurableApplicationContext context() {
    return java.util.Objects.requireNonNull(admin, "admin");
  }

  private TlsTerminator proxy() {
    return java.util.Objects.requireNonNull(haproxy, "haproxy");
  }

  private Path clientCas(Path dir) throws Exception {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : context().getBean(Shomei.class).clientTrustManager()
        .getAcceptedIssuers()) {
      b.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    Path f = dir.resolve("client-cas.pem");
    Files.writeString(f, b.toString(), StandardCharsets.US_ASCII);
    return f;
  }

  private Path secret(String name, String content) throws Exception {
    Path f = tmp.resolve(name);
    Files.createFile(f, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private static String csrfIn(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF field in " + html).isTrue();
    return m.group(1);
  }

  /** One curl "browser" through HAProxy: a cookie jar, and the node the next request goes to. */
  private final class Curl {
    private final Path jar;
    private final Path out;
    private final List<String> options;
    private @Nullable NodeProcess target;

    Curl(String name, String... options) {
      this.jar = tmp.resolve(name + ".jar");
      this.out = tmp.resolve(name + ".html");
      this.options = List.of(options);
    }

    Curl on(NodeProcess n) {
      target = n;
      return this;
    }

    String get(String path) {
      return run(out, path);
    }

    String csrf(String path) throws Exception {
      assertThat(run(out, path)).as(path).startsWith("200");
      return csrfIn(body());
    }

    String post(String path, String csrf, String... fields) {
      return postTo(out, path, csrf, fields);
    }

    /** A form post: each field "name=value", URL-encoded by curl. */
    String postTo(Path file, String path, String csrf, String... fields) {
      List<String> args = new ArrayList<>(List.of("--data-urlencode", "_csrf=" + csrf));
      for (String f : fields) {
        args.addAll(List.of("--data-urlencode", f));
      }
      return run(file, path, args.toArray(new String[0]));
    }

    String body() throws Exception {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    private String run(Path file, String path, String... args) {
      List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60",
          "--cacert", proxy().siteCertificate().toString(),
          "-b", jar.toString(), "-c", jar.toString(), "-o", file.toString(),
          "-w", "%{http_code} %{redirect_url}"));
      NodeProcess n = target;
      if (n != null) {
        cmd.addAll(List.of("-H", NODE_HEADER + ": " + n.name()));
      }
      cmd.addAll(options);
      cmd.addAll(List.of(args));
      cmd.add(proxy().base() + path.substring(1));
      return ProcessRunner.run(cmd, Duration.ofSeconds(90), tmp, Map.of(), null)
          .requireSuccess().stdout().trim();
    }
  }
}
