package io.shomei.examples.web;

import io.shomei.core.Shomei;
import io.shomei.core.forwarded.ForwardedFormat;
import io.shomei.core.issue.KeyType;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.datadir.DataDirException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * Runs the web example: {@code java -jar shomei-web.jar [--port N] [--data DIR]}.
 *
 * <p>The first start creates {@code ./shomei-data} (an H2 database and a software EC root CA)
 * unless it exists, the web server's TLS identity in {@code shomei-data/web/}, and one demo
 * customer enrolled in {@code fx-forward} and {@code fx-other}, whose letters (user ID, temporary
 * password, acquisition password) are printed once. Every start prints the URL of the pages and that of certificate
 * login (a second port, the only one that asks the browser for a certificate). The server listens on 127.0.0.1 only.
 */
public final class ShomeiWeb {
  private ShomeiWeb() {}

  /** A started server and the data directory it holds open. */
  public static final class Running implements AutoCloseable {
    private final DataDir data;
    private final WebServer server;

    Running(DataDir data, WebServer server) {
      this.data = data;
      this.server = server;
    }

    /**
     * The server.
     *
     * @return the server
     */
    public WebServer server() {
      return server;
    }

    /**
     * The data directory.
     *
     * @return the opened directory
     */
    public DataDir data() {
      return data;
    }

    /** Stops the server and closes the data directory. */
    @Override
    public void close() {
      server.close();
      data.close();
    }
  }

