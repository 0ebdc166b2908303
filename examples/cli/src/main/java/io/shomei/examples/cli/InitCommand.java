package io.shomei.examples.cli;

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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shomei init}: creates the data directory with a CA that is generated (software or on a
 * PKCS#11 token) or adopted (a PKCS#12 file, or an existing key on a token).
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {
        "Creates the data directory: database, CA, the notice's rules as the active rule file.",
        "CA: generated in software (default), generated on a PKCS#11 token (--pkcs11-config),"
            + " adopted from a PKCS#12 file (--ca-p12) or adopted from a token (--pkcs11-alias).",
        "A generated CA's subject is " + InitCommand.DEFAULT_SUBJECT + " unless --ca-subject."})
final class InitCommand extends CliCommand {
  static final String DEFAULT_SUBJECT = "CN=Shomei Example Root CA,O=Example Bank,C=JP";
  static final String DEFAULT_PKCS11_ALIAS = "shomei-ca";

  @Mixin SharedOptions.CaKey ca = new SharedOptions.CaKey();

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
    boolean p12 = ca.pkcs12();
    boolean token = pkcs11Config != null || pkcs11PinEnv != null || pkcs11Alias != null;
    if (p12 && token) {
      throw new UsageException("--ca-p12 and --pkcs11-config exclude each other");
    }
    ca.generatedOnly(p12 || pkcs11Alias != null);
    KeyType keyType = ca.keyType();
    String subject = ca.subject(DEFAULT_SUBJECT);
    if (p12) {
      return ca.adopt(this);
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
