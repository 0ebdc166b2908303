package io.shomei.examples.cli;

import io.shomei.core.audit.AuditAnchor;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.audit.ChainVerification;
import io.shomei.examples.datadir.DataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei audit ...}: the audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail.",
    subcommands = AuditCommands.Verify.class)
final class AuditCommands {
  private AuditCommands() {}

  /** {@code shomei audit verify}: checks the audit chain, against an anchor kept elsewhere. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verifies the audit trail's keyed chain: result: intact (exit 0) with records:,"
          + " unkeyed: (records from before the trail was keyed, protected by a plain hash only)"
          + " and anchor: (keep it outside the database), or result: broken (exit 1) with"
          + " sequence: and reason: (CONTENT_CHANGED, LINK_BROKEN, SEQUENCE_GAP, NOT_KEYED,"
          + " TRUNCATED, REWRITTEN).",
          "--anchor FILE checks the chain against an anchor kept earlier (records cut off the end:"
          + " TRUNCATED; the chain rewritten: REWRITTEN); --save-anchor FILE writes the new anchor"
          + " after an intact verification (for example to a write-once medium)."})
  static final class Verify extends CliCommand {
    @Option(names = "--anchor-sequence", paramLabel = "N",
        description = "Sequence of a record kept from an earlier run.")
    @Nullable Long anchorSequence;

    @Option(names = "--anchor-hash", paramLabel = "HASH",
        description = "Its hash (the last-hash: of an earlier run).")
    @Nullable String anchorHash;

    @Option(names = "--anchor", paramLabel = "FILE",
        description = "A file holding an anchor ('<sequence> <hash>') from an earlier run.")
    @Nullable Path anchorFile;

    @Option(names = "--save-anchor", paramLabel = "FILE",
        description = "Where to write the anchor when the chain is intact.")
    @Nullable Path saveAnchor;

    Verify(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      if ((anchorSequence == null) != (anchorHash == null)) {
        throw new UsageException("--anchor-sequence and --anchor-hash go together");
      }
      if (anchorSequence != null && anchorFile != null) {
        throw new UsageException("give --anchor or --anchor-sequence/--anchor-hash, not both");
      }
      AuditAnchor anchor = anchor();
      try (DataDir dir = open()) {
        AuditTrail trail = dir.shomei(ctx.clock()).audit();
        ChainVerification v = anchor != null ? trail.verify(anchor) : trail.verify();
        if (v instanceof ChainVerification.Intact i) {
          out.kv("result", "intact").kv("records", i.records()).kv("unkeyed", i.unkeyed())
              .kv("last-hash", i.lastHash()).kv("anchor", i.anchor().toString());
          Path save = saveAnchor;
          if (save != null) {
            try {
              Files.writeString(save, i.anchor() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
              throw new CliFailure("cannot write the anchor to " + save + ": " + e.getMessage(),
                  e);
            }
          }
          return ShomeiCli.OK;
        }
        ChainVerification.Broken b = (ChainVerification.Broken) v;
        out.kv("result", "broken").kv("sequence", b.sequence()).kv("reason", b.reason().name());
        return ShomeiCli.REFUSED;
      }
    }

    private @Nullable AuditAnchor anchor() {
      Long seq = anchorSequence;
      String hash = anchorHash;
      Path file = anchorFile;
      try {
        if (seq != null && hash != null) {
          return new AuditAnchor(seq, hash);
        }
        if (file != null) {
          return AuditAnchor.parse(Files.readString(file, StandardCharsets.US_ASCII));
        }
        return null;
      } catch (IllegalArgumentException e) {
        throw new UsageException("not an anchor: " + e.getMessage());
      } catch (IOException e) {
        throw new UsageException("cannot read the anchor file " + file + ": " + e.getMessage());
      }
    }
  }
}