  /**
   * The command line entry point.
   *
   * @param args {@code [--port N] [--data DIR]}
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    Running running;
    try {
      running = start(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    } catch (DataDirException | UncheckedIOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (running == null) {
      return;
    }
    Running r = running;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      r.close();
      stopped.countDown();
    }, "shomei-web-shutdown"));
    stopped.await();
  }

  static String usage() {
    return """
        usage: java -jar shomei-web.jar [--port N] [--login-port N] [--ocsp-port N] [--data DIR]
                                        [--behind-proxy FORMAT [--trusted-peer ADDR]...]
                                        [--database URL --pending-login-key FILE]
          --port N       port of the pages on 127.0.0.1 (default 8443; 0 picks a free port);
                         it never asks the browser for a certificate
          --login-port N port of certificate login, the one that asks for the certificate
                         (default: the next port after --port; a free one with --port 0;
                         none behind a proxy, whose configuration decides where to ask)
          --ocsp-port N  also serve OCSP over plain HTTP at http://127.0.0.1:N/ocsp
                         (always at /ocsp on the HTTPS port)
          --data DIR     data directory (default ./shomei-data; created on first start)
          --behind-proxy FORMAT
                         serve plain HTTP for a TLS terminator and take the client
                         certificate from its header: nginx, haproxy, rfc9440, apache, envoy
                         (configurations in examples/web/proxy/)
          --trusted-peer ADDR
                         an address or CIDR block the proxy connects from (repeatable;
                         default 127.0.0.1); headers from anyone else are refused
          --database URL keep the records and the sessions in PostgreSQL
                         (jdbc:postgresql://host:port/db; user and password from the
                         environment variables SHOMEI_DB_USER and SHOMEI_DB_PASSWORD)
                         instead of the embedded database: several nodes, each started
                         with a copy of the same data directory, share it
          --pending-login-key FILE
                         the key (base64, at least 32 random bytes, owner-only file) that
                         seals a login's steps so that each may reach another node; the
                         same file on every node; required with --database""";
  }

  /**
   * Parses the arguments, opens (or creates) the data directory and starts the server.
   *
   * @param args the command line
   * @param out where the start-up report (and, at the first start, the letter) goes
   * @return the running server, or {@code null} after {@code --help}
   * @throws IllegalArgumentException for a bad command line
   * @throws DataDirException if the data directory cannot be opened or created
   */
  public static @Nullable Running start(String[] args, PrintStream out) {
    int port = 8443;
    int ocspPort = -1;
    int loginPort = -1;
    Path dir = Path.of(DataDir.DEFAULT_DIRECTORY);
    @Nullable ForwardedFormat proxyFormat = null;
    List<String> trustedPeers = new ArrayList<>();
    @Nullable String database = null;
    @Nullable Path keyFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = parsePort(value(args, ++i, "--port"));
        case "--login-port" -> loginPort = parsePort(value(args, ++i, "--login-port"));
        case "--ocsp-port" -> ocspPort = parsePort(value(args, ++i, "--ocsp-port"));
        case "--data" -> dir = Path.of(value(args, ++i, "--data"));
        case "--behind-proxy" -> proxyFormat = BehindProxy.format(value(args, ++i, "--behind-proxy"));
        case "--trusted-peer" -> trustedPeers.add(value(args, ++i, "--trusted-peer"));
        case "--database" -> database = value(args, ++i, "--database");
        case "--pending-login-key" -> keyFile = Path.of(value(args, ++i, "--pending-login-key"));
        case "--help", "-h" -> {
          out.println(usage());
          return null;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (proxyFormat == null && !trustedPeers.isEmpty()) {
      throw new IllegalArgumentException("--trusted-peer needs --behind-proxy");
    }
    if (database != null && keyFile == null) {
      throw new IllegalArgumentException("--database shares the records between nodes: give"
          + " every node the same --pending-login-key FILE (make one with: head -c 32"
          + " /dev/urandom | base64 > FILE; chmod 600 FILE)");
    }
    @Nullable SecretKey pendingLoginKey = keyFile == null ? null : NodeKeys.read(keyFile);
    @Nullable BehindProxy proxy = proxyFormat == null ? null : new BehindProxy(proxyFormat,
        trustedPeers.isEmpty() ? List.of("127.0.0.1") : trustedPeers);
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    boolean created = !DataDir.exists(dir);
    DataDir data = created
        ? DataDir.init(dir, new CaSource.Generate(KeyType.EC_P256,
            "CN=Shomei Example Root CA,O=Example Bank,C=JP"), clock, random, System::getenv,
            database)
        : DataDir.open(dir, System::getenv, database);
    try {
      boolean firstWebStart = !Files.exists(dir.resolve("web"));
      ServerIdentity identity =
          ServerIdentity.loadOrCreate(dir.resolve("web"), Clock.systemUTC(), random);
      out.println("Shomei web example");
      out.println("data-directory: " + dir.toAbsolutePath().normalize()
          + (created ? " (created now; CA: " + data.custodyKind() + ")" : ""));
      out.println("server-ca: " + identity.caPemFile().toAbsolutePath().normalize());
      if (firstWebStart) {
        out.println();
        Shomei shomei = data.shomei(clock);
        String userId = DemoCustomer.enroll(shomei, DataDir.FX_FORWARD, random, out);
        out.println();
        DemoCustomer.enrollAlso(shomei, userId, DataDir.FX_OTHER, out);
      } else {
        out.println();
        out.println(secondStartHint(dir));
      }
      WebServer.Builder wb = WebServer.builder(data).port(port).clock(clock).secureRandom(random)
          .identity(identity);
      if (ocspPort >= 0) {
        wb.ocspPort(ocspPort);
      }
      if (loginPort >= 0) {
        wb.loginPort(loginPort);
      }
      if (proxy != null) {
        wb.behindProxy(proxy);
      }
      if (pendingLoginKey != null) {
        wb.pendingLoginKey(pendingLoginKey);
      }
      WebServer server = wb.start();
      out.println();
      out.println((proxy == null ? "url: " : "backend (for the proxy only): ") + server.uri());
      if (proxy == null) {
        out.println("certificate-login: " + server.loginUri()
            + " (the [certificate login] button leads here; only this port asks for a certificate)");
      }
      if (server.ocspUri() != null) {
        out.println("ocsp: " + server.ocspUri());
      }
      out.println("Open the URL in a browser; accept the server certificate or trust server-ca."
          + " Ctrl+C stops the server.");
      out.flush();
      return new Running(data, server);
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
  }

  /** What a later start says instead of the letter: how to get a customer's letter now. */
  static String secondStartHint(Path dir) {
    String d = dir.toString();
    return "The demo customer's letters were printed at the first start only (only password hashes"
        + " are stored).\nFor a new letter: stop the server (Ctrl+C), then enroll a customer with"
        + " the operator CLI:\n  examples/cli/shomei user add --data " + d
        + " --user-id 12345678 --service " + DataDir.FX_FORWARD
        + "\n(build it once: mvn -B -ntp -pl examples/cli -am package -DskipTests),"
        + " or start again with a new data directory: --data " + d + "-2";
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("--port must be 0..65535");
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number", e);
    }
  }
}
