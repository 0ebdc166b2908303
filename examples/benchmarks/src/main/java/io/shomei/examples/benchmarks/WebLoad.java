package io.shomei.examples.benchmarks;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.Shomei;
import io.shomei.core.issue.KeyType;
import io.shomei.core.password.LetterFields;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.Secret;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.NodeProcess;
import io.shomei.testing.env.PostgresServer;
import io.shomei.testing.env.TlsTerminator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The web example's certificate login under load, through a real HAProxy to two nodes on one
 * PostgreSQL, beside the same load forced onto one node and beside a static page of the same
 * servers, in one run. Everything runs on this machine on 127.0.0.1 (the clients come from
 * addresses of 127.0.0.0/8): its own throwaway PostgreSQL ({@link PostgresServer}), two web-host
 * JVMs started from {@code shomei-web.jar} as an operator starts them ({@link NodeProcess},
 * {@code --behind-proxy haproxy --database ...}), and HAProxy from the shipped
 * {@code examples/web/proxy/haproxy.cfg} with its server line made two
 * ({@link TlsTerminator#haproxyServers}), the machinery of the web example's
 * {@code SeveralNodesE2eTest}.
 *
 * <pre>
 *   WebLoad smoke|quick|full WEB_JAR HAPROXY_CFG WORK_DIR
 * </pre>
 *
 * <p>One <b>certificate login</b> is what a customer's browser does for the certificate step: a new
 * TLS connection to HAProxy with a full handshake presenting the customer's certificate (no
 * session resumption), {@code GET /fx-forward/} (the login screen: a new session and its CSRF
 * token) and {@code POST /fx-forward/login} answered by 303 to the password screen (the node
 * checks the forwarded certificate with the SDK and keeps the sealed pending login in the shared
 * session tables). The <b>static page</b> does the same connection with the same certificate and
 * two {@code GET /static/style.css}. Each connection comes from a new loopback address, as
 * customers do, and the nodes count their per-address limits by the address HAProxy passes.
 *
 * <p>A bounded number of clients runs each side for a bounded time slice; the three sides take
 * turns (in a rotating order) for a number of rounds, so drift in the shared machine's load lands
 * on all three. Printed: per side the operations, errors, throughput and the 50th and 99th
 * percentile of the latency over all rounds; the medians of the per-round throughput ratios; the
 * load average before and after. {@code smoke} runs a second of each side and fails on any error
 * or a side without an operation.
 */
public final class WebLoad {
  private static final String FWD = "/" + DataDir.FX_FORWARD + "/";
  private static final String SOURCE = "127.0.0.2";
  private static final String ROUTE = "X-Shomei-Route";
  private static final Pattern BACKEND = Pattern.compile(
      "backend \\(for the proxy only\\): http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final int TIMEOUT_MILLIS = 30_000;
  /** The most clients, rounds and seconds a slice any mode may use (the run stays bounded). */
  private static final int MAX_CLIENTS = 64;

  private static final int MAX_ROUNDS = 50;
  private static final double MAX_SLICE = 30;

  /** What one mode runs. */
  record Mode(int customers, int clients, int rounds, double warmupSeconds, double sliceSeconds) {
    Mode {
      if (clients < 1 || clients > MAX_CLIENTS || rounds < 1 || rounds > MAX_ROUNDS
          || sliceSeconds <= 0 || sliceSeconds > MAX_SLICE || warmupSeconds > MAX_SLICE
          || customers < 1 || customers > 1_000) {
        throw new IllegalArgumentException("out of bounds: " + this);
      }
    }

    static Mode named(String name) {
      return switch (name) {
        case "smoke" -> new Mode(2, 2, 1, 0, 1);
        case "quick" -> new Mode(16, 8, 5, 2, 3);
        case "full" -> new Mode(64, 16, 15, 5, 5);
        default -> throw new IllegalArgumentException("mode: smoke, quick or full");
      };
    }
  }

  /** The three sides. */
  enum Side {
    TWO_NODES("certificate login, HAProxy -> 2 nodes"),
    ONE_NODE("certificate login, HAProxy -> 1 node"),
    STATIC("static page, HAProxy -> 2 nodes");

    final String label;

    Side(String label) {
      this.label = label;
    }
  }

  /** A customer's TLS client: their certificate and key, trusting the proxy's site certificate. */
  record Customer(String userId, SSLContext tls) {}

  /** What one side did in one slice: operations, errors, wall time, each operation's latency. */
  static final class Slice {
    final Side side;
    final long ops;
    final long errors;
    final long nanos;
    final long[] latencies;

    Slice(Side side, long ops, long errors, long nanos, long[] latencies) {
      this.side = side;
      this.ops = ops;
      this.errors = errors;
      this.nanos = nanos;
      this.latencies = latencies;
    }

    double perSecond() {
      return ops * 1e9 / nanos;
    }
  }

  private final Mode mode;
  private final List<Customer> customers;
  private final int port;
  private final AtomicLong nextSource = new AtomicLong();
  private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

  private WebLoad(Mode mode, List<Customer> customers, int port) {
    this.mode = mode;
    this.customers = List.copyOf(customers);
    this.port = port;
  }

  /**
   * Sets everything up, runs the load and stops what it started.
   *
   * @param args mode, the web example's jar, the haproxy.cfg template, a work directory
   * @throws Exception if the set-up fails or, in smoke mode, a login failed
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: WebLoad smoke|quick|full WEB_JAR HAPROXY_CFG WORK_DIR");
    }
    Mode mode = Mode.named(args[0]);
    Path jar = Path.of(args[1]).toAbsolutePath();
    Path template = Path.of(args[2]).toAbsolutePath();
    Path work = Path.of(args[3]).toAbsolutePath();
    for (Component c : List.of(Component.POSTGRESQL, Component.HAPROXY, Component.OPENSSL)) {
      if (!c.isInstalled()) {
        System.out.println("web-load skipped: " + c + " is missing (Debian: " + c.debianPackage()
            + ")");
        System.exit("true".equals(System.getenv("CI")) ? 1 : 0);
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no web example jar at " + jar
          + " (mvn -pl examples/web -am package -DskipTests)");
    }
    Files.createDirectories(work);
    try (java.util.stream.Stream<Path> old = Files.list(work)) {
      for (Path p : old.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
        deleteTree(p); // an earlier run's logs and throwaway data directory
      }
    }
    Path run = Files.createTempDirectory(work, "run-");
    String loadBefore = loadAverage();
    List<NodeProcess> nodes = new ArrayList<>();
    @Nullable TlsTerminator haproxy = null;
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.jdbcUrl(pg.createDatabase());
      Map<String, String> env = Map.of(DataDir.DB_USER_ENV, pg.user(),
          DataDir.DB_PASSWORD_ENV, pg.password());
      SecureRandom random = new SecureRandom();
      Path dir = run.resolve("data");
      byte[] raw = new byte[32];
      random.nextBytes(raw);
      Path keyFile = run.resolve("pending-login.key");
      Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Files.writeString(keyFile, Base64.getEncoder().encodeToString(raw),
          StandardCharsets.US_ASCII);
      List<Acquired> acquired;
      try (DataDir data = DataDir.init(dir, new CaSource.Generate(KeyType.EC_P256,
          "CN=Load Test Root,O=Example Bank,C=JP"), Clock.systemUTC(), random, env::get, url)) {
        Shomei admin = data.shomei(Clock.systemUTC(), data.rules(),
            b -> b.pendingLoginKey(new SecretKeySpec(raw, "HmacSHA256")));
        acquired = acquire(admin, mode.customers());
        data.writeClientCas(run.resolve("client-cas.pem"));
      }
      // one after the other: the first start writes the server identity the second one reads
      for (int i = 1; i <= 2; i++) {
        NodeProcess n = NodeProcess.startJava("web" + i, List.of("-Xmx256m", "-jar",
            jar.toString(), "--data", dir.toString(), "--port", "0", "--behind-proxy", "haproxy",
            "--trusted-peer", SOURCE, "--database", url, "--pending-login-key",
            keyFile.toString()), env, run.resolve("web" + i + ".log"));
        nodes.add(n);
        n.awaitPort(BACKEND, Duration.ofMinutes(2));
      }
      List<TlsTerminator.Server> servers = new ArrayList<>();
      for (NodeProcess n : nodes) {
        servers.add(new TlsTerminator.Server(n.name(), n.port()));
      }
      haproxy = TlsTerminator.haproxy(template, Map.of(
          "@CLIENT_CA@", run.resolve("client-cas.pem").toString(),
          "@BACKEND_PORT@", Integer.toString(nodes.get(0).port()),
          "@SOURCE_ADDRESS@", SOURCE),
          // the shipped check timing: the tests' 500 ms checks take busy nodes out under load
          TlsTerminator.haproxyServers("web1", servers, SOURCE, ROUTE, "inter 2s fall 2 rise 1"),
          run.resolve("haproxy"));
      awaitChecked(nodes, haproxy);
      X509Certificate site = readCertificate(haproxy.siteCertificate());
      List<Customer> clients = new ArrayList<>();
      for (Acquired a : acquired) {
        clients.add(new Customer(a.userId, tls(a, site)));
      }
      WebLoad load = new WebLoad(mode, clients, haproxy.port());
      int failures = load.run(args[0], loadBefore);
      if (failures > 0) {
        System.err.println("web-load: " + failures + " failed operation(s); samples:");
        load.errorSamples.stream().limit(10).forEach(e -> System.err.println("  " + e));
        if (args[0].equals("smoke")) {
          System.exit(1);
        }
      }
    } finally {
      if (haproxy != null) {
        haproxy.close();
      }
      for (NodeProcess n : nodes) {
        n.close();
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A certificate handed to a customer: the PKCS#12 file and its password. */
  private static final class Acquired {
    final String userId;
    final byte[] pkcs12;
    final char[] password;

    Acquired(String userId, byte[] pkcs12, char[] password) {
      this.userId = userId;
      this.pkcs12 = pkcs12;
      this.password = password;
    }
  }

  private static List<Acquired> acquire(Shomei admin, int count) {
    List<Acquired> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String userId = Integer.toString(51_000_000 + i);
      EnrollmentResult r = admin.enrollment().enroll(userId, DataDir.FX_FORWARD);
      if (!(r instanceof EnrollmentResult.Enrolled e)) {
        throw new IllegalStateException("enrollment of " + userId + ": " + r);
      }
      try (LetterFields l = e.letter()) {
        char[] acquisition = l.acquisitionPassword().toCharArray();
        AcquisitionResult a = admin.acquisition().acquire(AcquisitionRequest.of(userId,
            DataDir.FX_FORWARD, Secret.wrap(l.temporaryPassword().toCharArray()),
            Secret.wrap(acquisition.clone())));
        if (!(a instanceof AcquisitionResult.Acquired got)) {
          throw new IllegalStateException("acquisition of " + userId + ": " + a);
        }
        DownloadResult d = admin.acquisition().download(got.downloadTicket().orElseThrow().id());
        if (!(d instanceof DownloadResult.Downloaded file)) {
          throw new IllegalStateException("download of " + userId + ": " + d);
        }
        out.add(new Acquired(userId, file.pkcs12(), acquisition));
      }
    }
    return out;
  }

  private static SSLContext tls(Acquired a, X509Certificate site) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(new ByteArrayInputStream(a.pkcs12), a.password);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, a.password);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("site", site);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return tls;
  }

  private static X509Certificate readCertificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** Waits until HAProxy has checked each node twice (its access log shows the checks). */
  private static void awaitChecked(List<NodeProcess> nodes, TlsTerminator haproxy)
      throws InterruptedException {
    for (NodeProcess n : nodes) {
      for (int i = 0; i < 200 && n.linesContaining(" GET /health/ready ") < 2; i++) {
        Thread.sleep(100);
      }
      if (n.linesContaining(" GET /health/ready ") < 2) {
        throw new IllegalStateException(n.name() + " not checked by HAProxy:\n" + haproxy.log());
      }
    }
  }

  // ------------------------------------------------------------------ the run

  private int run(String modeName, String loadBefore) throws InterruptedException {
    System.out.printf(Locale.ROOT, "web-load %s: %d clients, %d certificates, %d round(s) of %.1f s"
        + " per side (alternating), HAProxy on 127.0.0.1:%d, 2 web nodes, PostgreSQL 15%n",
        modeName, mode.clients(), customers.size(), mode.rounds(), mode.sliceSeconds(), port);
    if (mode.warmupSeconds() > 0) {
      for (Side s : Side.values()) {
        slice(s, mode.warmupSeconds());
      }
      errorSamples.clear();
    }
    List<List<Slice>> rounds = new ArrayList<>();
    Side[] sides = Side.values();
    for (int r = 0; r < mode.rounds(); r++) {
      List<Slice> round = new ArrayList<>();
      for (int i = 0; i < sides.length; i++) {
        round.add(slice(sides[(r + i) % sides.length], mode.sliceSeconds()));
      }
      rounds.add(round);
    }
    System.out.println();
    System.out.println("| side | operations | errors | per second | p50 | p99 |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    int failures = 0;
    for (Side s : sides) {
      long ops = 0;
      long errors = 0;
      long nanos = 0;
      List<long[]> all = new ArrayList<>();
      for (List<Slice> round : rounds) {
        for (Slice x : round) {
          if (x.side == s) {
            ops += x.ops;
            errors += x.errors;
            nanos += x.nanos;
            all.add(x.latencies);
          }
        }
      }
      long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      failures += (int) errors + (ops == 0 ? 1 : 0);
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %s | %s |%n", s.label, ops, errors,
          ops * 1e9 / nanos, millis(percentile(lat, 0.50)), millis(percentile(lat, 0.99)));
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "median of the per-round ratios: 2 nodes / 1 node %s;"
        + " login (2 nodes) / static page %s (throughput)%n",
        ratio(rounds, Side.TWO_NODES, Side.ONE_NODE), ratio(rounds, Side.TWO_NODES, Side.STATIC));
    System.out.println("load average (1 min) before: " + loadBefore + ", after: " + loadAverage()
        + " on " + Runtime.getRuntime().availableProcessors() + " CPUs");
    return failures;
  }

  private static String ratio(List<List<Slice>> rounds, Side a, Side b) {
    double[] r = new double[rounds.size()];
    for (int i = 0; i < r.length; i++) {
      double x = 0;
      double y = 0;
      for (Slice s : rounds.get(i)) {
        if (s.side == a) {
          x = s.perSecond();
        } else if (s.side == b) {
          y = s.perSecond();
        }
      }
      r[i] = y == 0 ? Double.NaN : x / y;
    }
    Arrays.sort(r);
    return String.format(Locale.ROOT, "%.2f (rounds %.2f..%.2f)", r[r.length / 2], r[0],
        r[r.length - 1]);
  }

  /** Runs one side with every client for a time; returns what it did. */
  private Slice slice(Side side, double seconds) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    int n = mode.clients();
    long[][] latencies = new long[n][];
    long[] errors = new long[n];
    CountDownLatch done = new CountDownLatch(n);
    for (int c = 0; c < n; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        long[] lat = new long[1024];
        int count = 0;
        int k = client;
        try {
          while (System.nanoTime() < deadline) {
            Customer who = customers.get(k++ % customers.size());
            long t0 = System.nanoTime();
            try {
              operation(side, who);
              if (count == lat.length) {
                lat = Arrays.copyOf(lat, count * 2);
              }
              lat[count++] = System.nanoTime() - t0;
            } catch (IOException | RuntimeException e) {
              errors[client]++;
              if (errorSamples.size() < 50) {
                errorSamples.add(side + " " + who.userId() + ": " + e);
              }
            }
          }
        } finally {
          latencies[client] = Arrays.copyOf(lat, count);
          done.countDown();
        }
      }, "web-load-" + c);
      t.setDaemon(true);
      t.start();
    }
    done.await();
    long nanos = System.nanoTime() - start;
    long ops = 0;
    long errs = 0;
    List<long[]> all = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      ops += latencies[c].length;
      errs += errors[c];
      all.add(latencies[c]);
    }
    return new Slice(side, ops, errs, nanos,
        all.stream().flatMapToLong(Arrays::stream).toArray());
  }

  /** One operation of a side, on a new connection from a new loopback address. */
  private void operation(Side side, Customer who) throws IOException {
    List<String> route = side == Side.ONE_NODE ? List.of(ROUTE + ": web1") : List.of();
    try (LoopbackHttps c = new LoopbackHttps(who.tls(), nextSource(), port, TIMEOUT_MILLIS)) {
      if (side == Side.STATIC) {
        expect(c.send("GET", "/static/style.css", route, null), 200, null);
        expect(c.send("GET", "/static/style.css", route, null), 200, null);
        return;
      }
      LoopbackHttps.Response screen = c.send("GET", FWD, route, null);
      expect(screen, 200, null);
      Matcher m = CSRF.matcher(screen.body());
      if (screen.cookies().isEmpty() || !m.find()) {
        throw new IOException("the login screen gave no session or no CSRF token");
      }
      List<String> headers = new ArrayList<>(route);
      headers.add("Cookie: " + String.join("; ", screen.cookies()));
      LoopbackHttps.Response step = c.send("POST", FWD + "login", headers,
          "csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.US_ASCII));
      expect(step, 303, FWD + "password");
    }
  }

  private static void expect(LoopbackHttps.Response r, int status, @Nullable String locationEnd)
      throws IOException {
    String location = r.header("location");
    if (r.status() != status || (locationEnd != null
        && (location == null || !location.endsWith(locationEnd)))) {
      throw new IOException("expected " + status + (locationEnd == null ? "" : " to "
          + locationEnd) + " but was " + r.status() + (location == null ? "" : " to " + location));
    }
  }

  /**
   * The next client address: 127.a.b.c with a from 1, never 127.0.0.x (HAProxy's own source and
   * the nodes' address), each used once for the first 16 million connections.
   */
  private InetAddress nextSource() throws IOException {
    long k = nextSource.getAndIncrement();
    byte[] a = {127, (byte) (1 + (k >> 16) % 250), (byte) (k >> 8), (byte) k};
    return InetAddress.getByAddress(a);
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String loadAverage() {
    return Pairs.load();
  }
}
