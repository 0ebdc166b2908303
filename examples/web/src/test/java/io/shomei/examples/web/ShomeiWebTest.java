package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: the first start prints the letter once; later starts print only the URL. */
class ShomeiWebTest {
  @TempDir Path tmp;

  @Test
  void theLetterIsPrintedAtTheFirstStartOnly() throws Exception {
    Path data = tmp.resolve("shomei-data");
    String url;
    try (FirstStart first = FirstStart.in(data)) {
      assertThat(first.userId()).matches("[1-9][0-9]{7}");
      assertThat(first.temporaryPassword()).hasSizeBetween(8, 20);
      assertThat(first.acquisitionPassword()).hasSizeGreaterThanOrEqualTo(16);
      assertThat(first.url()).matches("https://127\\.0\\.0\\.1:[0-9]+/");
      assertThat(first.output()).contains("service: fx-forward", "(created now; CA: software)");
      // the same customer has the second service too, with its own letter
      assertThat(first.output()).contains("service: fx-other");
      assertThat(first.output().split("user-id: " + first.userId(), -1)).hasSize(3);
      url = first.url();
    }
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(data.resolve("web/server.password")))).isEqualTo("rw-------");
    assertThat(Files.readString(data.resolve("web/server-ca.pem"))).startsWith("-----BEGIN");

    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ShomeiWeb.Running again = Objects.requireNonNull(ShomeiWeb.start(
        new String[] {"--data", data.toString(), "--port", "0"},
        new PrintStream(buffer, true, StandardCharsets.UTF_8)))) {
      String out = buffer.toString(StandardCharsets.UTF_8);
      assertThat(out).contains("url: https://127.0.0.1:", "certificate-login: https://127.0.0.1:")
          .doesNotContain("temporary-password", "acquisition-password", "created now");
      // no letter, but how to get one
      assertThat(out).contains("letters were printed at the first start only",
          "examples/cli/shomei user add --data " + data, "--service fx-forward",
          "--data " + data + "-2");
      assertThat(again.server().identity().caCertificate().getSubjectX500Principal().getName())
          .contains("Shomei Example Web Server CA");
      assertThat(url).isNotEmpty();
    }
  }

  @Test
  void usageErrors() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ShomeiWeb.start(new String[] {"--port"}, out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShomeiWeb.start(new String[] {"--port", "70000"}, out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShomeiWeb.start(new String[] {"--nope"}, out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ShomeiWeb.start(new String[] {"--help"}, out)).isNull();
  }
}
