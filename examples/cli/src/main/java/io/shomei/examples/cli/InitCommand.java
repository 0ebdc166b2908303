package io.shomei.examples.cli;

import io.shomei.spi.Secret;
import io.shomei.core.issue.KeyType;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.CertificateRecord;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shomei init}: creates the data directory with a CA that is generated (software or on a
 * PKCS#11 token) or adopted (a PKCS#12 file, or an existing key on a token).
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {
        "Creates the data directory: database, CA, the notice's rules as the active rule file.",
        "CA: generated in software (default), generated on a PKCS#11 token (--pkcs11-config),"
            + " adopted from a PKCS#12 file (--ca-p12) or adopted from a token (--pkcs11-alias)."})
final class InitCommand extends CliCommand {
  static final String DEFAULT_SUBJECT = "CN=Shomei Example Root CA,O=Example Bank,C=JP";
  static final String DEFAULT_PKCS11_ALIAS = "shomei-ca";

  @Option(names = "--ca-key", paramLabel = "TYPE",
      description = "Key of a generated CA: ec-p256 (default), rsa-2048 or rsa-3072.")
  @Nullable String caKey;

  @Option(names = "--ca-subject", paramLabel = "DN",
      description = "Subject of a generated CA (default: " + DEFAULT_SUBJECT + ").")
  @Nullable String caSubject;

  @Option(names = "--pkcs11-config", paramLabel = "FILE",
      description = "SunPKCS11 configuration of the token that keeps the CA key.")
  @Nullable Path pkcs11Config;

  @Option(names = "--pkcs11-pin-env", paramLabel = "VAR",
      description = "Environment variable holding the token PIN (read now and at every later"
          + " command).")
  @Nullable String pkcs11PinEnv;

  @Option(names = "--pkcs11-alias", paramLabel = "ALIAS",
      description = "Adopt the existing key ALIAS of the token (and its certificate chain)"
          + " instead of generating one.")
  @Nullable String pkcs11Alias;

  @Option(names = "--ca-p12", paramLabel = "FILE",
      description = "Adopt an existing CA: a PKCS#12 file with its key and chain.")
  @Nullable Path caP12;

  @Option(names = "--ca-p12-password-env", paramLabel = "VAR",
      description = "Environment variable holding the password of --ca-p12.")
  @Nullable String caP12PasswordEnv;

  @Option(names = "--ca-p12-alias", paramLabel = "ALIAS",
      description = "The key entry of --ca-p12 to use when it holds several.")
  @Nullable String caP12Alias;

  InitCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int execute() {
    CaSource source = source();
    try (DataDir dir = DataDir.init(data, source, ctx.clock(), ctx.random(), ctx::getenv)) {
      X509Certificate ca = dir.issuingCa();
      List<X509Certificate> chain = dir.custody().certificateChain();
      out.kv("result", "initialized")
          .kv("data", data.toAbsolutePath().normalize())
          .kv("ca-custody", dir.custodyKind())
          .kv("ca-subject", ca.getSubjectX500Principal().getName())
          .kv("ca-serial", ca.getSerialNumber().toString(16))
          .kv("ca-not-before", ca.getNotBefore().toInstant())
          .kv("ca-not-after", ca.getNotAfter().toInstant())
          .kv("ca-sha256-fingerprint", fingerprint(ca))
          .kv("ca-chain-length", chain.size())
          .kv("services", String.join(",", DataDir.SERVICES))
          .kv("rules", dir.rulesFile().toAbsolutePath().normalize());
      out.extra("Data directory ready. Next: shomei user add --user-id ID --service "
          + DataDir.FX_FORWARD);
      if (source instanceof CaSource.Pkcs11 p) {
        out.extra("Every later command needs the token PIN in the environment variable "
            + p.pinEnv() + ".");
      }
    } finally {
      if (source instanceof CaSource.AdoptPkcs12 a) {
        a.password().destroy();
      }
    }
    return ShomeiCli.OK;
  }

  private CaSource source() {
    boolean p12 = caP12 != null || caP12PasswordEnv != null || caP12Alias != null;
    boolean token = pkcs11Config != null || pkcs11PinEnv != null || pkcs11Alias != null;
    if (p12 && token) {
      throw new UsageException("--ca-p12 and --pkcs11-config exclude each other");
    }
    boolean adopting = p12 || pkcs11Alias != null;
    if (adopting && (caKey != null || caSubject != null)) {
      throw new UsageException("--ca-key and --ca-subject are for a generated CA, not an adopted"
          + " one");
    }
    KeyType keyType = keyType(caKey == null ? "ec-p256" : caKey);
    String subject = caSubject == null ? DEFAULT_SUBJECT : caSubject;
    if (p12) {
      Path file = caP12;
      String env = caP12PasswordEnv;
      if (file == null || env == null) {
        throw new UsageException("--ca-p12 FILE needs --ca-p12-password-env VAR (and the"
            + " other way round)");
      }
      Secret password = secret("--ca-p12-password-env", env);
      return new CaSource.AdoptPkcs12(file, password, caP12Alias);
    }
    if (token) {
      Path config = pkcs11Config;
      String env = pkcs11PinEnv;
      if (config == null || env == null) {
        throw new UsageException("--pkcs11-config FILE needs --pkcs11-pin-env VAR (and the"
            + " other way round)");
      }
      secret("--pkcs11-pin-env", env).destroy(); // fails early, as a usage error, when unset
      String alias = pkcs11Alias == null ? DEFAULT_PKCS11_ALIAS : pkcs11Alias;
      return new CaSource.Pkcs11(config, env, alias, pkcs11Alias == null, keyType, subject);
    }
    return new CaSource.Generate(keyType, subject);
  }

  static KeyType keyType(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ec-p256" -> KeyType.EC_P256;
      case "rsa-2048" -> KeyType.RSA_2048;
      case "rsa-3072" -> KeyType.RSA_3072;
      default -> throw new UsageException("--ca-key must be ec-p256, rsa-2048 or rsa-3072, not '"
          + Out.oneLine(name) + "'");
    };
  }

  static String fingerprint(X509Certificate c) {
    try {
      return CertificateRecord.fingerprintOf(c.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new CliFailure("a certificate cannot be encoded", e);
    }
  }
}
