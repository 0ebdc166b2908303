package io.shomei.examples.web;

import io.shomei.examples.datadir.DataDir;
import io.shomei.testing.env.TlsTerminator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
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
}
