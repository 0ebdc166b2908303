package io.shomei.testing.env;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs an external command with a time limit and captures its output.
 *
 * <p>Output is drained by two dedicated daemon threads (never a shared pool, where blocking reads
 * could starve other work). If a child of the command keeps the output pipes open after the
 * command exited, the run fails after the time limit instead of hanging.
 *
 * @since 0.1.0
 */
public final class ProcessRunner {
  private ProcessRunner() {}

  /**
   * What a finished command returned.
   *
   * @param exitCode the exit code
   * @param stdout standard output (UTF-8)
   * @param stderr standard error (UTF-8)
   */
  public record Result(int exitCode, String stdout, String stderr) {
    /**
     * Throws unless the exit code is 0.
     *
     * @return this result
     */
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException("command failed with exit code " + exitCode + "\nstdout:\n"
            + stdout + "\nstderr:\n" + stderr);
      }
      return this;
    }
  }

  /**
   * Runs a command.
   *
   * @param command the program and its arguments
   * @param timeout the time limit; the process is killed when it is exceeded
   * @return the result
   */
  public static Result run(List<String> command, Duration timeout) {
    return run(command, timeout, null, Map.of(), null);
  }

  /**
   * Runs a command in a directory with extra environment variables and optional standard input.
   *
   * @param command the program and its arguments
   * @param timeout the time limit; the process is killed when it is exceeded
   * @param directory working directory, or {@code null} for the current one
   * @param environment variables added to the inherited environment
   * @param stdin bytes written to standard input, or {@code null} for none (standard input is
   *     closed at once)
   * @return the result
   */
  public static Result run(
      List<String> command,
      Duration timeout,
      @Nullable Path directory,
      Map<String, String> environment,
      byte @Nullable [] stdin) {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    pb.environment().putAll(environment);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Process p = pb.start();
      Drain out = new Drain(p.getInputStream(), command);
      Drain err = new Drain(p.getErrorStream(), command);
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      } catch (IOException e) {
        // the command exited without reading its input; its exit code tells the caller why
      }
      if (!p.waitFor(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException("timed out after " + timeout + ": " + command
            + "\nstdout so far:\n" + out.text() + "\nstderr so far:\n" + err.text());
      }
      String o = out.await(deadline);
      String e = err.await(deadline);
      return new Result(p.exitValue(), o, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  /** Copies one stream into memory on its own daemon thread. */
  private static final class Drain {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;
    private final List<String> command;

    Drain(InputStream in, List<String> command) {
      this.command = command;
      this.thread = new Thread(() -> copy(in), "process-drain");
      thread.setDaemon(true);
      thread.start();
    }

    private void copy(InputStream in) {
      byte[] chunk = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          synchronized (buffer) {
            buffer.write(chunk, 0, n);
          }
        }
      } catch (IOException e) {
        // the stream was closed under us (process killed): keep what was read
      }
    }

    String text() {
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }

    String await(long deadline) throws InterruptedException {
      thread.join(Math.max(1, remainingMillis(deadline)));
      if (thread.isAlive()) {
        throw new IllegalStateException("a child of " + command
            + " kept its output open after the command exited; output so far:\n" + text());
      }
      return text();
    }
  }
}
