package io.shomei.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A real rsyslog ({@link Component#RSYSLOG}) started by a test as a syslog receiver: in the
 * foreground ({@code -n}), with its own configuration and work directory in {@code dir}, listening
 * with {@code imtcp} on a free port of 127.0.0.1 (octet-counted and LF framing, messages up to
 * 256 KiB), writing every message it receives to {@link #received()} with rsyslog's RFC 5424
 * template. Nothing else is loaded (no system log socket, no kernel log). {@link #close()} stops
 * the process it started (by its handle) and waits for it; never a system service.
 *
 * @since 0.2.0
 */
public final class Rsyslog implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path dir;

  private Rsyslog(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Checks the configuration ({@code rsyslogd -N1}) and starts rsyslog.
   *
   * @param dir an empty run directory
   * @return the running receiver, listening
   */
  public static Rsyslog start(Path dir) {
    try {
      Path d = dir.toAbsolutePath();
      Files.createDirectories(d.resolve("work"));
      int port = TlsTerminator.freePort();
      Path conf = d.resolve("rsyslog.conf");
      Files.writeString(conf, String.join("\n",
          "global(workDirectory=\"" + d.resolve("work") + "\" maxMessageSize=\"256k\")",
          "module(load=\"imtcp\")",
          "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\" ruleset=\"received\")",
          "ruleset(name=\"received\") {",
          "  action(type=\"omfile\" file=\"" + d.resolve("received.log")
              + "\" template=\"RSYSLOG_SyslogProtocol23Format\")",
          "}", ""), StandardCharsets.US_ASCII);
      ProcessRunner.run(List.of("/usr/sbin/rsyslogd", "-N1", "-f", conf.toString()), TIMEOUT, d,
          Map.of(), null).requireSuccess();
      Process p = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", conf.toString(), "-i",
          d.resolve("rsyslogd.pid").toString()).directory(d.toFile()).redirectErrorStream(true)
          .redirectOutput(d.resolve("stdout.log").toFile()).start();
      Rsyslog r = new Rsyslog(p, port, d);
      try {
        TlsTerminator.awaitListening(p, port, TIMEOUT, r::log);
      } catch (RuntimeException | Error e) {
        r.close();
        throw e;
      }
      return r;
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
   * The file rsyslog writes the received messages to, one per line.
   *
   * @return the file (absent until the first message)
   */
  public Path received() {
    return dir.resolve("received.log");
  }

  /**
   * Waits (bounded) until the received file has at least {@code lines} lines.
   *
   * @param lines how many
   * @param timeout how long at most
   * @return the lines
   * @throws IllegalStateException on timeout, with what rsyslog logged
   */
  public List<String> awaitLines(int lines, Duration timeout) {
    return await(l -> l.size() >= lines, timeout, "at least " + lines + " lines");
  }

  /**
   * Waits (bounded) until the received lines satisfy {@code done}.
   *
   * @param done the condition
   * @param timeout how long at most
   * @param what the condition in words, for the failure message
   * @return the lines
   * @throws IllegalStateException on timeout, with what rsyslog logged
   */
  public List<String> await(Predicate<List<String>> done, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> now = lines();
      if (done.test(now)) {
        return now;
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("rsyslog did not receive " + what + " (has "
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

  private List<String> lines() {
    Path f = received();
    if (!Files.exists(f)) {
      return List.of();
    }
    try {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What rsyslog printed, for a failure message.
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

  /** Stops rsyslog (TERM, then KILL after 10 s) and waits for it. */
  @Override
  public void close() {
    TlsTerminator.stop(process);
  }

  @Override
  public String toString() {
    return "Rsyslog[127.0.0.1:" + port + "]";
  }
}
