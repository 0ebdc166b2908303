package io.shomei.examples.cli;

import io.shomei.core.audit.AuditTrail;
import io.shomei.core.audit.ChainVerification;
import io.shomei.examples.datadir.DataDir;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei audit ...}: the audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail.",
    subcommands = AuditCommands.Verify.class)
final class AuditCommands {
  private AuditCommands() {}

  /** {@code shomei audit verify}: checks the hash chain of the audit trail. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verifies the audit trail's hash chain: result: intact (exit 0) with records:"
          + " and last-hash: (keep it elsewhere to detect truncation later), or result: broken"
          + " (exit 1) with sequence: and reason:.",
          "With --anchor-sequence and --anchor-hash the chain must still contain that record."})
  static final class Verify extends CliCommand {
    @Option(names = "--anchor-sequence", paramLabel = "N",
        description = "Sequence of a record kept from an earlier run.")
    @Nullable Long anchorSequence;

    @Option(names = "--anchor-hash", paramLabel = "HASH",
        description = "Its hash (the last-hash: of an earlier run).")
    @Nullable String anchorHash;

    Verify(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      if ((anchorSequence == null) != (anchorHash == null)) {
        throw new UsageException("--anchor-sequence and --anchor-hash go together");
      }
      try (DataDir dir = open()) {
        AuditTrail trail = dir.shomei(ctx.clock()).audit();
        Long seq = anchorSequence;
        String hash = anchorHash;
        ChainVerification v = seq != null && hash != null ? trail.verify(seq, hash)
            : trail.verify();
        if (v instanceof ChainVerification.Intact i) {
          out.kv("result", "intact").kv("records", i.records()).kv("last-hash", i.lastHash());
          return ShomeiCli.OK;
        }
        ChainVerification.Broken b = (ChainVerification.Broken) v;
        out.kv("result", "broken").kv("sequence", b.sequence()).kv("reason", b.reason().name());
        return ShomeiCli.REFUSED;
      }
    }
  }
}
