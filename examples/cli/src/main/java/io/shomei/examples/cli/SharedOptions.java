package io.shomei.examples.cli;

import io.shomei.core.Shomei;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.issue.KeyType;
import io.shomei.examples.datadir.CaSource;
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

  /**
   * The key of a CA that {@code init} or {@code ca add} sets up: generated ({@code --ca-key},
   * {@code --ca-subject}) or adopted from a PKCS#12 file ({@code --ca-p12} with its password and
   * alias).
   */
  static final class CaKey {
    @Option(names = "--ca-key", paramLabel = "TYPE",
        description = "Key of a generated CA: ec-p256 (default), rsa-2048 or rsa-3072.")
    @Nullable String caKey;

    @Option(names = "--ca-subject", paramLabel = "DN",
        description = "Subject of a generated CA (the default is in the command's description).")
    @Nullable String caSubject;

    @Option(names = "--ca-p12", paramLabel = "FILE",
        description = "Adopt an existing CA: a PKCS#12 file with its key and chain.")
    @Nullable Path caP12;

    @Option(names = "--ca-p12-password-env", paramLabel = "VAR",
        description = "Environment variable holding the password of --ca-p12.")
    @Nullable String caP12PasswordEnv;

    @Option(names = "--ca-p12-alias", paramLabel = "ALIAS",
        description = "The key entry of --ca-p12 to use when it holds several.")
    @Nullable String caP12Alias;

    /** Whether a {@code --ca-p12} option was given. */
    boolean pkcs12() {
      return caP12 != null || caP12PasswordEnv != null || caP12Alias != null;
    }

    /** Refuses {@code --ca-key} and {@code --ca-subject} for a CA that is not generated. */
    void generatedOnly(boolean adopting) {
      if (adopting && (caKey != null || caSubject != null)) {
        throw new UsageException("--ca-key and --ca-subject are for a generated CA, not an"
            + " adopted one");
      }
    }

    KeyType keyType() {
      return InitCommand.keyType(caKey == null ? "ec-p256" : caKey);
    }

    String subject(String otherwise) {
      return caSubject == null ? otherwise : caSubject;
    }

    /** The PKCS#12 file to adopt, its password read from the command's environment. */
    CaSource.AdoptPkcs12 adopt(CliCommand command) {
      Path file = caP12;
      String env = caP12PasswordEnv;
      if (file == null || env == null) {
        throw new UsageException("--ca-p12 FILE needs --ca-p12-password-env VAR (and the"
            + " other way round)");
      }
      return new CaSource.AdoptPkcs12(file, command.secret("--ca-p12-password-env", env),
          caP12Alias);
    }
  }
}
