package io.shomei.core.audit;

import io.shomei.spi.AuditRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends records as RFC 5424 messages ({@link AuditSyslog#message}) to a syslog server over TCP,
 * with octet-counting framing (RFC 6587: the message's length in bytes, a space, the message), so
 * a message is never split or merged whatever it contains.
 *
 * <h2>What delivery it gives</h2>
 *
 * <p>Plain syslog over TCP has no acknowledgement: {@link #flush} returns once the bytes are in the
 * operating system's send buffer. A connection that breaks later can lose the last records without
 * the sender knowing; the receiving side then shows a {@link ChainVerification.Reason#SEQUENCE_GAP}
 * when the received stream is verified ({@link AuditTrail#verifyExported}), and an export resumed
 * from an earlier cursor fills it. Loss is thus detected, not prevented; use a receiver-side
 * verification after each export run.
 *
 * <h2>Message size</h2>
 *
 * <p>A message holds the whole record; the largest an {@link AuditEvent} allows (32 details of 512
 * characters, each written as a 6-character escape when it is not ASCII) is close to 200 KB. Set
 * the receiver's limit above that (rsyslog: {@code global(maxMessageSize="256k")}; its default of
 * 8 KB cuts long records, which then read back as unreadable lines).
 *
 * <p>Not thread-safe: one exporter at a time.
 *
 * @since 0.2.0
 */
public final class SyslogTcpAuditSink implements AuditSink, AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final String hostname;
  private final String appName;

  private SyslogTcpAuditSink(Socket socket, String hostname, String appName) throws IOException {
    this.socket = socket;
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    this.hostname = hostname;
    this.appName = appName;
  }

  /**
   * Connects to a syslog server.
   *
   * @param server the server's address and TCP port
   * @param hostname the HOSTNAME field of every message
   * @param appName the APP-NAME field of every message
   * @param timeout bound on connecting and on each blocked write
   * @return the connected sink
   * @throws IOException if it cannot connect
   * @throws IllegalArgumentException if a name is not 1..48 printable ASCII characters
   */
  public static SyslogTcpAuditSink connect(InetSocketAddress server, String hostname,
      String appName, Duration timeout) throws IOException {
    Objects.requireNonNull(server, "server");
    AuditSyslog.checkName("hostname", hostname);
    AuditSyslog.checkName("appName", appName);
    Socket s = new Socket();
    try {
      s.connect(server, Math.toIntExact(timeout.toMillis()));
      s.setSoTimeout(Math.toIntExact(timeout.toMillis()));
      s.setTcpNoDelay(true);
      return new SyslogTcpAuditSink(s, hostname, appName);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Override
  public void write(AuditRecord record) throws IOException {
    byte[] msg = AuditSyslog.message(record, hostname, appName).getBytes(StandardCharsets.US_ASCII);
    out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.write(msg);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Flushes and closes the connection. */
  @Override
  public void close() throws IOException {
    try {
      out.flush();
      socket.shutdownOutput();
    } finally {
      socket.close();
    }
  }

  @Override
  public String toString() {
    return "SyslogTcpAuditSink[" + socket.getRemoteSocketAddress() + "]";
  }
}
