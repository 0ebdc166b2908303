package io.shomei.examples.web.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One request, with the route's path parameters, its session and its form. */
public final class Request {
  private final HttpExchange exchange;
  private final Map<String, String> pathParams;
  private final SessionStore sessions;
  private final EdgeLimits.Running limits;
  private final int maxBodyBytes;
  private @Nullable Map<String, String> query;
  private @Nullable Map<String, String> cookies;
  private @Nullable FormData form;
  private boolean sessionLooked;
  private @Nullable String sessionId;
  private @Nullable Session session;
  private @Nullable String setCookie;
  private final ClientCertificates clientCertificates;
  private @Nullable List<X509Certificate> clientChain;

  Request(HttpExchange exchange, Map<String, String> pathParams, SessionStore sessions,
      EdgeLimits.Running limits, int maxBodyBytes, ClientCertificates clientCertificates) {
    this.exchange = exchange;
    this.clientCertificates = clientCertificates;
    this.pathParams = Map.copyOf(pathParams);
    this.sessions = sessions;
    this.limits = limits;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * The method.
   *
   * @return {@code GET}, {@code POST}, ...
   */
  public String method() {
    return exchange.getRequestMethod();
  }

  /**
   * The client's address, for the edge limits: the connection's peer, or behind a trusted proxy
   * the client address it passed ({@link ClientCertificates#clientAddress}).
   *
   * @return the address, without the port
   */
  public String source() {
    return clientCertificates.clientAddress(exchange);
  }

  /**
   * The port of the listener this request came to (the pages' or the certificate login's).
   *
   * @return the local port, or -1 when unknown
   */
  public int localPort() {
    InetSocketAddress local = exchange.getLocalAddress();
    return local == null ? -1 : local.getPort();
  }

  /**
   * The edge limits.
   *
   * @return the running limits
   */
  public EdgeLimits.Running limits() {
    return limits;
  }

  /**
   * Spends one password-bearing form of this request's address.
   *
   * @throws HttpError 429 if the address sent too many
   */
  public void passwordForm() {
    if (!limits.passwordForm(source())) {
      throw new HttpError(429, "error.too-many", "too many password forms from one address");
    }
  }

  /**
   * The raw path.
   *
   * @return the path, starting with {@code /}
   */
  public String path() {
    return exchange.getRequestURI().getRawPath();
  }

  /**
   * A path parameter of the route.
   *
   * @param name the parameter's name in the route pattern
   * @return the value
   */
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no path parameter " + name);
    }
    return v;
  }

  /**
   * A query parameter (first value).
   *
   * @param name the name
   * @return the value, or {@code null}
   */
  public @Nullable String query(String name) {
    Map<String, String> q = query;
    if (q == null) {
      q = new HashMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null && raw.length() <= 1024) {
        for (String pair : raw.split("&", -1)) {
          int eq = pair.indexOf('=');
          try {
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
                StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
          } catch (IllegalArgumentException e) {
            // a malformed escape: ignore the parameter
          }
        }
      }
      query = q;
    }
    return q.get(name);
  }

  /**
   * A request header (first value).
   *
   * @param name the name
   * @return the value, or {@code null}
   */
  public @Nullable String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /**
   * A cookie (first of that name).
   *
   * @param name the name
   * @return the value, or {@code null}
   */
  public @Nullable String cookie(String name) {
    Map<String, String> c = cookies;
    if (c == null) {
      c = new HashMap<>();
      List<String> headers = exchange.getRequestHeaders().get("Cookie");
      if (headers != null) {
        for (String h : headers) {
          for (String part : h.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq > 0) {
              String value = part.substring(eq + 1).trim();
              if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1); // RFC 6265 allows DQUOTEs
              }
              c.putIfAbsent(part.substring(0, eq).trim(), value);
            }
          }
        }
      }
      cookies = c;
    }
    return c.get(name);
  }

  /**
   * The client certificate chain, the client's own first: the TLS connection's, or behind a
   * proxy the one it forwarded (see {@link ClientCertificates}).
   *
   * @return the chain, or an empty list when the client presented none
   */
  public List<X509Certificate> peerCertificates() {
    List<X509Certificate> c = clientChain;
    if (c == null) {
      c = clientCertificates.of(exchange); // once per request: a refused header is audited once
      clientChain = c;
    }
    return c;
  }

  /**
   * The form body, read once (at most the configured size).
   *
   * @return the form
   * @throws HttpError 415 for another content type, 413 for a body too large
   */
  public FormData form() {
    FormData f = form;
    if (f != null) {
      return f;
    }
    String type = String.valueOf(header("Content-Type")).toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      throw new HttpError(415, "error.bad-request", "not a form body");
    }
    String length = header("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBodyBytes) {
          throw new HttpError(413, "error.too-large", "declared body too large");
        }
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("bad Content-Length");
      }
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        buffer.write(chunk, 0, n);
        if (buffer.size() > maxBodyBytes) {
          throw new HttpError(413, "error.too-large", "body too large");
        }
      }
      body = buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Arrays.fill(chunk, (byte) 0);
      // ByteArrayOutputStream cannot be wiped in place; overwrite what it holds
      int size = buffer.size();
      buffer.reset();
      buffer.write(new byte[size], 0, size);
    }
    f = FormData.parse(body);
    form = f;
    return f;
  }

  /**
   * The request's session, if the cookie names a live one.
   *
   * @return the session
   */
  public Optional<Session> session() {
    if (!sessionLooked) {
      sessionLooked = true;
      String id = cookie(SessionStore.COOKIE);
      if (id != null) {
        Optional<Session> s = sessions.find(id);
        if (s.isPresent()) {
          sessionId = id;
          session = s.get();
        }
      }
    }
    return Optional.ofNullable(session);
  }

  /**
   * The request's session, creating one (and setting its cookie) if there is none.
   *
   * @return the session
   * @throws HttpError 429 if this address opened too many sessions lately
   */
  public Session sessionOrCreate() {
    Optional<Session> existing = session();
    if (existing.isPresent()) {
      return existing.get();
    }
    if (!limits.newSession(source())) {
      throw new HttpError(429, "error.too-many", "too many new sessions from one address");
    }
    SessionStore.Created c = sessions.create();
    adopt(c);
    return c.session();
  }

  /**
   * Gives the session a new id and CSRF token, keeping its attributes (call after each login
   * step that raises what the session may do).
   *
   * @return the new session
   */
  public Session rotateSession() {
    Session s = sessionOrCreate();
    String id = sessionId;
    if (id == null) {
      return s;
    }
    SessionStore.Created c = sessions.rotate(id, s);
    adopt(c);
    return c.session();
  }

  /** Ends the session and clears its cookie. */
  public void invalidateSession() {
    session();
    String id = sessionId;
    if (id != null) {
      sessions.invalidate(id);
    }
    sessionId = null;
    session = null;
    setCookie = SessionStore.COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
  }

  private void adopt(SessionStore.Created c) {
    sessionLooked = true;
    sessionId = c.id();
    session = c.session();
    setCookie = SessionStore.COOKIE + "=" + c.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict";
  }

  @Nullable String setCookie() {
    return setCookie;
  }

  void closeForm() {
    FormData f = form;
    if (f != null) {
      f.close();
    }
  }

  @Override
  public String toString() {
    return "Request[" + method() + " " + path() + "]";
  }
}
