package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.examples.datadir.DataDir;
import io.shomei.testing.env.TlsTerminator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * One web-host JVM behind HAProxy, started as a customer would start it (shared data directory,
 * PostgreSQL, the pending-login key), its output in a file; and the HAProxy backend that balances
 * over several of them. Shared by the tests that run the web host on several nodes.
 */
final class WebNode {
  private static final Pattern BACKEND = Pattern.compile(
      "backend \\(for the proxy only\\): http://127\\.0\\.0\\.1:(\\d+)/");

  /** The request header a test sets to force a request onto one node (HAProxy routes by it). */
  static final String NODE_HEADER = "X-Shomei-Test-Node";

  final String name;
  final Process process;
  final Path out;
  int port;

  private WebNode(String name, Process process, Path out) {
    this.name = name;
    this.process = process;
    this.out = out;
  }

  /**
   * Starts a node.
   *
   * @param env the node's environment on top of this JVM's (database credentials, and for a CA
   *     on a token its {@code SOFTHSM2_CONF} and PIN)
   */
  static WebNode start(String name, Path dir, String url, Path keyFile, Map<String, String> env,
      Path tmp) throws IOException {
    Path out = tmp.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        ShomeiWeb.class.getName(), "--data", dir.toString(), "--port", "0",
        "--behind-proxy", "haproxy", "--trusted-peer", Proxies.SOURCE,
        "--database", url, "--pending-login-key", keyFile.toString()))
        .redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    return new WebNode(name, pb.start(), out);
  }

  void awaitPort() throws Exception {
    for (int i = 0; i < 1200 && port == 0; i++) {
      Matcher m = BACKEND.matcher(log());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      } else {
        assertThat(process.isAlive()).as(name + " exited:\n" + log()).isTrue();
        Thread.sleep(100);
      }
    }
    assertThat(port).as(name + " did not start:\n" + log()).isPositive();
  }

  String log() {
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** How many requests of this method and path the node's access log shows (answered ones). */
  long served(String method, String path) {
    return log().lines().filter(l -> l.contains(" " + method + " " + path + " ")).count();
  }

  long servedHealth() {
    return served("GET", "/health/ready");
  }

  void kill() {
    if (process.isAlive()) {
      process.destroyForcibly(); // SIGKILL
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The shipped haproxy.cfg's backend with one server line per node, checked every 500 ms, and a
   * rule per node that sends a request carrying {@link #NODE_HEADER} to that node, even when
   * HAProxy has taken it out ({@code force-persist}: the test then reaches a node the checks
   * marked DOWN, as an operator would; requests without the header are balanced over the nodes
   * that are UP). The shipped {@code timeout check} stays: a readiness check slower than the
   * 500 ms interval on a loaded machine does not take a node out.
   */
  static String backend(String config, List<WebNode> nodes) {
    StringBuilder out = new StringBuilder();
    for (String line : config.split("\n", -1)) {
      if (line.startsWith("  server web1 ")) {
        out.append("  force-persist if { req.hdr(").append(NODE_HEADER).append(") -m found }\n");
        for (WebNode n : nodes) {
          out.append("  use-server ").append(n.name).append(" if { req.hdr(").append(NODE_HEADER)
              .append(") -m str ").append(n.name).append(" }\n");
        }
        for (WebNode n : nodes) {
          out.append("  server ").append(n.name).append(" 127.0.0.1:").append(n.port)
              .append(" source ").append(Proxies.SOURCE)
              .append(" check inter 500ms fall 1 rise 1\n");
        }
        continue;
      }
      out.append(line).append('\n');
    }
    assertThat(out.toString()).contains("  server " + nodes.get(nodes.size() - 1).name + " ");
    return out.substring(0, out.length() - 1);
  }

  /**
   * Writes the pending-login key every node is started with ({@code --pending-login-key}: an
   * owner-only file, base64 of 32 random bytes) and returns the key, for the test's own SDK.
   */
  static SecretKeySpec pendingLoginKey(Path file, SecureRandom random) throws IOException {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
    return new SecretKeySpec(raw, "HmacSHA256");
  }

  /**
   * HAProxy from the shipped haproxy.cfg in front of the nodes ({@link #backend}); returns once
   * its checks have seen every node up.
   */
  static TlsTerminator haproxy(Path dir, DataDir data, List<WebNode> nodes) throws Exception {
    Files.createDirectories(dir);
    TlsTerminator haproxy = TlsTerminator.haproxy(Proxies.SHIPPED.resolve("haproxy.cfg"), Map.of(
        "@CLIENT_CA@", Proxies.clientCas(dir, data).toString(),
        "@BACKEND_PORT@", Integer.toString(nodes.get(0).port),
        "@SOURCE_ADDRESS@", Proxies.SOURCE), c -> backend(c, nodes), dir);
    try {
      awaitAllUp(nodes, haproxy);
    } catch (Exception | AssertionError e) {
      haproxy.close();
      throw e;
    }
    return haproxy;
  }

  /** Waits until HAProxy's checks see every node up (a forced request then reaches its node). */
  static void awaitAllUp(List<WebNode> nodes, TlsTerminator haproxy) throws Exception {
    for (WebNode n : nodes) {
      for (int i = 0; i < 100 && n.servedHealth() < 2; i++) {
        Thread.sleep(100);
      }
      assertThat(n.servedHealth()).as(n.name + " checked by HAProxy\n" + haproxy.log())
          .isGreaterThanOrEqualTo(2);
    }
  }

  /** Whether HAProxy's log says the node is UP (its last state change; none: UP since the start). */
  static boolean up(WebNode n, TlsTerminator haproxy) {
    String state = "";
    for (String line : haproxy.log().split("\n", -1)) {
      if (line.contains("Server shomei_web/" + n.name + " is ")) {
        state = line;
      }
    }
    return !state.contains(" is DOWN");
  }

  /** Waits (at most 10 s) for HAProxy's log to say that its checks took the node out. */
  static void awaitDown(WebNode n, TlsTerminator haproxy) throws Exception {
    String down = "Server shomei_web/" + n.name + " is DOWN";
    for (int i = 0; i < 100 && !haproxy.log().contains(down); i++) {
      Thread.sleep(100);
    }
    assertThat(haproxy.log()).contains(down);
  }
}
