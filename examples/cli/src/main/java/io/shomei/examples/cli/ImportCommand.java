package io.shomei.examples.cli;

import io.shomei.core.migration.ActiveConflictPolicy;
import io.shomei.core.migration.CertificateFiles;
import io.shomei.core.migration.CertificateInventory;
import io.shomei.core.migration.ImportRefusal;
import io.shomei.core.migration.ImportRequest;
import io.shomei.core.migration.ImportResult;
import io.shomei.core.migration.ImportStatus;
import io.shomei.core.migration.ImportSummary;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.CertificateRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shomei cert import}: registers certificates another system issued (the bank's existing
 * inventory), one file or a whole directory.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Registers certificates another system issued, so login accepts them and"
        + " campaigns find them. Each must chain to a trust anchor of the service (see trust add).",
        "--cert FILE: one certificate (PEM, DER or PKCS#12; other certificates of the file are"
            + " intermediates). result: imported (exit 0), duplicate (exit 0: already recorded)"
            + " or refused with reason: (exit 1).",
        "--dir DIR: every PEM/DER file of DIR (not subdirectories), as ACTIVE certificates of the"
            + " users their subjects map to. Prints the counts (imported, duplicates, refused and"
            + " refused-REASON); exit 0 when nothing was refused, else 1. Running it again"
            + " imports nothing new. Progress on a terminal."})
final class ImportCommand extends CliCommand {
  private static final int MAX_LISTED_REFUSALS = 1000;

  @Option(names = "--service", required = true, paramLabel = "SERVICE",
      description = "fx-forward or fx-other.")
  String service = "";

  @Option(names = "--cert", paramLabel = "FILE", description = "One certificate file.")
  @Nullable Path cert;

  @Option(names = "--p12-password-env", paramLabel = "VAR",
      description = "Environment variable holding the password of a PKCS#12 --cert.")
  @Nullable String p12PasswordEnv;

  @Option(names = "--dir", paramLabel = "DIR", description = "A directory of certificate files.")
  @Nullable Path dir;

  @Option(names = "--user-id", paramLabel = "ID",
      description = "With --cert: the user to register it for (default: the user its subject"
          + " maps to). A subject that does not map is then recorded as non-conforming.")
  @Nullable String userId;

  @Option(names = "--status", paramLabel = "STATUS",
      description = "With --cert: active (default), superseded or revoked.")
  @Nullable String status;

  @Option(names = "--revocation-reason", paramLabel = "REASON",
      description = "With --status revoked: the RFC 5280 reason (default unspecified;"
          + " key-compromise, affiliation-changed, superseded, cessation-of-operation, ...;"
          + " or RFC 5280's names: keyCompromise, ...).")
  @Nullable String revocationReason;

  @Option(names = "--revoked-at", paramLabel = "INSTANT", converter = InstantConverter.class,
      description = "With --status revoked: when it was revoked (default: now).")
  @Nullable Instant revokedAt;

  @Option(names = "--on-active-conflict", paramLabel = "POLICY",
      defaultValue = "supersede-older",
      description = "When the account already has an active certificate: supersede-older"
          + " (default: the later validity start stays active) or refuse.")
  String onActiveConflict = "supersede-older";

  @Option(names = "--operator", paramLabel = "NAME",
      description = "Audit the imports as done by this operator (default: system).")
  @Nullable String operator;

  ImportCommand(Context ctx) {
    super(ctx);
  }

  @Override
  int execute() {
    service(service);
    if ((cert == null) == (dir == null)) {
      throw new UsageException("give exactly one of --cert FILE and --dir DIR");
    }
    if (dir != null && (userId != null || status != null || revocationReason != null
        || revokedAt != null || p12PasswordEnv != null)) {
      throw new UsageException("--user-id, --status, --revocation-reason, --revoked-at and"
          + " --p12-password-env go with --cert, not --dir");
    }
    ActiveConflictPolicy policy = switch (onActiveConflict.toLowerCase(Locale.ROOT)) {
      case "supersede-older" -> ActiveConflictPolicy.SUPERSEDE_OLDER;
      case "refuse" -> ActiveConflictPolicy.REFUSE;
      default -> throw new UsageException("--on-active-conflict must be supersede-older or"
          + " refuse");
    };
    ImportStatus importStatus = status();
    if (operator != null && (operator.isBlank() || operator.length() > 119)) {
      throw new UsageException("--operator must be 1..119 characters");
    }
    Path directory = dir;
    if (directory != null) {
      if (!Files.isDirectory(directory)) {
        throw new CliFailure("no such directory: " + directory);
      }
      try (DataDir d = open()) {
        return bulk(inventory(d), directory, policy);
      }
    }
    Path file = cert;
    List<X509Certificate> chain = CertificateReader.read(Objects.requireNonNull(file),
        optionalSecret("--p12-password-env", p12PasswordEnv)).chain();
    ImportRequest request = ImportRequest.of(chain.get(0), service)
        .withIntermediates(chain.subList(1, chain.size()))
        .withUserId(userId)
        .withStatus(importStatus)
        .withSource(file.toString());
    try (DataDir d = open()) {
      return single(inventory(d).importCertificate(request, policy));
    }
  }

