package io.shomei.examples.web.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.shomei.core.password.HashingBusyException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Dispatches requests to handlers by method and path pattern ({@code /{service}/acquire}), and
 * does what every request needs:
 *
 * <ul>
 *   <li>every {@code POST} must come with the session's CSRF token in the form field
 *       {@code csrf} (compared in constant time) and, when the browser sends one, an
 *       {@code Origin} of this server or of one of its own other listeners
 *       ({@link #ownOrigins}: the acquisition pages post to the certificate-login port);
 *       otherwise 403;
 *   <li>security headers on every response ({@link #SECURITY_HEADERS});
 *   <li>request bodies are limited in size; handler failures become error pages, and the SDK's
 *       {@link HashingBusyException} becomes 503 "busy, try again" with {@code Retry-After};
 *   <li>the edge limits ({@link EdgeLimits}): too many new sessions from one address get 429;
 *   <li>one access-log line per request: method, the matched path (or {@code -} when no route
 *       matched, so nothing an attacker typed is logged), status and duration. Never a query
 *       string, a header, a cookie or a body.
 * </ul>
 */
public final class Router implements HttpHandler {
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /**
   * Headers on every response of a router without {@link #ownOrigins} (see
   * {@link #securityHeaders(Set)}).
   */
  public static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Content-Security-Policy", Router.CSP,
      "X-Frame-Options", "DENY",
      "X-Content-Type-Options", "nosniff",
      // neither no-referrer nor same-origin: under those policies browsers send "Origin: null"
      // for (cross-origin) form posts, which would defeat the Origin check below; another
      // origin (the certificate-login port) learns only this origin, and our URLs carry no secrets
      "Referrer-Policy", "strict-origin-when-cross-origin",
      "Cross-Origin-Opener-Policy", "same-origin",
      "Permissions-Policy", "camera=(), microphone=(), geolocation=()",
      "Strict-Transport-Security", "max-age=31536000");

  private static final String PARAM = "[a-z0-9-]{1,32}";

  /** A request handler. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Handles a request.
     *
     * @param request the request
     * @return the response
     * @throws IOException if the exchange fails
     */
    Response handle(Request request) throws IOException;
  }

  /** Renders the page of an {@link HttpError}. */
  @FunctionalInterface
  public interface ErrorPages {
    /**
     * Renders an error page.
     *
     * @param request the request
     * @param error the error
     * @return the response (its status should be the error's)
     */
    Response render(Request request, HttpError error);
  }

  private record Route(String method, String pattern, List<String> segments, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();
  private final SessionStore sessions;
  private final EdgeLimits.Running limits;
  private final ErrorPages errorPages;
  private final Consumer<String> log;
  private final Clock clock;
  private final int maxBodyBytes;
  private volatile Set<String> ownOrigins = Set.of();
  private volatile Map<String, String> headers = SECURITY_HEADERS;
  private volatile ClientCertificates clientCertificates = ClientCertificates.direct();

  /**
   * A router.
   *
   * @param sessions the session store
   * @param limits the edge limits (sessions per address, password forms per address)
   * @param errorPages renders error pages
   * @param log receives one access-log line per request
   * @param clock for durations in the access log
   * @param maxBodyBytes the largest request body accepted (413 beyond)
   */
  public Router(SessionStore sessions, EdgeLimits.Running limits, ErrorPages errorPages,
      Consumer<String> log, Clock clock, int maxBodyBytes) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.errorPages = Objects.requireNonNull(errorPages, "errorPages");
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Adds a GET route.
   *
   * @param pattern the path, with {@code {name}} segments
   * @param handler the handler
   * @return this router
   */
  public Router get(String pattern, Handler handler) {
    return add("GET", pattern, handler);
  }

  /**
   * Where requests' client certificates come from (default {@link ClientCertificates#direct()}).
   *
   * @param source the source
   * @return this router
   */
  public Router clientCertificates(ClientCertificates source) {
    clientCertificates = java.util.Objects.requireNonNull(source, "source");
    return this;
  }

  /**
   * Adds a POST route (CSRF-checked).
   *
   * @param pattern the path, with {@code {name}} segments
   * @param handler the handler
   * @return this router
   */
  public Router post(String pattern, Handler handler) {
    return add("POST", pattern, handler);
  }

  /**
   * The origins ({@code https://host:port}) of this application's listeners: a POST from one of
   * them is taken as same-origin on any of them (a browser calls it {@code same-site}). The CSRF
   * token is still required: the listeners share one session store.
   *
   * @param origins the origins, for example the pages' port and the certificate-login port
   * @return this router
   */
  public Router ownOrigins(Set<String> origins) {
    ownOrigins = Set.copyOf(origins);
    headers = securityHeaders(origins);
    return this;
  }

  /**
   * The security headers of a router whose listeners have these origins: {@link #SECURITY_HEADERS}
   * with the Content-Security-Policy's {@code form-action} allowing them too (a page of one
   * listener posts the [certificate login] form to another).
   *
   * @param origins the listeners' origins
   * @return the headers
   */
  public static Map<String, String> securityHeaders(Set<String> origins) {
    Map<String, String> h = new HashMap<>(SECURITY_HEADERS);
    String own = String.join(" ", new java.util.TreeSet<>(origins));
    if (!own.isEmpty()) {
      h.put("Content-Security-Policy",
          CSP.replace("form-action 'self'", "form-action 'self' " + own));
    }
    return Map.copyOf(h);
  }

  private Router add(String method, String pattern, Handler handler) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("pattern must start with /");
    }
    routes.add(new Route(method, pattern, List.of(pattern.split("/", -1)), handler));
    return this;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Instant start = clock.instant();
    long startNanos = System.nanoTime();
    String loggedPath = "-";
    Response response;
    Request request = null;
    try {
      String path = exchange.getRequestURI().getRawPath();
      Match m = match(exchange.getRequestMethod(), path == null ? "" : path);
      request = new Request(exchange, m.params, sessions, limits, maxBodyBytes,
          clientCertificates);
      if (m.route == null) {
        throw m.pathMatched
            ? new HttpError(405, "error.method", "method not allowed")
            : new HttpError(404, "error.not-found", "no route");
      }
      loggedPath = path;
      if (m.route.method().equals("POST")) {
        checkPost(request);
      }
      response = m.route.handler().handle(request);
    } catch (HttpError e) {
      Request r = request != null ? request
          : new Request(exchange, Map.of(), sessions, limits, maxBodyBytes, clientCertificates);
      response = errorPages.render(r, e);
    } catch (HashingBusyException e) {
      Request r = request != null ? request
          : new Request(exchange, Map.of(), sessions, limits, maxBodyBytes, clientCertificates);
      response = errorPages.render(r, new HttpError(503, "error.busy", "hashing busy"))
          .header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
    } catch (RuntimeException e) {
      log.accept("error " + e.getClass().getName() + " in " + loggedPath);
      Request r = request != null ? request
          : new Request(exchange, Map.of(), sessions, limits, maxBodyBytes, clientCertificates);
      response = errorPages.render(r, new HttpError(500, "error.internal", "internal error"));
    } finally {
      if (request != null) {
        request.closeForm();
      }
    }
    send(exchange, response, request);
    long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    log.accept(start + " " + exchange.getRequestMethod() + " " + loggedPath + " "
        + response.status() + " " + millis + "ms");
  }

  private void checkPost(Request request) {
    String origin = request.header("Origin");
    String host = request.header("Host");
    boolean own = origin != null && ownOrigins.contains(origin);
    if (origin != null && !origin.equals("https://" + host) && !own) {
      throw new HttpError(403, "error.csrf", "cross-origin POST");
    }
    String site = request.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")
        && !(own && site.equals("same-site"))) {
      throw new HttpError(403, "error.csrf", "cross-site POST");
    }
    Session s = request.session().orElse(null);
    String token = request.form().text("csrf", 64);
    if (s == null || !s.csrfMatches(token)) {
      throw new HttpError(403, "error.csrf", "CSRF token missing or wrong");
    }
  }

  private static final class Match {
    @Nullable Route route;
    boolean pathMatched;
    Map<String, String> params = Map.of();
  }

  private Match match(String method, String path) {
    Match m = new Match();
    String[] segments = path.split("/", -1);
    for (Route r : routes) {
      Map<String, String> params = matchPath(r.segments(), segments);
      if (params == null) {
        continue;
      }
      m.pathMatched = true;
      if (r.method().equals(method)) {
        m.route = r;
        m.params = params;
        return m;
      }
    }
    return m;
  }

  private static @Nullable Map<String, String> matchPath(List<String> pattern, String[] path) {
    if (pattern.size() != path.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < path.length; i++) {
      String p = pattern.get(i);
      if (p.startsWith("{") && p.endsWith("}")) {
        if (!path[i].matches(PARAM)) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), path[i]);
      } else if (!p.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  private void send(HttpExchange exchange, Response response, @Nullable Request request)
      throws IOException {
    try (exchange) {
      Headers h = exchange.getResponseHeaders();
      headers.forEach(h::set);
      if (!response.headers().containsKey("Cache-Control")) {
        h.set("Cache-Control", "no-store");
      }
      response.headers().forEach((k, v) -> h.put(k, new ArrayList<>(v)));
      String cookie = request == null ? null : request.setCookie();
      if (cookie != null) {
        h.add("Set-Cookie", cookie);
      }
      byte[] body = response.body();
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), body.length == 0 || head ? -1 : body.length);
      if (body.length > 0 && !head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Router[" + routes.size() + " routes]";
  }
}
