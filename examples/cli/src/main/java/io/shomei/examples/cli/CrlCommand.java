package io.shomei.examples.cli;

import io.shomei.core.Crl;
import io.shomei.examples.datadir.DataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei crl}: issues the CA's CRL. */
@Command(name = "crl", mixinStandardHelpOptions = true,
    description = "Issues a CRL signed by the CA (revoked and superseded certificates) and writes"
        + " it to --out (DER, or PEM with --format pem; an existing file is replaced).")
final class CrlCommand extends CliCommand {
  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write.")
  Path outFile = Path.of("");

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "der",
      description = "der (default, application/pkix-crl) or pem.")
  String format = "der";

  CrlCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int execute() throws IOException {
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("der") && !f.equals("pem")) {
      throw new UsageException("--format must be der or pem");
    }
    try (DataDir dir = open()) {
      Crl crl = dir.shomei(ctx.clock()).crl().issue();
      byte[] bytes = f.equals("der") ? crl.der() : crl.pem().getBytes(StandardCharsets.US_ASCII);
      Path tmp = ReplacedFile.begin(outFile);
      Files.write(tmp, bytes);
      ReplacedFile.commit(tmp, outFile);
      out.kv("result", "issued")
          .kv("crl-number", crl.crlNumber())
          .kv("this-update", crl.thisUpdate())
          .kv("next-update", crl.nextUpdate())
          .kv("entries", crl.entries())
          .kv("issuer", dir.issuingCa().getSubjectX500Principal().getName())
          .kv("out", outFile)
          .kv("format", f);
      return ShomeiCli.OK;
    }
  }
}
