package io.shomei.examples.cli;

import io.shomei.core.Shomei;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.examples.datadir.DataDir;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Options several subcommands take with the same words, as picocli mixins ({@code @Mixin}): each
 * is declared once, with the code that reads it.
 */
final class SharedOptions {
  private SharedOptions() {}

  /** {@code --cert FILE} (required) and {@code --p12-password-env VAR}: a presented certificate. */
  static final class PresentedCertificate {
    @Option(names = "--cert", required = true, paramLabel = "FILE",
        description = "The certificate: PEM, DER or PKCS#12 (with --p12-password-env).")
    Path cert = Path.of("");

    @Option(names = "--p12-password-env", paramLabel = "VAR",
        description = "Environment variable holding the password of a PKCS#12 --cert.")
    @Nullable String p12PasswordEnv;

    /** Reads the certificate (the PKCS#12 password, when named, from the command's environment). */
    CertificateReader.Read read(CliCommand command) {
      return CertificateReader.read(cert,
          command.optionalSecret("--p12-password-env", p12PasswordEnv));
    }
  }

  /** {@code --rules FILE}: a rule file instead of the data directory's active one. */
  static final class RulesOverride {
    @Option(names = "--rules", paramLabel = "FILE",
        description = "Use this rule file instead of the data directory's active one.")
    @Nullable Path rules;

    /** The rules of {@code --rules FILE} when given, else the data directory's active rules. */
    RuleSet rules(DataDir dir) {
      return CliCommand.rules(dir, rules);
    }

    /** The data directory's SDK at {@code clock}, deciding by these rules. */
    Shomei shomei(DataDir dir, Clock clock) {
      return dir.shomei(clock, rules(dir));
    }
  }
}
