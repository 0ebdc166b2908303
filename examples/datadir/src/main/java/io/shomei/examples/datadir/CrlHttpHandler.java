package io.shomei.examples.datadir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.shomei.core.Crl;
import io.shomei.core.CrlPublisher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Serves the newest published CRL (DER, {@code application/pkix-crl}) at a CRL distribution point
 * URL on a JDK {@code HttpServer}: {@code GET} and {@code HEAD} only, from
 * {@link CrlPublisher#latest()}, so every node serves the CRL whichever node signed it and a request
 * never signs anything. HTTP caches may keep it until its {@code nextUpdate}; 404 until the first
 * CRL is published.
 *
 * <pre>{@code
 * server.createContext("/crl", new CrlHttpHandler(shomei.crl(), clock));
 * }</pre>
 *
 * <p>Used by the web example. Thread-safe.
 *
 * @since 0.2.0
 */
public final class CrlHttpHandler implements HttpHandler {
  private final CrlPublisher crls;
  private final Clock clock;

  /**
   * Creates the handler.
   *
   * @param crls where the newest CRL is read
   * @param clock for the cache lifetime
   */
  public CrlHttpHandler(CrlPublisher crls, Clock clock) {
    this.crls = Objects.requireNonNull(crls, "crls");
    this.clock = Objects.requireNonNull(clock, "clock");
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
      Crl crl = crls.latest().orElse(null);
      if (crl == null) {
        byte[] text = "no CRL has been published yet\n".getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=us-ascii");
        exchange.sendResponseHeaders(404, method.equals("HEAD") ? -1 : text.length);
        if (method.equals("GET")) {
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(text);
          }
        }
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

  private static String http(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  @Override
  public String toString() {
    return "CrlHttpHandler[" + crls + "]";
  }
}
