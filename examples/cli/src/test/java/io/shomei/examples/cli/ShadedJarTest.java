package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.examples.datadir.DataDir;
import io.shomei.testing.env.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script runs the shaded jar as a real process (surefire runs this class in the
 * verify phase, after the jar is built). Also the one check that needs a second process: a data
 * directory in use by another process is a failure that says so.
 */
class ShadedJarTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path tmp;

  @Test
  void theLauncherRunsTheShadedJar() {
    String launcherProperty = System.getProperty("shomei.cli.launcher");
    String jarProperty = System.getProperty("shomei.cli.jar");
    // the pom's shaded-jar execution (verify phase) sets both; a -Dtest=... run in the test phase,
    // before the jar exists, does not
    Assumptions.assumeTrue(launcherProperty != null && jarProperty != null,
        "runs in the verify phase only (mvn -pl examples/cli -am verify)");
    Path launcher = Path.of(launcherProperty);
    assertThat(Path.of(jarProperty)).isRegularFile();
    String java = ProcessHandle.current().info().command().orElse("java");
    Path data = tmp.resolve("data");

    ProcessRunner.Result init = shomei(launcher, java, Map.of(), "init", "--data",
        data.toString());
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    assertThat(init.stdout()).startsWith("result: initialized\n").contains("ca-custody: software");

    ProcessRunner.Result usage = shomei(launcher, java, Map.of(), "user", "add", "--data",
        data.toString());
    assertThat(usage.exitCode()).isEqualTo(ShomeiCli.USAGE);
    assertThat(usage.stderr()).contains("Missing required options");

    try (DataDir held = DataDir.open(data)) {
      ProcessRunner.Result locked = shomei(launcher, java, Map.of(), "audit", "verify",
          "--data", data.toString());
      assertThat(locked.exitCode()).as(locked.stderr()).isEqualTo(ShomeiCli.FAILURE);
      assertThat(locked.stderr()).startsWith("error: the data directory ")
          .contains("is in use by another process");
      assertThat(locked.stdout()).isEmpty();
      assertThat(held.custodyKind()).isEqualTo("software");
    }
    ProcessRunner.Result verify = shomei(launcher, java, Map.of("SHOMEI_CLI_JAVA_OPTS", "-Xmx128m"),
        "audit", "verify", "--data", data.toString());
    assertThat(verify.exitCode()).as(verify.stderr()).isZero();
    assertThat(verify.stdout()).startsWith("result: intact\n");
    assertThat(Files.exists(data.resolve("db"))).isTrue();
  }

  private static ProcessRunner.Result shomei(Path launcher, String java, Map<String, String> env,
      String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("JAVA", java);
    return ProcessRunner.run(command, TIMEOUT, null, all, null);
  }
}
