package io.shomei.testing.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's {@code /usr/bin/chromium}) driven by Playwright scripts under
 * Node.js: the browser walks of the example hosts. {@link #prepare} copies a Playwright package
 * ({@code package.json} and its lock file) and the walk scripts into a work directory and runs
 * {@code npm ci} there when the lock file changed since the last run; {@link #run} runs one
 * script with its environment and fails the calling test, naming the screenshots' directory,
 * when the script does not end with its {@code {"step":"done"}} line.
 *
 * <p>Skips the calling test (fails it under {@code CI=true}) when Chromium, Node.js 20 or later,
 * npm or the Japanese font are missing.
 *
 * @since 0.2.0
 */
public final class BrowserWalks {
  /** The browser executable the scripts are given as {@code CHROMIUM}. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private static final String DONE = "{\"step\":\"done\"}";

  private final Path work;

  private BrowserWalks(Path work) {
    this.work = work;
  }

  /**
   * Prepares the work directory.
   *
   * @param packageDir the directory with {@code package.json} and {@code package-lock.json}
   * @param work the work directory (under {@code target/}); recreated when its lock file differs
   * @param scripts the walk scripts (and modules they import), copied into {@code work} by name
   * @return the prepared walks
   */
  public static BrowserWalks prepare(Path packageDir, Path work, List<Path> scripts) {
    Components.require(Component.CHROMIUM, Component.NODE, Component.JAPANESE_FONT);
    requireNode20();
    try {
      Path lock = work.resolve("package-lock.json");
      boolean installed = Files.isRegularFile(lock)
          && Files.isDirectory(work.resolve("node_modules").resolve("playwright-core"))
          && Files.mismatch(lock, packageDir.resolve("package-lock.json")) == -1;
      if (!installed) {
        clean(work);
      }
      Files.createDirectories(work);
      for (String f : List.of("package.json", "package-lock.json")) {
        Files.copy(packageDir.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      for (Path script : scripts) {
        Files.copy(script, work.resolve(String.valueOf(script.getFileName())),
            StandardCopyOption.REPLACE_EXISTING);
      }
      if (!installed) {
        ProcessRunner.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"),
            Duration.ofMinutes(3), work, Map.of(), null).requireSuccess();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + work, e);
    }
    return new BrowserWalks(work);
  }

  /**
   * Runs {@code node script} in the work directory with {@code env} (plus {@code CHROMIUM}).
   * Its standard output goes to {@code shots/<script>.log}.
   *
   * @param script the script's file name
   * @param env its environment
   * @param shots the directory its screenshots go to (named in a failure)
   * @return what it printed; its last step was {@code done}
   */
  public ProcessRunner.Result run(String script, Map<String, String> env, Path shots) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("CHROMIUM", CHROMIUM.toString());
    ProcessRunner.Result r = ProcessRunner.run(List.of("node", script), Duration.ofMinutes(3),
        work, all, null);
    if (r.exitCode() != 0 || !r.stdout().contains(DONE)) {
      Assertions.fail(script + " failed (screenshots in " + shots.toAbsolutePath()
          + ")\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr());
    }
    try {
      Files.createDirectories(shots);
      Files.writeString(shots.resolve(script.replaceFirst("\\.mjs$", "") + ".log"), r.stdout(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log of " + script, e);
    }
    return r;
  }

  /**
   * Checks that each named screenshot exists in {@code shots} and is a PNG file.
   *
   * @param shots the screenshots' directory
   * @param names the names without {@code .png}
   */
  public static void assertScreenshots(Path shots, List<String> names) {
    for (String name : names) {
      Path png = shots.resolve(name + ".png");
      byte[] head = new byte[8];
      try (InputStream in = Files.newInputStream(png)) {
        Assertions.assertEquals(8, in.read(head), png + " is too short");
      } catch (IOException e) {
        Assertions.fail("no screenshot " + png, e);
      }
      Assertions.assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
          head, png + " is not a PNG file");
    }
  }

  /**
   * Deletes a directory and everything under it, if it exists.
   *
   * @param dir the directory
   */
  public static void clean(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static void requireNode20() {
    ProcessRunner.Result v = ProcessRunner.run(List.of("node", "--version"),
        Duration.ofSeconds(30));
    String version = v.stdout().trim();
    int major;
    try {
      major = Integer.parseInt(version.replaceFirst("^v(\\d+)\\..*$", "$1"));
    } catch (NumberFormatException e) {
      major = 0;
    }
    if (major < 20) {
      String message = "playwright-core needs Node.js 20 or later; /usr/bin/node is " + version
          + " (install nodejs 20 from NodeSource or Debian backports)";
      if (Components.underCi()) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
  }
}
