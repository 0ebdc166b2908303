package io.shomei.examples.datadir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.shomei.core.Crl;
import io.shomei.core.CrlPublisher;
import io.shomei.core.IssuingCa;
import io.shomei.core.Shomei;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Serves the newest published CRL of each issuing CA (DER, {@code application/pkix-crl}) at its
 * CRL distribution point URL on a JDK {@code HttpServer}: {@code <mount>/<keyId>} for every
 * publisher of {@link Shomei#crls()} ({@code keyId} is {@link IssuingCa#keyId()}, the CA's subject
 * key identifier in hex), and the bare {@code <mount>} as well when there is one CA. With several
 * CAs the bare mount is 404 with a short text listing the per-CA paths, as is an unknown key id.
 * {@code GET} and {@code HEAD} only, from {@link CrlPublisher#latest()}, so every node serves the
 * CRL whichever node signed it and a request never signs anything. HTTP caches may keep it until
 * its {@code nextUpdate}; 404 until the CA's first CRL is published.
 *
 * <pre>{@code
 * server.createContext("/crl", new CrlHttpHandler(shomei.crls(), "/crl", clock));
 * }</pre>
 *
 * <p>Used by the web example. Thread-safe.
 *
 * @since 0.2.0
 */
public final class CrlHttpHandler implements HttpHandler {
  private final Map<String, CrlPublisher> byKeyId;
  private final String mount;
  private final Clock clock;

  /**
   * Creates the handler.
   *
   * @param crls one publisher per CA, as {@link Shomei#crls()} lists them (at least one)
   * @param mount the context path it is mounted at, for example {@code /crl}
   * @param clock for the cache lifetime
   */
  public CrlHttpHandler(List<CrlPublisher> crls, String mount, Clock clock) {
    Map<String, CrlPublisher> m = new LinkedHashMap<>();
    for (CrlPublisher p : crls) {
      String keyId = p.issuingCa().keyId();
      if (m.putIfAbsent(keyId, p) != null) {
        throw new IllegalArgumentException("two CRL publishers for the CA " + keyId);
      }
    }
    if (m.isEmpty()) {
      throw new IllegalArgumentException("no CRL publisher");
    }
    this.byKeyId = Collections.unmodifiableMap(m);
    this.mount = Objects.requireNonNull(mount, "mount");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The path of each CA's CRL under this handler, in the order of the publishers.
   *
   * @return {@code <mount>/<keyId>} per CA
   */
  public List<String> paths() {
    return byKeyId.keySet().stream().map(k -> mount + "/" + k).toList();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      String rest = path.startsWith(mount) ? path.substring(mount.length()) : path;
      @Nullable CrlPublisher crls;
      if (rest.isEmpty() || rest.equals("/")) {
        crls = byKeyId.size() == 1 ? byKeyId.values().iterator().next() : null;
      } else {
        crls = byKeyId.get(rest.substring(1));
      }
      if (crls == null) {
        notFound(exchange, method, "one CRL per issuing CA: " + String.join(" ", paths()) + "\n");
        return;
      }
      Crl crl = crls.latest().orElse(null);
      if (crl == null) {
        notFound(exchange, method, "no CRL has been published yet\n");
        return;
      }
      byte[] der = crl.der();
      long maxAge = Math.max(0, Duration.between(clock.instant(), crl.nextUpdate()).toSeconds());
      exchange.getResponseHeaders().set("Content-Type", Crl.MEDIA_TYPE);
      exchange.getResponseHeaders().set("Cache-Control", "public, max-age=" + maxAge);
      exchange.getResponseHeaders().set("Last-Modified", http(crl.thisUpdate()));
      exchange.getResponseHeaders().set("Expires", http(crl.nextUpdate()));
      exchange.getResponseHeaders().set("ETag", "\"" + crl.crlNumber().toString(16) + "\"");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, der.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(der);
      }
    }
  }

  private static void notFound(HttpExchange exchange, String method, String message)
      throws IOException {
    byte[] text = message.getBytes(StandardCharsets.US_ASCII);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=us-ascii");
    exchange.sendResponseHeaders(404, method.equals("HEAD") ? -1 : text.length);
    if (method.equals("GET")) {
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(text);
      }
    }
  }

  private static String http(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  @Override
  public String toString() {
    return "CrlHttpHandler[" + mount + ", " + byKeyId.size() + " CAs]";
  }
}
