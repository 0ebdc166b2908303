package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Usage errors exit 2, failures 3, and no option can carry a secret. */
class CliUsageTest {
  @TempDir Path tmp;

  @Test
  void usageErrorsExitTwoWithAMessageOnStandardError() {
    Cli cli = new Cli(tmp.resolve("data")).env("SET", "x");
    List<String[]> usage = List.of(
        new String[] {},
        new String[] {"nonsense"},
        new String[] {"user"},
        new String[] {"user", "add", "--user-id", "12345678"},
        new String[] {"user", "add", "--user-id", "12345678", "--service", "fx-forward",
            "--color"},
        new String[] {"user", "add", "--user-id", "12345678", "--service", "fx-spot"},
        new String[] {"init", "--ca-key", "dsa-1024"},
        new String[] {"init", "--ca-p12", "ca.p12"},
        new String[] {"init", "--ca-p12", "ca.p12", "--ca-p12-password-env", "SET",
            "--pkcs11-config", "token.cfg"},
        new String[] {"init", "--pkcs11-config", "token.cfg", "--pkcs11-pin-env", "UNSET"},
        new String[] {"cert", "check", "--service", "fx-forward", "--cert", "x.pem", "--at",
            "2021-02-23T23:59:59"},
        new String[] {"cert", "check", "--service", "fx-forward", "--cert", "x.pem", "--at",
            "tomorrow"},
        new String[] {"cert", "acquire", "--user-id", "12345678", "--service", "fx-forward",
            "--password-env", "UNSET", "--acquisition-password-env", "SET", "--out", "x.p12"},
        new String[] {"cert", "acquire", "--user-id", "12345678", "--service", "fx-forward",
            "--password-env", "Secret-Passw0rd!", "--acquisition-password-env", "SET",
            "--out", "x.p12"},
        new String[] {"cert", "acquire", "--user-id", "12345678", "--service", "fx-forward",
            "--password-env", "SET", "--acquisition-password-env", "SET", "--out", "x.p12",
            "--profile", "legacy"},
        new String[] {"cert", "import", "--service", "fx-forward"},
        new String[] {"cert", "import", "--service", "fx-forward", "--dir", ".", "--user-id",
            "12345678"},
        new String[] {"cert", "import", "--service", "fx-forward", "--cert", "x.pem", "--status",
            "lost"},
        new String[] {"operator", "revoke", "--user-id", "12345678", "--service", "fx-forward",
            "--operator", "b", "--reason", "boredom"},
        new String[] {"operator", "unlock", "--user-id", "12345678", "--service", "fx-forward",
            "--operator", " padded "},
        // the user ID an operator types is parsed by the user-ID policy, never trimmed
        new String[] {"operator", "unlock", "--user-id", " 12345678", "--service", "fx-forward",
            "--operator", "b"},
        new String[] {"operator", "unlock", "--user-id", "１２３４５６７８", "--service",
            "fx-forward", "--operator", "b"},
        new String[] {"crl", "--out", "x.crl", "--format", "xml"},
        new String[] {"audit", "verify", "--anchor-hash", "ab"},
        new String[] {"campaign", "report"});
    for (String[] args : usage) {
      Cli.Result r = cli.raw(args).expect(ShomeiCli.USAGE);
      assertThat(r.out()).as("%s", r).isEmpty();
      assertThat(r.err()).as("%s", r).isNotBlank();
    }
    assertThat(cli.raw("cert", "acquire", "--user-id", "12345678", "--service", "fx-forward",
        "--password-env", "Secret-Passw0rd!", "--acquisition-password-env", "SET", "--out",
        "x.p12").err()).doesNotContain("Secret-Passw0rd!").contains("NAME of an environment");
    assertThat(cli.raw("user", "add", "--user-id", "12345678", "--service", "fx-spot").err())
        .startsWith("error: unknown service 'fx-spot' (known: fx-forward, fx-other)")
        .contains("Run 'shomei user add --help' for usage.");
  }

