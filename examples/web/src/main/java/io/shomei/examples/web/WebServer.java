package io.shomei.examples.web;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.shomei.core.CrlPublisher;
import io.shomei.core.CrlRun;
import io.shomei.core.Shomei;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.datadir.CrlHttpHandler;
import io.shomei.examples.datadir.OcspHttpHandler;
import io.shomei.examples.web.http.ClientCertificates;
import io.shomei.examples.web.http.EdgeLimits;
import io.shomei.examples.web.http.HttpError;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Router;
import io.shomei.examples.web.http.JdbcSessionStore;
import io.shomei.examples.web.http.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The web application on two JDK {@link HttpsServer}s bound to 127.0.0.1: the pages' port, which
 * never asks for a client certificate (login page, acquisition, download), and the
 * certificate-login port, where TLS client authentication is <em>wanted</em> and the
 * [certificate login] button leads (manual L1-L2: the browser's certificate chooser appears there
 * and nowhere else). Both serve the same routes from one session store; a customer stays on the
 * certificate-login port from the certificate step until logout. Also: the session store, and the
 * executor that runs acquisitions behind the "issuing" screen.
 *
 * <pre>{@code
 * try (DataDir data = DataDir.open(Path.of("shomei-data"));
 *      WebServer web = WebServer.builder(data).port(8443).start()) {
 *   System.out.println(web.uri());
 *   ...
 * }
 * }</pre>
 *
 * <p>TLS 1.3 and 1.2 only (1.2 with ECDHE and AEAD suites). Closing the server does not close the
 * data directory.
 *
 * <p><b>Slow clients.</b> The JDK server gives a connection no thread while it is idle (before its
 * first byte, and between requests); from its first byte until its request has arrived it holds
 * one of {@value #REQUEST_THREADS} request threads, and is closed after
 * {@value #HEADER_DEADLINE_SECONDS} s. So a client that sends its headers slowly holds a thread
 * for at most that long, and it takes more than {@value #REQUEST_THREADS} such connections at
 * once, renewed every few seconds, to keep other visitors waiting. Limits per address on
 * connections belong in front of the host (a reverse proxy or load balancer that buffers whole
 * requests): see the README's security considerations.
 */
public final class WebServer implements AutoCloseable {
  /** The largest request body accepted. */
  static final int MAX_BODY_BYTES = 8 * 1024;

  /**
   * Seconds a connection may take, from its first byte, to complete the TLS handshake and send
   * its request (headers and body); a slower one is closed.
   */
  static final String HEADER_DEADLINE_SECONDS = "5";

  /** Threads that read and answer requests; a connection holds one only while it sends a request. */
  static final int REQUEST_THREADS = 32;

  static {
    // The JDK server reads these once, when its first instance is made; a host that set them
    // itself (on the command line) keeps its values.
    setIfAbsent("sun.net.httpserver.maxReqTime", HEADER_DEADLINE_SECONDS);
    setIfAbsent("sun.net.httpserver.maxRspTime", "60");
    setIfAbsent("jdk.tls.rejectClientInitiatedRenegotiation", "true");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private final HttpServer server;
  /**
   * The certificate-login listener (client authentication wanted); none behind a proxy, where the
   * proxy's configuration decides where the browser is asked for a certificate.
   */
  private final @Nullable HttpsServer loginServer;
  private final ThreadPoolExecutor requests;
  private final ThreadPoolExecutor issuing;
  private final ScheduledExecutorService housekeeping;
  private final SessionStore sessions;
  private final ServerIdentity identity;
  private final PrometheusMetrics metrics;
  /** The plain-HTTP listener of the OCSP responder, when configured (terminators speak only HTTP to it). */
  private final @Nullable HttpServer ocspServer;

  private WebServer(Builder b) throws IOException {
    DataDir data = b.data;
    Clock clock = b.clock;
    SecureRandom random = b.random;
    Consumer<String> log = b.log;
    this.identity = b.identity != null ? b.identity
        : ServerIdentity.loadOrCreate(data.path().resolve("web"), Clock.systemUTC(), random);
    this.metrics = new PrometheusMetrics();
    SecretKey sealKey = b.pendingLoginKey;
    Shomei shomei = data.shomei(clock, data.rules(),
        sb -> sealKey == null ? sb.metrics(metrics) : sb.metrics(metrics).pendingLoginKey(sealKey));
    BehindProxy proxy = b.behindProxy;
    // both listeners are bound first: the pages link to the certificate-login port by its number.
    // Behind a proxy there is one plain-HTTP listener and the pages link relatively.
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    InetSocketAddress address = new InetSocketAddress(loopback, b.port);
    HttpServer s = proxy != null ? HttpServer.create(address, 64) : HttpsServer.create(address, 64);
    @Nullable HttpsServer login = null;
    if (proxy == null) {
      try {
        login = HttpsServer.create(new InetSocketAddress(loopback, b.loginPort()), 64);
      } catch (IOException e) {
        s.stop(0);
        throw e;
      }
    }
    App.Origins origins = login == null ? new App.Origins("", "")
        : new App.Origins(origin(s), origin(login));
    Views views = new Views(DataDir.ZONE);
    App app = new App(shomei, views, clock, log, origins);
    // one node keeps its sessions in memory; nodes on a shared database keep them in its rows,
    // so that every request may reach another node (README, "Several nodes")
    this.sessions = data.sharedDatabase()
        ? new JdbcSessionStore(data.dataSource(), clock, random, b.idleTimeout,
            b.absoluteTimeout, b.maxSessions, new StateCodec())
        : SessionStore.inMemory(clock, random, b.idleTimeout, b.absoluteTimeout, b.maxSessions);
    this.issuing = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(32), daemon("shomei-issuing"));
    // A full queue refuses (the JDK server then closes that connection) instead of running the
    // request on the server's one dispatcher thread, which would stop every other connection.
    this.requests = new ThreadPoolExecutor(REQUEST_THREADS, REQUEST_THREADS, 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(128), daemon("shomei-http"),
        new ThreadPoolExecutor.AbortPolicy());

    AcquisitionPages acquisition = new AcquisitionPages(app, issuing);
    LoginPages loginPages = new LoginPages(app);
    RenewalPages renewal = new RenewalPages(app, issuing);
    StaticFiles files = new StaticFiles();
    HealthPages health = new HealthPages(shomei);
    Router router = new Router(sessions, b.edgeLimits.start(clock),
        (r, e) -> errorPage(views, r, e), log, clock, MAX_BODY_BYTES)
        .get("/", r -> Response.redirect("/" + DataDir.FX_FORWARD + "/"))
        .get("/static/style.css", files::css)
        .get("/static/keyboard.js", files::js)
        .get("/static/download.js", files::downloadJs)
        .get("/static/favicon.svg", files::icon)
        .get("/favicon.ico", files::icon)
        .get("/health/live", health::live)
        .get("/health/ready", health::ready)
        .get("/metrics", metrics::page)
        .get("/{service}/", loginPages::loginScreen)
        .get("/{service}/login", r -> Response.redirect("/" + App.service(r) + "/"))
        .post("/{service}/login", loginPages::certificateStep)
        .get("/{service}/acquire", acquisition::form)
        .post("/{service}/acquire", acquisition::submit)
        .get("/{service}/issuing", acquisition::issuing)
        .get("/{service}/download", acquisition::downloadPage)
        .post("/{service}/download", acquisition::download)
        .get("/{service}/password", loginPages::passwordScreen)
        .post("/{service}/password", loginPages::password)
        .get("/{service}/change-password", loginPages::changeScreen)
        .post("/{service}/change-password", loginPages::change)
        .get("/{service}/home", loginPages::home)
        .get("/{service}/renew", renewal::form)
        .post("/{service}/renew", renewal::submit)
        .post("/{service}/logout", loginPages::logout);
    if (proxy != null) {
      router.clientCertificates(ClientCertificates.forwarded(proxy.decoder(shomei.audit()), log));
    }
    if (login != null && s instanceof HttpsServer pages) {
      router.ownOrigins(Set.of(origins.pages(), origins.certificateLogin()));
      SSLContext tls = identity.sslContext(shomei.clientTrustManager(), random);
      pages.setHttpsConfigurator(configurator(tls, false));
      login.setHttpsConfigurator(configurator(tls, true));
      login.createContext("/", router);
      login.setExecutor(requests);
    }
    s.createContext("/", router);
    // OCSP for TLS terminators and relying parties: answers from the records login reads
    OcspHttpHandler ocsp = new OcspHttpHandler(shomei.ocspResponder().build(), "/ocsp");
    s.createContext("/ocsp", ocsp);
    // the CRL distribution points, /crl/<keyId> per CA (and /crl with one CA): the newest CRL
    // any node published, never signed on request
    CrlHttpHandler crl = new CrlHttpHandler(shomei.crls(), "/crl", clock);
    s.createContext("/crl", crl);
    s.setExecutor(requests);
    this.server = s;
    if (b.ocspPort >= 0) {
      HttpServer plain = HttpServer.create(new InetSocketAddress(
          InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), b.ocspPort), 64);
      plain.createContext("/ocsp", ocsp);
      plain.createContext("/crl", crl);
      plain.setExecutor(requests);
      plain.start();
      this.ocspServer = plain;
    } else {
      this.ocspServer = null;
    }
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("shomei-housekeeping"));
    // the task runs until close(); its future only reports cancellation
    var unused = housekeeping.scheduleWithFixedDelay(() -> {
      try {
        sessions.purgeExpired();
        shomei.acquisition().deleteExpiredTickets(clock.instant());
      } catch (RuntimeException e) {
        log.accept("housekeeping failed: " + e.getClass().getName());
      }
    }, 10, 10, TimeUnit.MINUTES);
    // every node tries each minute; for each CA, the node holding the CA's lease signs its CRL
    // when it is due (one CA failing does not keep the others from publishing)
    var unusedCrl = housekeeping.scheduleWithFixedDelay(() -> {
      for (CrlPublisher publisher : shomei.crls()) {
        String ca = publisher.issuingCa().keyId();
        try {
          if (publisher.publishIfDue() instanceof CrlRun.Published p) {
            log.accept("CRL " + p.crl().crlNumber() + " of CA " + ca + " published, next update "
                + p.crl().nextUpdate());
          }
        } catch (RuntimeException e) {
          log.accept("CRL publication of CA " + ca + " failed: " + e.getClass().getName());
        }
      }
    }, 0, 1, TimeUnit.MINUTES);
    s.start();
    if (login != null) {
      login.start();
    }
    this.loginServer = login;
  }

  /**
   * TLS 1.3/1.2 with strong suites; asks for a client certificate only when {@code wantClientAuth}
   * (also the operator console's listener).
   *
   * @param tls the context (from {@link ServerIdentity#sslContext})
   * @param wantClientAuth whether the handshake asks for a client certificate (never needs one)
   * @return the configurator
   */
  public static HttpsConfigurator configurator(SSLContext tls, boolean wantClientAuth) {
    return new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters sp = getSSLContext().getDefaultSSLParameters();
        sp.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        sp.setCipherSuites(strongSuites(sp.getCipherSuites()));
        sp.setWantClientAuth(wantClientAuth);
        params.setSSLParameters(sp);
      }
    };
  }

  private static String origin(HttpServer s) {
    return "https://127.0.0.1:" + s.getAddress().getPort();
  }

  private static String[] strongSuites(String[] available) {
    return Arrays.stream(available)
        .filter(c -> c.startsWith("TLS_AES_") || c.startsWith("TLS_CHACHA20_")
            || (c.startsWith("TLS_ECDHE_") && (c.contains("_GCM_") || c.contains("CHACHA20"))))
        .toArray(String[]::new);
  }

  private static Response errorPage(Views views, Request r, HttpError e) {
    Map<String, Object> m = Map.of("message", views.bundle(r).text(e.messageKey()),
        "home", "/" + DataDir.FX_FORWARD + "/");
    return views.page(r, e.status(), new Views.Page(DataDir.FX_FORWARD, "title.error",
        "/" + DataDir.FX_FORWARD + "/", List.of(), views.fragment(r, "error", m)));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Starts a builder.
   *
   * @param data the opened data directory (the server does not close it)
   * @return a builder
   */
  public static Builder builder(DataDir data) {
    return new Builder(data);
  }

  /**
   * The port the server listens on (the real one when started with port 0).
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The server's base URI, {@code https://127.0.0.1:PORT/}: the pages' port, which never asks for
   * a client certificate (behind a proxy {@code http://127.0.0.1:PORT/}, the address the proxy
   * forwards to).
   *
   * @return the URI
   */
  public URI uri() {
    return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port()
        + "/");
  }

  /**
   * The certificate-login port (the real one when started with port 0); behind a proxy, the one
   * port of {@link #uri()}.
   *
   * @return the port
   */
  public int loginPort() {
    return loginServer == null ? port() : loginServer.getAddress().getPort();
  }

  /**
   * The certificate-login listener's base URI, {@code https://127.0.0.1:LOGIN-PORT/}: the only one
   * that asks the browser for a client certificate. It serves the same routes as {@link #uri()}.
   * Behind a proxy, {@link #uri()}.
   *
   * @return the URI
   */
  public URI loginUri() {
    return loginServer == null ? uri() : URI.create("https://127.0.0.1:" + loginPort() + "/");
  }

  /**
   * The OCSP responder's plain-HTTP URL, {@code http://127.0.0.1:PORT/ocsp}, when an OCSP port was
   * configured; the responder also answers at {@code /ocsp} on the HTTPS port.
   *
   * @return the URI, or {@code null}
   */
  public @Nullable URI ocspUri() {
    return ocspServer == null ? null
        : URI.create("http://127.0.0.1:" + ocspServer.getAddress().getPort() + "/ocsp");
  }

  /**
   * The server's TLS identity (its CA certificate is what clients trust).
   *
   * @return the identity
   */
  public ServerIdentity identity() {
    return identity;
  }

  int sessionCount() {
    return sessions.size();
  }

  /** Stops the server (waiting at most a second for running exchanges) and its executors. */
  @Override
  public void close() {
    if (ocspServer != null) {
      ocspServer.stop(1);
    }
    server.stop(1);
    if (loginServer != null) {
      loginServer.stop(1);
    }
    housekeeping.shutdownNow();
    issuing.shutdownNow();
    requests.shutdownNow();
  }

  @Override
  public String toString() {
    return "WebServer[" + uri() + "]";
  }

  /** Configures and starts a {@link WebServer}. */
  public static final class Builder {
    private final DataDir data;
    private Clock clock = Clock.systemUTC();
    private int port = 8443;
    private int loginPort = -1;
    private SecureRandom random = new SecureRandom();
    private Consumer<String> log = System.out::println;
    private @Nullable ServerIdentity identity;
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Duration absoluteTimeout = Duration.ofHours(8);
    private int maxSessions = 10_000;
    private int ocspPort = -1;
    private EdgeLimits edgeLimits = EdgeLimits.defaults();
    private @Nullable BehindProxy behindProxy;
    private @Nullable SecretKey pendingLoginKey;

    private Builder(DataDir data) {
      this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * The clock of every decision (default the system clock; tests rehearse other dates).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The port on 127.0.0.1 (default 8443; 0 picks a free one).
     *
     * @param p the port
     * @return this builder
     */
    public Builder port(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port must be 0..65535");
      }
      port = p;
      return this;
    }

    /**
     * The certificate-login port on 127.0.0.1 (default: the next port after {@link #port}, or a
     * free one when that is 0; 0 picks a free one).
     *
     * @param p the port
     * @return this builder
     */
    public Builder loginPort(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("loginPort must be 0..65535");
      }
      loginPort = p;
      return this;
    }

    int loginPort() {
      if (loginPort >= 0) {
        return loginPort;
      }
      return port == 0 ? 0 : port == 65535 ? 65534 : port + 1;
    }

    /**
     * The CSPRNG for session ids, CSRF tokens and TLS.
     *
     * @param r the CSPRNG
     * @return this builder
     */
    public Builder secureRandom(SecureRandom r) {
      random = Objects.requireNonNull(r, "random");
      return this;
    }

    /**
     * Where the access log goes (default standard output). It never receives a secret.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder log(Consumer<String> sink) {
      log = Objects.requireNonNull(sink, "log");
      return this;
    }

    /**
     * The server's TLS identity (default: {@code web/} in the data directory, created on first use).
     *
     * @param id the identity
     * @return this builder
     */
    public Builder identity(ServerIdentity id) {
      identity = Objects.requireNonNull(id, "identity");
      return this;
    }

    /**
     * How long an unused session lives (default 10 minutes).
     *
     * @param d the timeout
     * @return this builder
     */
    public Builder idleTimeout(Duration d) {
      idleTimeout = Objects.requireNonNull(d, "idleTimeout");
      return this;
    }

    /**
     * The most sessions held (default 10,000).
     *
     * @param n the bound
     * @return this builder
     */
    public Builder maxSessions(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxSessions must be positive");
      }
      maxSessions = n;
      return this;
    }

    /**
     * Also serves the OCSP responder over plain HTTP on this port of 127.0.0.1 (default: only at
     * {@code /ocsp} on the HTTPS port). TLS terminators such as nginx fetch OCSP only over HTTP.
     *
     * @param p the port; 0 picks a free one
     * @return this builder
     */
    public Builder ocspPort(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("ocspPort must be 0..65535");
      }
      ocspPort = p;
      return this;
    }

    /**
     * The limits per source address and per user ID (default {@link EdgeLimits#defaults()}).
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder edgeLimits(EdgeLimits limits) {
      edgeLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Runs behind a TLS terminator: plain HTTP on 127.0.0.1, the client certificate taken from the
     * header the proxy forwards, only from its trusted peers (see {@link BehindProxy}).
     *
     * @param proxy the proxy's format and addresses
     * @return this builder
     */
    public Builder behindProxy(BehindProxy proxy) {
      behindProxy = Objects.requireNonNull(proxy, "proxy");
      return this;
    }

    /**
     * The key that seals the SDK's pending logins, renewal challenges and password proofs
     * ({@link io.shomei.core.Shomei.Builder#pendingLoginKey}): the same key on every node, so that
     * each step of a login may reach another node. Required when the data directory is on a shared
     * database ({@link DataDir#sharedDatabase()}); a single node without it seals with a key of
     * its own, made at each start.
     *
     * @param key at least 256 bits, for HMAC-SHA256
     * @return this builder
     */
    public Builder pendingLoginKey(SecretKey key) {
      pendingLoginKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalStateException if the data directory is on a shared database and no
     *     {@link #pendingLoginKey} was given
     */
    public WebServer start() {
      if (data.sharedDatabase() && pendingLoginKey == null) {
        throw new IllegalStateException("the database is shared between nodes, so every node"
            + " needs the same pending-login key (--pending-login-key FILE); a key of each node's"
            + " own would send customers back to the certificate step whenever the load balancer"
            + " changes node");
      }
      try {
        return new WebServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the web server on 127.0.0.1:" + port
            + " and " + loginPort(), e);
      }
    }
  }
}
