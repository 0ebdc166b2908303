package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The web example started the way {@code java -jar} starts it, and what it printed. */
record FirstStart(ShomeiWeb.Running running, String output, String userId,
    String temporaryPassword, String acquisitionPassword, String url, String loginUrl,
    Path serverCa)
    implements AutoCloseable {

  /** Starts on a free port with a new data directory, as a first start. */
  static FirstStart in(Path dataDir) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    ShomeiWeb.Running running = Objects.requireNonNull(ShomeiWeb.start(
        new String[] {"--data", dataDir.toString(), "--port", "0"}, out));
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("== The bank's letter");
    return new FirstStart(running, text, field(text, "user-id"), field(text, "temporary-password"),
        field(text, "acquisition-password"), field(text, "url"), field(text, "certificate-login"),
        Path.of(field(text, "server-ca")));
  }

  /**
   * Starts on a free port with a new data directory, as a first start behind a TLS terminator
   * ({@code --behind-proxy FORMAT --trusted-peer} {@link Proxies#SOURCE}): {@link #url()} and
   * {@link #loginUrl()} are both the plain-HTTP backend the proxy forwards to.
   */
  static FirstStart behindProxy(Path dataDir, String format) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    ShomeiWeb.Running running = Objects.requireNonNull(ShomeiWeb.start(
        new String[] {"--data", dataDir.toString(), "--port", "0", "--behind-proxy", format,
            "--trusted-peer", Proxies.SOURCE}, out));
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("== The bank's letter");
    String backend = field(text, "backend (for the proxy only)");
    return new FirstStart(running, text, field(text, "user-id"), field(text, "temporary-password"),
        field(text, "acquisition-password"), backend, backend, Path.of(field(text, "server-ca")));
  }

  static String field(String text, String key) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ": (\\S+)").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no '" + key + ":' line in:\n" + text);
    }
    return m.group(1);
  }

  @Override
  public void close() {
    running.close();
  }
}
