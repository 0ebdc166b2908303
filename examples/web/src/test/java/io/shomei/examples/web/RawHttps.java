package io.shomei.examples.web;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One HTTPS connection from a chosen loopback address (127.0.0.2, ...), written by hand: for load
 * tests that play many sources, or a client that sends its request slowly. Loopback only.
 */
final class RawHttps implements Closeable {
  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttps(SSLContext tls, String fromAddress, int port) throws IOException {
    if (!fromAddress.startsWith("127.")) {
      throw new IllegalArgumentException("loopback only");
    }
    socket = (SSLSocket) tls.getSocketFactory().createSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByAddress(loopback(fromAddress)), 0));
    socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
        port), 5_000);
    socket.setSoTimeout(15_000);
    socket.startHandshake();
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  private static byte[] loopback(String dotted) {
    byte[] b = new byte[4];
    int from = 0;
    for (int i = 0; i < 4; i++) {
      int dot = dotted.indexOf('.', from);
      int end = dot < 0 ? dotted.length() : dot;
      b[i] = (byte) Integer.parseInt(dotted.substring(from, end));
      from = end + 1;
    }
    return b;
  }

  static SSLContext trusting(X509Certificate serverCa) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", serverCa);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends bytes as they are (part of a request, for a slow client). */
  void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** A whole GET on this (kept-alive) connection; returns the status. */
  int get(String path) throws IOException {
    send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return readResponse();
  }

  /** Reads one response with a Content-Length body; returns its status. */
  int readResponse() throws IOException {
    String status = line();
    int length = 0;
    for (String h = line(); !h.isEmpty(); h = line()) {
      if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).strip());
      }
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("connection closed in the body");
    }
    int space = status.indexOf(' ');
    return Integer.parseInt(status.substring(space + 1, space + 4));
  }

  /** Whether the server closed the connection within the timeout. */
  boolean closedByServer(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset or TLS close
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
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
