package io.shomei.examples.cli;

import io.shomei.core.audit.AuditAnchor;
import io.shomei.core.audit.AuditCursorException;
import io.shomei.core.audit.AuditJson;
import io.shomei.core.audit.AuditSink;
import io.shomei.core.audit.AuditSyslog;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.audit.SyslogTcpAuditSink;
import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.AuditRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shomei audit ...}: the audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail.",
    subcommands = {AuditCommands.Verify.class, AuditCommands.Export.class})
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
          + " after an intact verification (for example to a write-once medium).",
          "--export FILE verifies an exported stream instead of the database: a JSON lines file"
          + " written by 'audit export --out', or a syslog capture (one RFC 5424 message per"
          + " line, as rsyslog writes it); a line that is not an exported record: broken with"
          + " line: and reason: UNREADABLE."})
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

    @Option(names = "--export", paramLabel = "FILE",
        description = "Verify this exported stream (JSON lines or a syslog capture).")
    @Nullable Path export;

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
        Path exported = export;
        ChainVerification v;
        if (exported == null) {
          v = anchor != null ? trail.verify(anchor) : trail.verify();
        } else {
          try (BufferedReader in = Files.newBufferedReader(exported, StandardCharsets.UTF_8)) {
            ExportedLines lines = new ExportedLines(in);
            try {
              v = trail.verifyExported(lines, anchor);
            } catch (Unreadable u) {
              out.kv("result", "broken").kv("line", u.line).kv("reason", "UNREADABLE")
                  .kv("detail", Out.oneLine(u.detail));
              return ShomeiCli.REFUSED;
            }
          } catch (IOException e) {
            throw new CliFailure("cannot read " + exported + ": " + e.getMessage(), e);
          } catch (UncheckedIOException e) {
            throw new CliFailure("cannot read " + exported + ": " + e.getMessage(), e);
          }
        }
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

  /** The records of an exported stream, one per non-empty line, read as they are needed. */
  private static final class ExportedLines implements Iterator<AuditRecord> {
    private final BufferedReader in;
    private long number;
    private @Nullable String pending;

    ExportedLines(BufferedReader in) {
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      while (pending == null) {
        String line;
        try {
          line = in.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (line == null) {
          return false;
        }
        number++;
        if (!line.isBlank()) {
          pending = line;
        }
      }
      return true;
    }

    @Override
    public AuditRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String line = pending;
      pending = null;
      try {
        String t = line == null ? "" : line.strip();
        return t.startsWith("{") ? AuditJson.parse(t) : AuditSyslog.parse(t);
      } catch (IllegalArgumentException e) {
        throw new Unreadable(number, String.valueOf(e.getMessage()));
      }
    }
  }

  /** A line of an exported stream that holds no exported record. */
  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long line;
    final String detail;

    Unreadable(long line, String detail) {
      super(detail, null, false, false);
      this.line = line;
      this.detail = detail;
    }
  }

  /**
   * {@code shomei audit export}: sends the audit trail from a resumable cursor to a JSON lines file
   * or a syslog server.
   */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Exports the audit trail for a SIEM, each record with its previous hash and"
          + " its hash, so the received stream verifies with 'audit verify --export'. Prints"
          + " result: exported, records: (sent by this run) and cursor: ('<sequence> <hash>' of"
          + " the last record sent).",
          "--out FILE appends JSON lines to FILE and resumes after the last complete line already"
          + " in it (a line cut short by a crash is removed first): nothing is repeated or"
          + " skipped.",
          "--syslog HOST:PORT sends RFC 5424 messages over TCP (octet-counted framing) and keeps"
          + " its position in --cursor FILE, rewritten after each flushed batch; a run that"
          + " died between a flush and the cursor update repeats those records, identical, which"
          + " 'audit verify --export' accepts. Plain syslog has no acknowledgement: a broken"
          + " connection can lose the last records sent, which the receiver's verification"
          + " shows as SEQUENCE_GAP.",
          "A cursor the trail no longer holds (the trail was rewritten or cut) stops the export:"
          + " result: refused, reason: CURSOR_MISMATCH (exit 1)."})
  static final class Export extends CliCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "JSON lines file to append to.")
    @Nullable Path outFile;

    @Option(names = "--syslog", paramLabel = "HOST:PORT",
        description = "Syslog server to send to over TCP.")
    @Nullable String syslog;

    @Option(names = "--cursor", paramLabel = "FILE",
        description = "With --syslog: where the position is kept (missing: from the start).")
    @Nullable Path cursorFile;

    @Option(names = "--hostname", paramLabel = "NAME", defaultValue = "shomei",
        description = "HOSTNAME of the syslog messages (default: ${DEFAULT-VALUE}).")
    String hostname = "shomei";

    @Option(names = "--app-name", paramLabel = "NAME", defaultValue = "shomei",
        description = "APP-NAME of the syslog messages (default: ${DEFAULT-VALUE}).")
    String appName = "shomei";

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
        description = "Records per flush and cursor update (default: ${DEFAULT-VALUE}).")
    int batch = 1000;

    @Option(names = "--max", paramLabel = "N",
        description = "Stop after N records (the next run resumes there).")
    @Nullable Long max;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
        description = "Bound on connecting and on each blocked write (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 30;

    Export(Context ctx) {
      super(ctx);
    }

    @Override
    int execute() {
      if ((outFile == null) == (syslog == null)) {
        throw new UsageException("give exactly one of --out FILE and --syslog HOST:PORT");
      }
      if (outFile != null && cursorFile != null) {
        throw new UsageException("--out keeps its position in the file itself: no --cursor");
      }
      if (syslog != null && cursorFile == null) {
        throw new UsageException("--syslog needs --cursor FILE to resume without gaps");
      }
      if (batch < 1 || timeoutSeconds < 1 || (max != null && max < 1)) {
        throw new UsageException("--batch, --max and --timeout are positive");
      }
      try (DataDir dir = open()) {
        AuditTrail trail = dir.shomei(ctx.clock()).audit();
        Path file = outFile;
        return file != null ? toFile(trail, file) : toSyslog(trail);
      } catch (AuditCursorException e) {
        out.kv("result", "refused").kv("reason", "CURSOR_MISMATCH").kv("sequence", e.sequence());
        return ShomeiCli.REFUSED;
      } catch (IOException e) {
        throw new CliFailure("the export failed: " + e.getMessage(), e);
      }
    }

    private int toFile(AuditTrail trail, Path file) throws IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      AuditAnchor cursor = resumeFile(file);
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        return run(trail, cursor, AuditSink.jsonLines(w), c -> { });
      }
    }

    private int toSyslog(AuditTrail trail) throws IOException {
      String target = syslog == null ? "" : syslog;
      Path cursorAt = cursorFile;
      int colon = target.lastIndexOf(':');
      int port;
      try {
        port = colon < 1 ? -1 : Integer.parseInt(target.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535 || cursorAt == null) {
        throw new UsageException("--syslog takes HOST:PORT");
      }
      AuditAnchor cursor = new AuditAnchor(0, AuditRecord.GENESIS_HASH);
      if (Files.exists(cursorAt)) {
        try {
          cursor = AuditAnchor.parse(Files.readString(cursorAt, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--cursor " + cursorAt + " holds no cursor: " + e.getMessage());
        }
      }
      String host = target.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      SyslogTcpAuditSink connected;
      try {
        connected = SyslogTcpAuditSink.connect(new InetSocketAddress(host, port), hostname,
            appName, Duration.ofSeconds(timeoutSeconds));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--hostname and --app-name: " + e.getMessage());
      }
      try (SyslogTcpAuditSink sink = connected) {
        return run(trail, cursor, sink, c -> writeCursor(cursorAt, c));
      }
    }

    private interface CursorKeeper {
      void keep(AuditAnchor cursor) throws IOException;
    }

    private int run(AuditTrail trail, AuditAnchor from, AuditSink sink, CursorKeeper keeper)
        throws IOException {
      AuditAnchor cursor = from;
      long sent = 0;
      long limit = max == null ? Long.MAX_VALUE : max;
      while (sent < limit) {
        int n = (int) Math.min(batch, limit - sent);
        AuditAnchor next = trail.export(cursor, n, sink);
        long moved = next.sequence() - cursor.sequence();
        if (moved > 0) {
          keeper.keep(next);
        }
        sent += moved;
        cursor = next;
        if (moved < n) {
          break;
        }
      }
      out.kv("result", "exported").kv("records", sent).kv("cursor", cursor.toString());
      return ShomeiCli.OK;
    }

    private static void writeCursor(Path target, AuditAnchor cursor) throws IOException {
      Path tmp = ReplacedFile.begin(target);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(StandardCharsets.US_ASCII.encode(cursor + "\n"));
        ch.force(true);
      }
      ReplacedFile.commit(tmp, target);
    }

    /**
     * The cursor of a JSON lines file: its last complete line's record; a last line without its
     * line feed (a run that died while writing) is cut off first.
     */
    private static AuditAnchor resumeFile(Path file) throws IOException {
      if (!Files.exists(file)) {
        return new AuditAnchor(0, AuditRecord.GENESIS_HASH);
      }
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        long end = f.length();
        long lastFeed = previousFeed(f, end);
        if (lastFeed + 1 != end) {
          f.setLength(lastFeed + 1); // drop the cut line
          end = lastFeed + 1;
        }
        if (end == 0) {
          return new AuditAnchor(0, AuditRecord.GENESIS_HASH);
        }
        long start = previousFeed(f, end - 1) + 1;
        byte[] line = new byte[Math.toIntExact(end - 1 - start)];
        f.seek(start);
        f.readFully(line);
        try {
          AuditRecord last = AuditJson.parse(new String(line, StandardCharsets.UTF_8));
          return new AuditAnchor(last.sequence(), last.hash());
        } catch (IllegalArgumentException e) {
          throw new UsageException("--out " + file + " does not end with an exported record: "
              + e.getMessage());
        }
      }
    }

    /** The position of the last line feed before {@code before}, or -1. */
    private static long previousFeed(RandomAccessFile f, long before) throws IOException {
      byte[] buf = new byte[8192];
      long pos = before;
      while (pos > 0) {
        int n = (int) Math.min(buf.length, pos);
        f.seek(pos - n);
        f.readFully(buf, 0, n);
        for (int i = n - 1; i >= 0; i--) {
          if (buf[i] == '\n') {
            return pos - n + i;
          }
        }
        pos -= n;
      }
      return -1;
    }
  }
}
