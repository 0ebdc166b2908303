package io.shomei.examples.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * One HTTPS/1.1 connection on loopback, written by hand so that a load run controls exactly what
 * happens: the connection comes from a chosen source address of 127.0.0.0/8, goes to 127.0.0.1
 * only, does one full TLS handshake (its session is invalidated on close, so the next connection
 * cannot resume it) and then carries requests kept alive. Responses with a length or chunked
 * bodies.
 */
final class LoopbackHttps implements Closeable {
  private static final int MAX_BODY = 1 << 20;

  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  /**
   * A response: status, headers (lowercase names, first value), the {@code name=value} of every
   * cookie it sets, and the body as text.
   */
  record Response(int status, Map<String, String> headers, List<String> cookies, String body) {
    @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  LoopbackHttps(SSLContext tls, InetAddress source, int port, int timeoutMillis)
      throws IOException {
    if (!source.isLoopbackAddress()) {
      throw new IllegalArgumentException("loopback only: " + source);
    }
    socket = (SSLSocket) tls.getSocketFactory().createSocket();
    try {
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
          port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.setTcpNoDelay(true);
      socket.startHandshake();
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends one request and reads its response.
   *
   * @param method GET or POST
   * @param path the path
   * @param headers extra headers
   * @param form a form body ({@code application/x-www-form-urlencoded}), or null
   * @return the response
   */
  Response send(String method, String path, List<String> headers, @Nullable String form)
      throws IOException {
    StringBuilder r = new StringBuilder();
    r.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      r.append(h).append("\r\n");
    }
    byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.US_ASCII);
    if (form != null) {
      r.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
          .append(body.length).append("\r\n");
    }
    r.append("\r\n");
    out.write(r.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return read();
  }

  private Response read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line");
    }
    HashMap<String, String> headers = new HashMap<>();
    List<String> cookies = new ArrayList<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).strip();
        headers.putIfAbsent(name, value);
        if (name.equals("set-cookie")) {
          cookies.add(value.split(";", 2)[0]);
        }
      }
    }
    byte[] content;
    String length = headers.get("content-length");
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      content = chunked();
    } else if (length != null) {
      int n = Integer.parseInt(length);
      if (n < 0 || n > MAX_BODY) {
        throw new IOException("body of " + n + " bytes");
      }
      content = in.readNBytes(n);
      if (content.length != n) {
        throw new IOException("connection closed in the body");
      }
    } else {
      content = new byte[0];
    }
    return new Response(Integer.parseInt(status.substring(9, 12)), Map.copyOf(headers),
        List.copyOf(cookies), new String(content, StandardCharsets.UTF_8));
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return b.toByteArray();
      }
      if (n < 0 || b.size() + n > MAX_BODY) {
        throw new IOException("chunk of " + n + " bytes");
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length != n) {
        throw new IOException("connection closed in a chunk");
      }
      b.write(chunk);
      line();
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        b.write(c);
      }
      if (b.size() > 16_384) {
        throw new IOException("line too long");
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  /** Closes the connection and invalidates its TLS session: no later connection resumes it. */
  @Override
  public void close() throws IOException {
    socket.getSession().invalidate();
    socket.close();
  }
}
