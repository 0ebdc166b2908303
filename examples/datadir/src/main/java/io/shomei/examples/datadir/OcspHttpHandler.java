package io.shomei.examples.datadir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.shomei.core.ocsp.OcspAnswer;
import io.shomei.core.ocsp.OcspResponder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mounts an {@link OcspResponder} on a JDK {@code HttpServer} or {@code HttpsServer} context: POST
 * with the DER request as body, GET with the URL-encoded base64 request after the mount path. The
 * SDK does all OCSP work; this class only moves bytes and headers, and reads at most
 * {@link OcspResponder#MAX_REQUEST_BYTES} + 1 bytes of a body.
 *
 * <pre>{@code
 * server.createContext("/ocsp", new OcspHttpHandler(responder, "/ocsp"));
 * }</pre>
 *
 * <p>Used by the web example and by {@code shomei ocsp serve}. Thread-safe.
 *
 * @since 0.2.0
 */
public final class OcspHttpHandler implements HttpHandler {
  private final OcspResponder responder;
  private final String mount;
  private final AtomicLong answered = new AtomicLong();

  /**
   * Creates the handler.
   *
   * @param responder the responder
   * @param mount the context path it is mounted at, for example {@code /ocsp}
   */
  public OcspHttpHandler(OcspResponder responder, String mount) {
    this.responder = Objects.requireNonNull(responder, "responder");
    this.mount = Objects.requireNonNull(mount, "mount");
  }

  /**
   * How many OCSP answers (of any outcome) this handler sent.
   *
   * @return the count
   */
  public long answered() {
    return answered.get();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String rest = path.startsWith(mount) ? path.substring(mount.length()) : path;
      byte[] body = new byte[0];
      if (method.equals("POST")) {
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readNBytes(OcspResponder.MAX_REQUEST_BYTES + 1);
        }
      }
      OcspAnswer a = responder.handle(method, rest, body);
      for (Map.Entry<String, String> h : a.headers().entrySet()) {
        exchange.getResponseHeaders().set(h.getKey(), h.getValue());
      }
      byte[] out = a.body();
      exchange.sendResponseHeaders(a.httpStatus(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream o = exchange.getResponseBody()) {
          o.write(out);
        }
      }
      if (a.outcome() != OcspAnswer.Outcome.NOT_OCSP) {
        answered.incrementAndGet();
      }
    }
  }

  @Override
  public String toString() {
    return "OcspHttpHandler[" + mount + ", " + responder + "]";
  }
}
