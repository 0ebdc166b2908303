package io.shomei.examples.web;

import io.shomei.examples.datadir.DataDir;
import io.shomei.testing.env.TlsTerminator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Real nginx and HAProxy in front of a web example, started from the configurations shipped in
 * {@code examples/web/proxy/} ({@link TlsTerminator}), each connecting to the backend from
 * {@link #SOURCE}, the one address the backend trusts.
 */
final class Proxies {
  private Proxies() {}

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The address the proxies connect to the backend from. */
  static final String SOURCE = "127.0.0.2";

  /** The shipped configurations. */
  static final Path SHIPPED = Path.of("proxy");

  /** nginx from the shipped nginx.conf, edited by {@code edit} (identity for the shipped one). */
  static TlsTerminator nginx(Path dir, DataDir data, int backendPort, UnaryOperator<String> edit)
      throws IOException, CertificateEncodingException {
    return TlsTerminator.nginx(SHIPPED.resolve("nginx.conf"), values(dir, data, backendPort),
        edit, dir);
  }

  /** HAProxy from the shipped haproxy.cfg, edited by {@code edit}. */
  static TlsTerminator haproxy(Path dir, DataDir data, int backendPort, UnaryOperator<String> edit)
      throws IOException, CertificateEncodingException {
    return TlsTerminator.haproxy(SHIPPED.resolve("haproxy.cfg"), values(dir, data, backendPort),
        edit, dir);
  }

  private static Map<String, String> values(Path dir, DataDir data, int backendPort)
      throws IOException, CertificateEncodingException {
    Files.createDirectories(dir);
    return Map.of("@CLIENT_CA@", clientCas(dir, data).toString(),
        "@BACKEND_PORT@", Integer.toString(backendPort), "@SOURCE_ADDRESS@", SOURCE);
  }

  /** Every service's trust anchors, as the PEM file the proxy's client-certificate request names. */
  static Path clientCas(Path dir, DataDir data) {
    return data.writeClientCas(dir.resolve("client-cas.pem").toAbsolutePath());
  }
}
