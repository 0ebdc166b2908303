package io.shomei.examples.cli;

import io.shomei.core.Crl;
import io.shomei.core.CrlPublisher;
import io.shomei.core.CrlRun;
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
    description = "Issues a CRL signed by the CA (revoked and superseded certificates), publishes"
        + " it as the newest in the data directory's store and writes it to --out (DER, or PEM"
        + " with --format pem; an existing file is replaced). With --if-due, for cron on every"
        + " node: issues only if the newest CRL is due for renewal and no other node is issuing"
        + " it, and writes the newest CRL in any case.")
final class CrlCommand extends CliCommand {
  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write.")
  Path outFile = Path.of("");

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "der",
      description = "der (default, application/pkix-crl) or pem.")
  String format = "der";

  @Option(names = "--if-due", description = "Issue only when due (see above); always write the newest.")
  boolean ifDue;

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
      CrlPublisher publisher = dir.shomei(ctx.clock()).crl();
      String result = "issued";
      Crl crl;
      if (ifDue) {
        CrlRun run = publisher.publishIfDue();
        if (run instanceof CrlRun.Published p) {
          crl = p.crl();
        } else if (run instanceof CrlRun.NotDue n) {
          result = "not-due";
          crl = n.current();
        } else {
          result = "held-elsewhere";
          Crl newest = publisher.latest().orElse(null);
          if (newest == null) {
            out.kv("result", result).kv("holder", ((CrlRun.HeldElsewhere) run).holder());
            return ShomeiCli.OK; // another node is issuing the first CRL: nothing to write yet
          }
          crl = newest;
        }
      } else {
        crl = publisher.issue();
      }
      byte[] bytes = f.equals("der") ? crl.der() : crl.pem().getBytes(StandardCharsets.US_ASCII);
      Path tmp = ReplacedFile.begin(outFile);
      Files.write(tmp, bytes);
      ReplacedFile.commit(tmp, outFile);
      out.kv("result", result)
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
