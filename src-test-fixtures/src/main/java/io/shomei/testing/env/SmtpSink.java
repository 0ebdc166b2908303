package io.shomei.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} ({@link Component#SMTP_SINK}) started by a test as a real SMTP
 * receiver on a free port of 127.0.0.1: every message it accepts (or, with {@code -q .}, reads to
 * its end and then drops the connection without a reply) is written to a file of its own in
 * {@code dir}, headers first, preceded by smtp-sink's {@code X-...} envelope lines. Run as root it
 * switches to the user {@code nobody} (smtp-sink requires it), so the directory of messages is
 * made writable to all and {@code dir} and its parents searchable by all. {@link #close()} stops the process it started (by its handle) and waits for it.
 *
 * <pre>{@code
 * try (SmtpSink sink = SmtpSink.start(dir)) {                    // acknowledges every message
 *   ... send to 127.0.0.1:sink.port() ...
 *   List<String> messages = sink.awaitMessages(1, Duration.ofSeconds(10));
 * }
 * SmtpSink.start(dir, "-q", ".");  // reads each message, then disconnects without a reply
 * }</pre>
 *
 * @since 0.2.0
 */
public final class SmtpSink implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String BINARY = "/usr/sbin/smtp-sink";

  private final Process process;
  private final int port;
  private final Path dir;

  private SmtpSink(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts smtp-sink.
   *
   * @param dir an empty directory for the received messages
   * @param options further smtp-sink options (for example {@code "-q", "."} or {@code "-r",
   *     "rcpt"})
   * @return the running receiver, listening
   */
  public static SmtpSink start(Path dir, String... options) {
    try {
      Path d = dir.toAbsolutePath();
      Path mail = d.resolve("mail");
      Files.createDirectories(mail);
      Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwxrwxrwx"));
      boolean root = "root".equals(System.getProperty("user.name"));
      // smtp-sink runs as nobody under root: it must reach the directory through its parents
      for (Path p = d; root && p != null; p = p.getParent()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
          Files.setPosixFilePermissions(p, perms);
        }
      }
      int port = TlsTerminator.freePort();
      List<String> command = new ArrayList<>(List.of(BINARY));
      if (root) {
        command.addAll(List.of("-u", "nobody"));
      }
      command.addAll(List.of(options));
      command.addAll(List.of("-d", mail + "/%Y%m%d%H%M%S.", "127.0.0.1:" + port, "64"));
      Process p = new ProcessBuilder(command).directory(d.toFile()).redirectErrorStream(true)
          .redirectOutput(d.resolve("stdout.log").toFile()).start();
      SmtpSink s = new SmtpSink(p, port, d);
      try {
        TlsTerminator.awaitListening(p, port, TIMEOUT, s::log);
      } catch (RuntimeException | Error e) {
        s.close();
        throw e;
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The TCP port it listens on (127.0.0.1).
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The messages received so far, each as written by smtp-sink (CRLF turned into LF), in no
   * particular order.
   *
   * @return the messages
   */
  public List<String> messages() {
    try (Stream<Path> files = Files.list(dir.resolve("mail"))) {
      List<String> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        out.add(Files.readString(f, StandardCharsets.UTF_8).replace("\r\n", "\n"));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits (bounded) until at least {@code count} messages were received.
   *
   * @param count how many
   * @param timeout how long at most
   * @return the messages
   * @throws IllegalStateException on timeout, with what smtp-sink printed
   */
  public List<String> awaitMessages(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> now = messages();
      if (now.size() >= count) {
        return now;
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("smtp-sink did not receive " + count + " messages (has "
            + now.size() + "): " + log());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /**
   * What smtp-sink printed, for a failure message.
   *
   * @return the text
   */
  public String log() {
    try {
      Path f = dir.resolve("stdout.log");
      return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable stdout.log)";
    }
  }

  /** Stops smtp-sink (TERM, then KILL after 10 s) and waits for it. */
  @Override
  public void close() {
    TlsTerminator.stop(process);
  }

  @Override
  public String toString() {
    return "SmtpSink[127.0.0.1:" + port + "]";
  }
}
