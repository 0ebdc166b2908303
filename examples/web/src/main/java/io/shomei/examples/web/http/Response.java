package io.shomei.examples.web.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a handler answers: a status, headers and a body. */
public final class Response {
  private final int status;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private final byte[] body;

  private Response(int status, String contentType, byte[] body) {
    this.status = status;
    this.body = body;
    if (!contentType.isEmpty()) {
      header("Content-Type", contentType);
    }
  }

  /**
   * An HTML page.
   *
   * @param status the status
   * @param page the page
   * @return the response
   */
  public static Response html(int status, Html page) {
    return new Response(status, "text/html; charset=utf-8",
        page.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A 303 See Other to a path of this server.
   *
   * @param path an absolute path starting with {@code /}
   * @return the response
   */
  public static Response redirect(String path) {
    return new Response(303, "", new byte[0]).header("Location", local(path));
  }

  private static String local(String path) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new IllegalArgumentException("not a local path: " + path);
    }
    return path;
  }

  /**
   * A 303 redirect to a path on another listener of this server (the certificate-login port),
   * whose origin the server itself configured; never an origin taken from a request.
   *
   * @param ownOrigin {@code https://host:port}, no path
   * @param path a local path
   * @return the response
   */
  public static Response redirect(String ownOrigin, String path) {
    if (!ownOrigin.matches("https://[A-Za-z0-9.\\[\\]:-]+")) {
      throw new IllegalArgumentException("not an origin: " + ownOrigin);
    }
    return new Response(303, "", new byte[0]).header("Location", ownOrigin + local(path));
  }

  /**
   * Bytes of a content type.
   *
   * @param status the status
   * @param contentType the content type
   * @param body the body (taken over, not copied)
   * @return the response
   */
  public static Response bytes(int status, String contentType, byte[] body) {
    return new Response(status, Objects.requireNonNull(contentType, "contentType"), body);
  }

  /**
   * Adds a header.
   *
   * @param name the name
   * @param value the value; must not contain CR or LF
   * @return this response
   */
  public Response header(String name, String value) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header value with a line break");
    }
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return this;
  }

  /**
   * The status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  Map<String, List<String>> headers() {
    return headers;
  }

  byte[] body() {
    return body;
  }

  @Override
  public String toString() {
    return "Response[" + status + ", " + body.length + " bytes]";
  }
}
