package io.shomei.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a host (a JVM such as the web example) started as its operator would start it, as a
 * process of its own whose output goes to a file: for tests and load scripts that run several
 * nodes on one database behind a real proxy. {@link #kill()} ends it with SIGKILL (a node that
 * dies mid-step), {@link #close()} with SIGTERM first. Only the process it started is ever
 * signalled.
 *
 * @since 0.2.0
 */
public final class NodeProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path out;
  private volatile int port;

  private NodeProcess(String name, Process process, Path out) {
    this.name = name;
    this.process = process;
    this.out = out;
  }

  /**
   * Starts {@code java ARGS...} with the running JVM's {@code java}.
   *
   * @param name the node's name (for messages, and the proxy's server line)
   * @param javaArgs what follows {@code java} ({@code -Xmx..., -jar, host.jar, --port, 0, ...})
   * @param environment variables added to the inherited environment (database credentials)
   * @param output the file its standard output and error go to
   * @return the started node
   */
  public static NodeProcess startJava(String name, List<String> javaArgs,
      Map<String, String> environment, Path output) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaArgs);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    pb.environment().putAll(environment);
    try {
      return new NodeProcess(name, pb.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The node's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Waits until the output shows the port the node listens on.
   *
   * @param announcement a pattern whose first group is the port (the host's start-up line)
   * @param timeout how long to wait
   * @return the port
   * @throws IllegalStateException if the node exits or says nothing in time (with its output)
   */
  public int awaitPort(Pattern announcement, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (port == 0) {
      Matcher m = announcement.matcher(log());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      } else if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
            + log());
      } else if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not start in " + timeout + ":\n" + log());
      } else {
        pause(100);
      }
    }
    return port;
  }

  /**
   * The port {@link #awaitPort} found.
   *
   * @return the port
   * @throws IllegalStateException before it was found
   */
  public int port() {
    if (port == 0) {
      throw new IllegalStateException(name + " has not announced its port");
    }
    return port;
  }

  /**
   * What the node wrote so far.
   *
   * @return the text ({@code ""} if the file cannot be read)
   */
  public String log() {
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * How many lines of its output contain a text (an access log's {@code " GET /path "}).
   *
   * @param text the text
   * @return the count
   */
  public long linesContaining(String text) {
    return log().lines().filter(l -> l.contains(text)).count();
  }

  /**
   * Whether the process is still running.
   *
   * @return {@code true} while it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Ends the node at once (SIGKILL), as a crash would, and waits for it. */
  public void kill() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops the node (SIGTERM, then SIGKILL after 10 s) and waits for it. */
  @Override
  public void close() {
    TlsTerminator.stop(process);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return "NodeProcess[" + name + (port == 0 ? "" : " :" + port) + "]";
  }
}
