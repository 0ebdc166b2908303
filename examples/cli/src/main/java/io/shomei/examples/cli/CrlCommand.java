package io.shomei.examples.cli;

import io.shomei.core.Crl;
import io.shomei.core.CrlPublisher;
import io.shomei.core.CrlRun;
import io.shomei.core.Shomei;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.datadir.StoredCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei crl}: issues the CAs' CRLs. */
@Command(name = "crl", mixinStandardHelpOptions = true,
    description = {"Issues a CRL signed by each CA of the data directory (its revoked and"
        + " superseded certificates), publishes it as that CA's newest in the data directory's"
        + " store and writes it: to --out FILE when the directory has one CA or --issuer picks"
        + " one, or to --out-dir DIR as one file per CA named KEY-ID.crl (KEY-ID.pem with --format"
        + " pem). An existing file is replaced. With --if-due, for cron on every node: issues a"
        + " CA's CRL only if its newest one is due for renewal and no other node is issuing it,"
        + " and writes the newest CRL in any case.",
        "Per CA: result (issued, not-due or held-elsewhere), crl-number, this-update,"
            + " next-update, entries, issuer, label, key-id, out, format; then crls: N."})
final class CrlCommand extends CliCommand {
  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write the one CA's CRL (one CA, or --issuer).")
  @Nullable Path outFile;

  @Option(names = "--out-dir", paramLabel = "DIR",
      description = "Where to write one CRL per CA, named by the CA's key ID (created if missing).")
  @Nullable Path outDir;

  @Option(names = "--issuer", paramLabel = "LABEL|KEY-ID",
      description = "Only this CA, by its label or key ID (as ca list prints them).")
  @Nullable String issuer;

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
    if ((outFile == null) == (outDir == null)) {
      throw new UsageException("give exactly one of --out FILE and --out-dir DIR");
    }
    try (DataDir dir = open()) {
      Shomei shomei = dir.shomei(ctx.clock());
      List<StoredCa> cas = new ArrayList<>(dir.issuingCas());
      if (issuer != null) {
        cas = List.of(find(cas, issuer));
      }
      Path file = outFile;
      if (file != null && cas.size() > 1) {
        throw new UsageException("the data directory has " + cas.size() + " CAs: --out-dir DIR"
            + " writes one CRL per CA, or --issuer LABEL picks one for --out");
      }
      Path directory = outDir;
      if (directory != null) {
        Files.createDirectories(directory);
      }
      for (StoredCa ca : cas) {
        CrlPublisher publisher = shomei.crl(ca.keyId()).orElseThrow(() -> new CliFailure(
            "the SDK publishes no CRL for the CA '" + ca.label() + "'"));
        Path target = file != null ? file
            : java.util.Objects.requireNonNull(directory).resolve(ca.keyId() + "." + (
                f.equals("der") ? "crl" : "pem"));
        publish(publisher, ca, target, f);
      }
      out.kv("crls", cas.size());
      return ShomeiCli.OK;
    }
  }

  /** Issues (or, with --if-due, takes the newest) CRL of one CA and writes it to {@code target}. */
  private void publish(CrlPublisher publisher, StoredCa ca, Path target, String f)
      throws IOException {
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
          // another node is issuing this CA's first CRL: nothing to write yet
          out.kv("result", result).kv("holder", ((CrlRun.HeldElsewhere) run).holder())
              .kv("label", ca.label()).kv("key-id", ca.keyId());
          return;
        }
        crl = newest;
      }
    } else {
      crl = publisher.issue();
    }
    byte[] bytes = f.equals("der") ? crl.der() : crl.pem().getBytes(StandardCharsets.US_ASCII);
    Path tmp = ReplacedFile.begin(target);
    Files.write(tmp, bytes);
    ReplacedFile.commit(tmp, target);
    out.kv("result", result)
        .kv("crl-number", crl.crlNumber())
        .kv("this-update", crl.thisUpdate())
        .kv("next-update", crl.nextUpdate())
        .kv("entries", crl.entries())
        .kv("issuer", ca.certificate().getSubjectX500Principal().getName())
        .kv("label", ca.label())
        .kv("key-id", ca.keyId())
        .kv("out", target)
        .kv("format", f);
  }

  /** The CA named by its label or key ID. */
  static StoredCa find(List<StoredCa> cas, String labelOrKeyId) {
    String wanted = labelOrKeyId.toLowerCase(Locale.ROOT);
    for (StoredCa ca : cas) {
      if (ca.label().equals(wanted) || ca.keyId().equals(wanted)) {
        return ca;
      }
    }
    List<String> labels = new ArrayList<>();
    cas.forEach(c -> labels.add(c.label()));
    throw new UsageException("no CA labelled or with key ID '" + Out.oneLine(labelOrKeyId)
        + "' (labels: " + String.join(", ", labels) + ")");
  }
}