  private CertificateInventory inventory(DataDir d) {
    CertificateInventory inventory = d.shomei(ctx.clock()).inventory();
    return operator == null ? inventory : inventory.byOperator(operator);
  }

  private ImportStatus status() {
    String s = status == null ? "active" : status.toLowerCase(Locale.ROOT);
    if (!s.equals("revoked") && (revocationReason != null || revokedAt != null)) {
      throw new UsageException("--revocation-reason and --revoked-at go with --status revoked");
    }
    return switch (s) {
      case "active" -> ImportStatus.active();
      case "superseded" -> ImportStatus.superseded();
      case "revoked" -> {
        var reason = OperatorCommands.Revoke.reason(
            revocationReason == null ? "unspecified" : revocationReason, "--revocation-reason");
        Instant at = revokedAt;
        yield at == null ? ImportStatus.revoked(reason) : ImportStatus.revoked(reason, at);
      }
      default -> throw new UsageException("--status must be active, superseded or revoked");
    };
  }

  private int single(ImportResult result) {
    if (result instanceof ImportResult.Refused r) {
      out.kv("result", "refused").kv("reason", r.reason().name()).kv("service", service);
      out.extra(r.detail());
      return ShomeiCli.REFUSED;
    }
    CertificateRecord record;
    if (result instanceof ImportResult.Imported i) {
      out.kv("result", "imported");
      record = i.record();
      recordLines(record);
      if (i.superseded() != null) {
        out.kv("superseded", i.superseded().serial().toString(16));
      }
    } else {
      out.kv("result", "duplicate");
      record = ((ImportResult.Duplicate) result).existing();
      recordLines(record);
      out.extra("Already recorded; nothing changed.");
    }
    return ShomeiCli.OK;
  }

  private void recordLines(CertificateRecord r) {
    out.account(r.account())
        .kv("serial", r.serial().toString(16))
        .kv("status", Out.word(r.status()))
        .kv("conforming", Out.bool(r.conforming()))
        .kv("not-before", r.notBefore())
        .kv("not-after", r.notAfter())
        .kv("sha256-fingerprint", r.sha256Fingerprint());
    if (r.revocationReason() != null) {
      out.kv("revocation-reason", Out.word(r.revocationReason()));
    }
  }

  private int bulk(CertificateInventory inventory, Path directory, ActiveConflictPolicy policy) {
    long files = ctx.terminal() ? CertificateFiles.list(directory).size() : -1;
    List<String> refusals = new ArrayList<>();
    long[] more = {0};
    ImportSummary summary = inventory.importFiles(directory, service, policy,
        (source, result, soFar) -> {
          if (result instanceof ImportResult.Refused r) {
            if (refusals.size() < MAX_LISTED_REFUSALS) {
              refusals.add(source + ": " + r.reason().name() + ": " + r.detail());
            } else {
              more[0]++;
            }
          }
          if (files >= 0 && (soFar.total() % 50 == 0 || soFar.total() == files)) {
            progress(soFar, files);
          }
        });
    if (files > 0) {
      ctx.err().println();
      ctx.err().flush();
    }
    out.kv("result", "done")
        .kv("directory", directory)
        .kv("service", service)
        .kv("files", summary.total())
        .kv("imported", summary.imported())
        .kv("imported-non-conforming", summary.importedNonConforming())
        .kv("duplicates", summary.duplicates())
        .kv("refused", summary.refusedTotal());
    for (ImportRefusal r : ImportRefusal.values()) {
      out.kv("refused-" + Out.word(r), summary.refused(r));
    }
    refusals.forEach(out::extra);
    if (more[0] > 0) {
      out.extra("... and " + more[0] + " more refused files.");
    }
    return summary.refusedTotal() == 0 ? ShomeiCli.OK : ShomeiCli.REFUSED;
  }

  private void progress(ImportSummary soFar, long files) {
    ctx.err().print(String.format(Locale.ROOT, "\r%d/%d files: %d imported, %d duplicates,"
        + " %d refused", soFar.total(), files, soFar.imported(), soFar.duplicates(),
        soFar.refusedTotal()));
    ctx.err().flush();
  }
}
