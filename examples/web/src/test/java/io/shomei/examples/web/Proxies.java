package io.shomei.examples.web;

import io.shomei.examples.datadir.DataDir;
import io.shomei.testing.env.ProcessRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Real nginx and HAProxy in front of a web example, started from the configurations shipped in
 * {@code examples/web/proxy/} with their placeholders filled in, on free ports of 127.0.0.1, each
 * connecting to the backend from {@link #SOURCE} (the one address the backend trusts). Closing
 * stops the process (by its handle) and waits for it.
 */
final class Proxies {
  private Proxies() {}

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The address the proxies connect to the backend from. */
  static final String SOURCE = "127.0.0.2";

  /** The shipped configurations. */
  static final Path SHIPPED = Path.of("proxy");

  /** A running proxy: its HTTPS base URL and the site certificate curl trusts. */
  record Running(Process process, int port, Path siteCertificate, Path dir)
      implements AutoCloseable {
    String base() {
      return "https://127.0.0.1:" + port + "/";
    }

    String log() {
      StringBuilder b = new StringBuilder();
      for (String name : List.of("stdout.log", "error.log")) {
        Path f = dir.resolve(name);
        if (Files.exists(f)) {
          try {
            b.append(Files.readString(f, StandardCharsets.UTF_8));
          } catch (IOException e) {
            b.append("(unreadable ").append(name).append(")");
          }
        }
      }
      return b.toString();
    }

    @Override
    public void close() {
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
  }

  /** nginx from the shipped nginx.conf, edited by {@code edit} (identity for the shipped one). */
  static Running nginx(Path dir, DataDir data, int backendPort, UnaryOperator<String> edit)
      throws Exception {
    Files.createDirectories(dir);
    siteCertificate(dir);
    int port = freePort();
    String conf = fill(Files.readString(SHIPPED.resolve("nginx.conf"), StandardCharsets.UTF_8),
        Map.of("@PREFIX@", dir.toAbsolutePath().toString(), "@LISTEN_PORT@", "" + port,
            "@SERVER_CERT@", dir.resolve("site.pem").toAbsolutePath().toString(),
            "@SERVER_KEY@", dir.resolve("site.key").toAbsolutePath().toString(),
            "@CLIENT_CA@", clientCas(dir, data).toString(),
            "@BACKEND_PORT@", "" + backendPort, "@SOURCE_ADDRESS@", SOURCE));
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, edit.apply(conf), StandardCharsets.US_ASCII);
    String d = dir.toAbsolutePath().toString();
    ProcessRunner.run(List.of("/usr/sbin/nginx", "-t", "-p", d, "-c", file.toString()),
        TIMEOUT, dir, Map.of(), null).requireSuccess();
    return start(dir, port, List.of("/usr/sbin/nginx", "-p", d, "-c", file.toString()));
  }

  /** HAProxy from the shipped haproxy.cfg, edited by {@code edit}. */
  static Running haproxy(Path dir, DataDir data, int backendPort, UnaryOperator<String> edit)
      throws Exception {
    Files.createDirectories(dir);
    siteCertificate(dir);
    Path pem = dir.resolve("site-with-key.pem");
    Files.writeString(pem, Files.readString(dir.resolve("site.pem"), StandardCharsets.US_ASCII)
        + Files.readString(dir.resolve("site.key"), StandardCharsets.US_ASCII),
        StandardCharsets.US_ASCII);
    int port = freePort();
    String conf = fill(Files.readString(SHIPPED.resolve("haproxy.cfg"), StandardCharsets.UTF_8),
        Map.of("@LISTEN_PORT@", "" + port, "@SERVER_PEM@", pem.toAbsolutePath().toString(),
            "@CLIENT_CA@", clientCas(dir, data).toString(),
            "@BACKEND_PORT@", "" + backendPort, "@SOURCE_ADDRESS@", SOURCE));
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, edit.apply(conf), StandardCharsets.US_ASCII);
    ProcessRunner.run(List.of("/usr/sbin/haproxy", "-c", "-f", file.toString()),
        TIMEOUT, dir, Map.of(), null).requireSuccess();
    return start(dir, port, List.of("/usr/sbin/haproxy", "-db", "-f", file.toString()));
  }

  private static Running start(Path dir, int port, List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    Running running = new Running(p, port, dir.resolve("site.pem"), dir);
    try {
      awaitPort(port, () -> p.isAlive() ? "" : "exited with " + p.exitValue() + ": "
          + running.log());
    } catch (Exception | AssertionError e) {
      running.close();
      throw e;
    }
    return running;
  }

  private static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    java.util.regex.Matcher left = java.util.regex.Pattern.compile("@[A-Z_]+@").matcher(out);
    if (left.find()) {
      throw new AssertionError("an unfilled placeholder: " + left.group());
    }
    return out;
  }

  /** The site's certificate for 127.0.0.1 (self-signed; curl is given it with --cacert). */
  private static void siteCertificate(Path dir) {
    ProcessRunner.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:P-256", "-nodes", "-keyout", "site.key", "-out", "site.pem",
        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
        TIMEOUT, dir, Map.of(), null).requireSuccess();
  }

  /** Every service's trust anchors, as the PEM file the proxy's client-certificate request names. */
  static Path clientCas(Path dir, DataDir data) throws IOException, CertificateEncodingException {
    Set<X509Certificate> all = new LinkedHashSet<>();
    for (String service : DataDir.SERVICES) {
      all.addAll(data.trustAnchors(service));
    }
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : all) {
      b.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    Path f = dir.resolve("client-cas.pem").toAbsolutePath();
    Files.writeString(f, b.toString(), StandardCharsets.US_ASCII);
    return f;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
      return s.getLocalPort();
    }
  }

  static void awaitPort(int port, java.util.function.Supplier<String> whyNot) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port),
            500);
        return;
      } catch (IOException e) {
        String why = whyNot.get();
        if (!why.isEmpty() || System.nanoTime() > deadline) {
          throw new AssertionError("nothing listens on 127.0.0.1:" + port + " " + why, e);
        }
        Thread.sleep(50);
      }
    }
  }
}
