package io.shomei.testing.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs an external command with a time limit and captures its output.
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
   * @param stdin bytes written to standard input, or {@code null} for none
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
    try {
      Process p = pb.start();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException("timed out after " + timeout + ": " + command);
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
