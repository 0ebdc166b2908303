package io.shomei.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nginx or HAProxy started by a test from a configuration template (the ones the examples
 * ship), in the foreground, on a free port of 127.0.0.1, with a fresh self-signed site certificate
 * for 127.0.0.1 made by {@code openssl}. The template's {@code @NAME@} placeholders are filled from
 * the values given plus {@code @PREFIX@} (the run directory), {@code @LISTEN_PORT@},
 * {@code @SERVER_CERT@}, {@code @SERVER_KEY@} and {@code @SERVER_PEM@} (certificate and key in one
 * file, as HAProxy wants it); a placeholder left unfilled fails the start. The configuration is
 * checked ({@code nginx -t}, {@code haproxy -c}) before the start. {@link #close()} stops the
 * process it started (by its handle) and waits for it; never a system service.
 *
 * @since 0.2.0
 */
public final class TlsTerminator implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");

  private final Process process;
  private final int port;
  private final Path dir;

  private TlsTerminator(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts nginx ({@link Component#NGINX}).
   *
   * @param template the configuration template
   * @param values placeholder values ({@code @BACKEND_PORT@} to {@code "8080"}, ...)
   * @param edit a last edit of the filled configuration (identity for the template as shipped)
   * @param dir an empty run directory
   * @return the running nginx
   */
  public static TlsTerminator nginx(Path template, Map<String, String> values,
      UnaryOperator<String> edit, Path dir) {
    return start(template, values, edit, dir, "nginx.conf",
        file -> List.of("/usr/sbin/nginx", "-t", "-p", dir.toAbsolutePath().toString(), "-c",
            file.toString()),
        file -> List.of("/usr/sbin/nginx", "-p", dir.toAbsolutePath().toString(), "-c",
            file.toString()));
  }

  /**
   * Starts HAProxy ({@link Component#HAPROXY}) in the foreground ({@code -db}).
   *
   * @param template the configuration template
   * @param values placeholder values
   * @param edit a last edit of the filled configuration
   * @param dir an empty run directory
   * @return the running HAProxy
   */
  public static TlsTerminator haproxy(Path template, Map<String, String> values,
      UnaryOperator<String> edit, Path dir) {
    return start(template, values, edit, dir, "haproxy.cfg",
        file -> List.of("/usr/sbin/haproxy", "-c", "-f", file.toString()),
        file -> List.of("/usr/sbin/haproxy", "-db", "-f", file.toString()));
  }

  /**
   * One backend server of an HAProxy configuration.
   *
   * @param name the server's name (also the value of the routing header that picks it)
   * @param port its port on 127.0.0.1
   */
  public record Server(String name, int port) {
    /** Checks the values. */
    public Server {
      if (!name.matches("[A-Za-z0-9_-]+") || port < 1 || port > 65535) {
        throw new IllegalArgumentException("a server needs a plain name and a port");
      }
    }
  }

  /**
   * An edit for {@link #haproxy}: the template's one {@code server NAME ...} line becomes one line
   * per server, each connecting from {@code source} and checked every 500 ms (one failed check
   * takes it out, one good one brings it back: quick to notice a killed node), and a request
   * carrying {@code routeHeader: NAME}
   * goes to that server; every other request is balanced as the template says.
   *
   * @param replaced the name on the template's server line ({@code web1} in the shipped one)
   * @param servers the servers, in order
   * @param source the address HAProxy connects to the servers from
   * @param routeHeader the header that forces a request onto one server
   * @return the edit (it fails if the template has no such server line)
   */
  public static UnaryOperator<String> haproxyServers(String replaced, List<Server> servers,
      String source, String routeHeader) {
    return haproxyServers(replaced, servers, source, routeHeader, "inter 500ms fall 1 rise 1");
  }

  /**
   * {@link #haproxyServers(String, List, String, String)} with other health-check timing: under
   * load a check that must answer in 500 ms takes healthy nodes out, so a load run keeps the
   * shipped configuration's timing.
   *
   * @param replaced the name on the template's server line
   * @param servers the servers, in order
   * @param source the address HAProxy connects to the servers from
   * @param routeHeader the header that forces a request onto one server
   * @param checkTiming what follows {@code check} on each server line ({@code inter 2s fall 2
   *     rise 1}); letters, digits and spaces only
   * @return the edit
   */
  public static UnaryOperator<String> haproxyServers(String replaced, List<Server> servers,
      String source, String routeHeader, String checkTiming) {
    if (!checkTiming.matches("[A-Za-z0-9 ]+")) {
      throw new IllegalArgumentException("check timing: letters, digits and spaces only");
    }
    List<Server> all = List.copyOf(servers);
    String prefix = "  server " + replaced + " ";
    return config -> {
      StringBuilder out = new StringBuilder();
      boolean found = false;
      for (String line : config.split("\n", -1)) {
        if (line.startsWith(prefix)) {
          found = true;
          for (Server s : all) {
            out.append("  use-server ").append(s.name()).append(" if { req.hdr(")
                .append(routeHeader).append(") -m str ").append(s.name()).append(" }\n");
          }
          for (Server s : all) {
            out.append("  server ").append(s.name()).append(" 127.0.0.1:").append(s.port())
                .append(" source ").append(source).append(" check ").append(checkTiming)
                .append('\n');
          }
          continue;
        }
        out.append(line).append('\n');
      }
      if (!found) {
        throw new IllegalArgumentException("no line starting with '" + prefix + "'");
      }
      return out.substring(0, out.length() - 1);
    };
  }

  private interface Command {
    List<String> of(Path file);
  }

  private static TlsTerminator start(Path template, Map<String, String> values,
      UnaryOperator<String> edit, Path dir, String name, Command check, Command run) {
    try {
      Files.createDirectories(dir);
      ProcessRunner.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:P-256", "-nodes", "-keyout", "site.key", "-out", "site.pem",
          "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
          TIMEOUT, dir, Map.of(), null).requireSuccess();
      Path pem = dir.resolve("site-with-key.pem").toAbsolutePath();
      Files.writeString(pem, Files.readString(dir.resolve("site.pem"), StandardCharsets.US_ASCII)
          + Files.readString(dir.resolve("site.key"), StandardCharsets.US_ASCII),
          StandardCharsets.US_ASCII);
      int port = freePort();
      Map<String, String> all = new HashMap<>(values);
      all.put("@PREFIX@", dir.toAbsolutePath().toString());
      all.put("@LISTEN_PORT@", Integer.toString(port));
      all.put("@SERVER_CERT@", dir.resolve("site.pem").toAbsolutePath().toString());
      all.put("@SERVER_KEY@", dir.resolve("site.key").toAbsolutePath().toString());
      all.put("@SERVER_PEM@", pem.toString());
      String conf = Files.readString(template, StandardCharsets.UTF_8);
      for (Map.Entry<String, String> e : all.entrySet()) {
        conf = conf.replace(e.getKey(), e.getValue());
      }
      Matcher left = PLACEHOLDER.matcher(conf);
      if (left.find()) {
        throw new IllegalArgumentException("an unfilled placeholder: " + left.group());
      }
      Path file = dir.resolve(name).toAbsolutePath();
      Files.writeString(file, edit.apply(conf), StandardCharsets.US_ASCII);
      ProcessRunner.run(check.of(file), TIMEOUT, dir, Map.of(), null).requireSuccess();
      Process p = new ProcessBuilder(run.of(file)).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
      TlsTerminator t = new TlsTerminator(p, port, dir);
      try {
        t.awaitListening();
      } catch (RuntimeException | Error e) {
        t.close();
        throw e;
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The port it listens on (127.0.0.1).
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * {@code https://127.0.0.1:PORT/}.
   *
   * @return the base URL
   */
  public String base() {
    return "https://127.0.0.1:" + port + "/";
  }

  /**
   * The site certificate (PEM) a client trusts to reach it ({@code curl --cacert}).
   *
   * @return the file
   */
  public Path siteCertificate() {
    return dir.resolve("site.pem");
  }

  /**
   * What the process wrote (its standard output and error, and nginx's error log), for a failure
   * message.
   *
   * @return the text
   */
  public String log() {
    StringBuilder b = new StringBuilder();
    for (String name : List.of("stdout.log", "error.log")) {
      Path f = dir.resolve(name);
      if (Files.exists(f)) {
        try {
          b.append(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
          b.append("(unreadable ").append(name).append(')');
        }
      }
    }
    return b.toString();
  }

  private void awaitListening() {
    awaitListening(process, port, TIMEOUT, this::log);
  }

  /** Waits until something accepts connections on 127.0.0.1:port, or the process ends. */
  static void awaitListening(Process process, int port, Duration timeout,
      java.util.function.Supplier<String> log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(loopback(), port), 500);
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " "
              + (process.isAlive() ? "" : "(exited with " + process.exitValue() + ") ")
              + log.get(), e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", ie);
        }
      }
    }
  }

  /**
   * A port of 127.0.0.1 that was free a moment ago.
   *
   * @return the port
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(loopback(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the process (TERM, then KILL after 10 s) and waits for it. */
  @Override
  public void close() {
    stop(process);
  }

  /** Stops a process this fixture started (TERM, then KILL after 10 s) and waits for it. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TlsTerminator[" + base() + "]";
  }
}