  @Test
  void anUnknownRevocationReasonNamesTheOptionItWasGivenWith() {
    Cli cli = new Cli(tmp.resolve("data"));
    Cli.Result revoke = cli.run("operator", "revoke", "--user-id", "12345678", "--service",
        "fx-forward", "--operator", "b", "--reason", "boredom").expect(ShomeiCli.USAGE);
    assertThat(revoke.err()).startsWith("error: unknown --reason 'boredom'")
        .contains("key-compromise (keyCompromise)");
    Cli.Result imported = cli.run("cert", "import", "--service", "fx-forward", "--cert",
        "x.pem", "--status", "revoked", "--revocation-reason", "boredom")
        .expect(ShomeiCli.USAGE);
    assertThat(imported.err()).startsWith("error: unknown --revocation-reason 'boredom'");
  }

  @Test
  void rfc5280SpellingsOfARevocationReasonAreAccepted() {
    // accepted reasons get past the options: the missing data directory (or file) is what fails
    Cli cli = new Cli(tmp.resolve("data"));
    for (String reason : List.of("keyCompromise", "cACompromise", "affiliationChanged",
        "superseded", "cessationOfOperation", "privilegeWithdrawn", "unspecified",
        "key-compromise", "KEY_COMPROMISE")) {
      cli.run("operator", "revoke", "--user-id", "12345678", "--service", "fx-forward",
          "--operator", "b", "--reason", reason).expect(ShomeiCli.FAILURE);
      cli.run("cert", "import", "--service", "fx-forward", "--cert", "x.pem", "--status",
          "revoked", "--revocation-reason", reason).expect(ShomeiCli.FAILURE);
    }
    // the RFC's names are case-sensitive: a near miss is not guessed at
    cli.run("operator", "revoke", "--user-id", "12345678", "--service", "fx-forward",
        "--operator", "b", "--reason", "keycompromise").expect(ShomeiCli.USAGE);
  }

  @Test
  void helpAndVersionExitZero() {
    Cli cli = new Cli(tmp.resolve("data"));
    assertThat(cli.raw("--help").expect(0).out()).contains("Exit codes:")
        .contains("campaign").contains("trust");
    assertThat(cli.raw("cert", "check", "--help").expect(0).out()).contains("--at=INSTANT")
        .contains("--p12-password-env=VAR");
    assertThat(cli.raw("--version").expect(0).out()).startsWith("shomei operator CLI");
  }

  @Test
  void aMissingDataDirectoryIsAFailureThatSaysWhat() {
    Cli cli = new Cli(tmp.resolve("nothing-here"));
    Cli.Result r = cli.run("audit", "verify").expect(ShomeiCli.FAILURE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: no data directory at " + tmp.resolve("nothing-here")
        + " (run init first)\n");
    cli.run("rules", "check", "--rules", tmp.resolve("none.rules").toString())
        .expect(ShomeiCli.FAILURE);
  }

  /** Every option that names a password, PIN or other secret takes an environment variable name. */
  @Test
  void noOptionTakesASecretValue() {
    Context ctx = new Context(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), Map.of(), false, Clock.systemUTC(),
        new SecureRandom());
    List<String> checked = new ArrayList<>();
    walk(ShomeiCli.commandLine(ctx), checked);
    assertThat(checked).contains("cert acquire --password-env",
        "cert acquire --acquisition-password-env", "login --new-password-env",
        "init --pkcs11-pin-env", "init --ca-p12-password-env", "cert check --p12-password-env",
        "cert import --p12-password-env");
  }

  private static void walk(CommandLine cl, List<String> checked) {
    for (OptionSpec o : cl.getCommandSpec().options()) {
      String name = o.longestName();
      if (name.matches(".*(pass|pin|secret|key|token|pw).*") && !name.equals("--ca-key")) {
        assertThat(name).as(cl.getCommandName()).endsWith("-env");
        assertThat(o.paramLabel()).isEqualTo("VAR");
        checked.add(cl.getCommandSpec().qualifiedName(" ").replaceFirst("^shomei ", "") + " "
            + name);
      }
      assertThat(o.interactive()).as("interactive option %s", name).isFalse();
    }
    assertThat(cl.getCommandSpec().positionalParameters()).isEmpty();
    cl.getSubcommands().values().forEach(sub -> walk(sub, checked));
  }
}
