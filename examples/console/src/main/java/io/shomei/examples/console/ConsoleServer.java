package io.shomei.examples.console;

import com.sun.net.httpserver.HttpsServer;
import io.shomei.core.DualControl;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.letter.BankLetter;
import io.shomei.examples.web.ServerIdentity;
import io.shomei.examples.web.WebServer;
import io.shomei.examples.web.http.EdgeLimits;
import io.shomei.examples.web.http.HttpError;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Router;
import io.shomei.examples.web.http.SessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The branch operator console on one JDK {@link HttpsServer} bound to 127.0.0.1, over a data
 * directory the customer hosts also use (one process at a time on an H2 directory; any number on
 * a shared PostgreSQL one).
 *
 * <pre>{@code
 * try (DataDir data = DataDir.open(Path.of("shomei-data"));
 *      ConsoleServer console = ConsoleServer.builder(data, operatorCas).port(9443).start()) {
 *   System.out.println(console.uri());
 * }
 * }</pre>
 *
 * <p>Every handshake asks for a client certificate (never requires one: a browser without one
 * reaches the login page, which says what is missing) and names the operators' CAs as the
 * acceptable issuers; the chain's trust is Shomei's to decide at the login's certificate step
 * ({@link OperatorService}). Dual control covers every sensitive action by default
 * ({@link DualControl#all()}).
 */
public final class ConsoleServer implements AutoCloseable {
  static final int MAX_BODY_BYTES = 8 * 1024;

  private final HttpsServer server;
  private final ThreadPoolExecutor requests;
  private final ServerIdentity identity;
  private final Shomei shomei;

  private ConsoleServer(Builder b, Path letterFont) throws IOException {
    this.identity = b.identity != null ? b.identity
        : ServerIdentity.loadOrCreate(b.data.path().resolve("console"), Clock.systemUTC(),
            b.random);
    Eligibility rules = b.data.rules();
    DualControl policy = b.dualControl;
    this.shomei = b.data.shomei(b.clock, rules, sb -> sb
        .service(OperatorService.settings(b.operatorCas, rules))
        .dualControl(policy));
    SessionStore sessions = SessionStore.inMemory(b.clock, b.random, Duration.ofMinutes(15),
        Duration.ofHours(8), 1_000);
    ConsoleViews views = new ConsoleViews(DataDir.ZONE);
    BankLetter letter = BankLetter.withFont(letterFont);
    ConsolePages pages = new ConsolePages(shomei, views, letter, b.bankName, b.clock, b.log);
    CampaignPages campaign = new CampaignPages(pages, views,
        b.data.storage().certificateStore(), () -> RuleSet.load(b.data.rulesFile()), b.clock);
    byte[] css = resource("/io/shomei/examples/web/static/style.css");
    byte[] consoleCss = resource("/io/shomei/examples/console/static/console.css");
    Router router = new Router(sessions, b.edgeLimits.start(b.clock),
        (r, e) -> errorPage(views, r, e), b.log, b.clock, MAX_BODY_BYTES)
        .get("/static/style.css", r -> css(css))
        .get("/static/console.css", r -> css(consoleCss))
        .get("/", pages::home)
        .post("/login", pages::certificateStep)
        .get("/password", pages::passwordScreen)
        .post("/password", pages::password)
        .get("/change-password", pages::changeScreen)
        .post("/change-password", pages::change)
        .post("/logout", pages::logout)
        .get("/accounts", pages::accounts)
        .post("/propose", pages::propose)
        .get("/proposals", pages::proposals)
        .post("/decide", pages::decide)
        .post("/letter", pages::downloadLetter)
        .get("/campaign", campaign::page)
        .get("/campaign.svg", campaign::svg)
        .get("/campaign.csv", campaign::csv);
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    HttpsServer s = HttpsServer.create(new InetSocketAddress(loopback, b.port), 64);
    SSLContext tls = identity.sslContext(shomei.clientTrustManager(OperatorService.SERVICE),
        b.random);
    s.setHttpsConfigurator(WebServer.configurator(tls, true));
    s.createContext("/", router);
    this.requests = new ThreadPoolExecutor(8, 8, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(64), daemon(), new ThreadPoolExecutor.AbortPolicy());
    s.setExecutor(requests);
    s.start();
    this.server = s;
  }

  private static Response css(byte[] body) {
    return Response.bytes(200, "text/css; charset=utf-8", body.clone())
        .header("Cache-Control", "max-age=300");
  }

  private static byte[] resource(String path) {
    try (InputStream in = ConsoleServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response errorPage(ConsoleViews views, Request r, HttpError e) {
    String key = ConsoleViews.MESSAGES.bundle("ja").has(e.messageKey()) ? e.messageKey()
        : "error.other";
    return views.page(r, e.status(), "title.error", "/", null,
        views.notice(r, "error", views.bundle(r).text(key), "HTTP_" + e.status()),
        views.fragment(r, "back", Map.of("href", "/")));
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "shomei-console-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Starts a builder.
   *
   * @param data the opened data directory (the console does not close it)
   * @param operatorCas the operators' CA certificates: the only anchors of the console's logins
   * @return a builder
   */
  public static Builder builder(DataDir data, List<X509Certificate> operatorCas) {
    return new Builder(data, operatorCas);
  }

  /**
   * The console's base URI, {@code https://127.0.0.1:PORT/}.
   *
   * @return the URI
   */
  public URI uri() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /**
   * The server's TLS identity (its CA certificate is what browsers trust).
   *
   * @return the identity
   */
  public ServerIdentity identity() {
    return identity;
  }

  /**
   * The engine the console runs on (with the operators' service and dual control).
   *
   * @return the engine
   */
  public Shomei shomei() {
    return shomei;
  }

  /** Stops the server (at most a second for running exchanges). */
  @Override
  public void close() {
    server.stop(1);
    requests.shutdownNow();
  }

  @Override
  public String toString() {
    return "ConsoleServer[" + uri() + "]";
  }

  /** Configures and starts a {@link ConsoleServer}. */
  public static final class Builder {
    private final DataDir data;
    private final List<X509Certificate> operatorCas;
    private Clock clock = Clock.systemUTC();
    private int port = 9443;
    private SecureRandom random = new SecureRandom();
    private Consumer<String> log = System.out::println;
    private @Nullable ServerIdentity identity;
    private DualControl dualControl = DualControl.all();
    private String bankName = "証明銀行 / Shomei Bank";
    private @Nullable Path letterFont = BankLetter.installedJapaneseFont().orElse(null);
    private EdgeLimits edgeLimits = EdgeLimits.defaults();

    private Builder(DataDir data, List<X509Certificate> operatorCas) {
      this.data = Objects.requireNonNull(data, "data");
      this.operatorCas = List.copyOf(operatorCas);
      if (this.operatorCas.isEmpty()) {
        throw new IllegalArgumentException("the console needs at least one operators' CA");
      }
    }

    /**
     * The clock of every decision (default the system clock).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The port on 127.0.0.1 (default 9443; 0 for any free one).
     *
     * @param p the port
     * @return this builder
     */
    public Builder port(int p) {
      port = p;
      return this;
    }

    /**
     * The CSPRNG (default a new {@link SecureRandom}).
     *
     * @param r the CSPRNG
     * @return this builder
     */
    public Builder random(SecureRandom r) {
      random = Objects.requireNonNull(r, "random");
      return this;
    }

    /**
     * Where the access log and refusals go (default standard output); never a secret.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder log(Consumer<String> sink) {
      log = Objects.requireNonNull(sink, "log");
      return this;
    }

    /**
     * The server's TLS identity (default made or loaded under {@code DATA/console}).
     *
     * @param i the identity
     * @return this builder
     */
    public Builder identity(ServerIdentity i) {
      identity = Objects.requireNonNull(i, "identity");
      return this;
    }

    /**
     * Which actions need a second operator, and how long a proposal waits (default every
     * action, {@link DualControl#DEFAULT_EXPIRY}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder dualControl(DualControl policy) {
      dualControl = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The bank's name as the letter prints it.
     *
     * @param name the name
     * @return this builder
     */
    public Builder bankName(String name) {
      bankName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The letter's font, which must cover Japanese (default IPA Gothic where Debian puts it).
     *
     * @param font the TrueType file
     * @return this builder
     */
    public Builder letterFont(Path font) {
      letterFont = Objects.requireNonNull(font, "font");
      return this;
    }

    /**
     * Limits per address (default {@link EdgeLimits#defaults()}).
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder edgeLimits(EdgeLimits limits) {
      edgeLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Starts the console. Fails before listening if no letter font is there: an approval must
     * never generate a password it cannot put into a letter.
     *
     * @return the running console
     * @throws IOException if the port cannot be bound
     * @throws IllegalStateException if no letter font is installed or configured
     */
    public ConsoleServer start() throws IOException {
      Path font = letterFont;
      if (font == null) {
        throw new IllegalStateException("no Japanese font for the letter: install "
            + "fonts-ipafont-gothic or configure letterFont(...)");
      }
      return new ConsoleServer(this, font);
    }
  }
}
