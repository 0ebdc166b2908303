package io.shomei.core.audit;

import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditLog.AppendResult;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The tamper-evident audit trail: appends {@link AuditEvent}s to an {@link AuditLog} as a SHA-256 hash
 * chain, and verifies the chain.
 *
 * <p>Each record's hash covers its sequence, instant, type, actor, account, details and the previous
 * record's hash, in an unambiguous length-prefixed encoding. Editing a record changes its hash;
 * deleting one leaves a gap or a broken link; both are reported by {@link #verify}. Removing records
 * from the <em>end</em> is only detectable against an anchor kept elsewhere
 * ({@link #verify(long, String)}).
 *
 * <p>Thread-safe: concurrent appends are serialized by the store's compare-and-set on the tail; a
 * loser re-reads the tail and retries (bounded).
 *
 * @since 0.1.0
 */
public final class AuditTrail {
  private static final int MAX_ATTEMPTS = 10_000;

  private final AuditLog log;
  private final Clock clock;

  /**
   * Creates a trail over a log.
   *
   * @param log where records are stored
   * @param clock the clock that stamps events
   */
  public AuditTrail(AuditLog log, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Appends an event, stamped with the clock's instant (microsecond precision).
   *
   * @param event the event
   * @return the stored record
   * @throws StorageException if the store fails, or the tail keeps moving for too long
   */
  public AuditRecord append(AuditEvent event) {
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      AuditRecord tail = log.last().orElse(null);
      long seq = tail == null ? 1 : tail.sequence() + 1;
      String prev = tail == null ? AuditRecord.GENESIS_HASH : tail.hash();
      String user = event.account() == null ? null : event.account().userId();
      String service = event.account() == null ? null : event.account().service();
      String hash = hash(seq, at, event.type().name(), event.actor(), user, service,
          event.details(), prev);
      AuditRecord record = new AuditRecord(seq, at, event.type().name(), event.actor(), user,
          service, event.details(), prev, hash);
      AppendResult r = log.append(record);
      if (r instanceof AppendResult.Appended a) {
        return a.record();
      }
      Thread.onSpinWait();
    }
    throw new StorageException("audit append did not win the tail in " + MAX_ATTEMPTS + " attempts");
  }

  /**
   * Walks the whole chain from the first record.
   *
   * @return {@link ChainVerification.Intact} or the first {@link ChainVerification.Broken}
   */
  public ChainVerification verify() {
    return walk();
  }

  /**
   * Walks the whole chain and also checks that it still contains the anchor the caller kept (the
   * sequence and hash of a record seen earlier, for example printed daily to a write-once medium).
   *
   * @param anchorSequence the sequence of the anchored record
   * @param anchorHash its hash
   * @return {@link ChainVerification.Intact} or the first {@link ChainVerification.Broken}
   */
  public ChainVerification verify(long anchorSequence, String anchorHash) {
    ChainVerification v = walk();
    if (v instanceof ChainVerification.Broken) {
      return v;
    }
    boolean[] found = new boolean[1];
    try {
      log.forEach(anchorSequence, r -> {
        found[0] = r.sequence() == anchorSequence && r.hash().equals(anchorHash);
        throw new StopWalk();
      });
    } catch (StopWalk stop) {
      // only the first record was needed
    }
    return found[0] ? v : new ChainVerification.Broken(anchorSequence,
        ChainVerification.Reason.TRUNCATED);
  }

  private ChainVerification walk() {
    long[] expectedSeq = {1};
    String[] prev = {AuditRecord.GENESIS_HASH};
    ChainVerification.Broken[] broken = new ChainVerification.Broken[1];
    try {
      log.forEach(1, r -> {
        if (r.sequence() != expectedSeq[0]) {
          broken[0] = new ChainVerification.Broken(expectedSeq[0],
              ChainVerification.Reason.SEQUENCE_GAP);
          throw new StopWalk();
        }
        if (!r.previousHash().equals(prev[0])) {
          broken[0] = new ChainVerification.Broken(r.sequence(), ChainVerification.Reason.LINK_BROKEN);
          throw new StopWalk();
        }
        String h = hash(r.sequence(), r.at(), r.type(), r.actor(), r.userId(), r.service(),
            r.details(), r.previousHash());
        if (!h.equals(r.hash())) {
          broken[0] = new ChainVerification.Broken(r.sequence(),
              ChainVerification.Reason.CONTENT_CHANGED);
          throw new StopWalk();
        }
        prev[0] = r.hash();
        expectedSeq[0]++;
      });
    } catch (StopWalk stop) {
      // the walk ended early on purpose
    }
    ChainVerification.Broken b = broken[0];
    return b != null ? b : new ChainVerification.Intact(expectedSeq[0] - 1, prev[0]);
  }

  /** Ends a {@code forEach} walk early; carries no data. */
  private static final class StopWalk extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopWalk() {
      super(null, null, false, false);
    }
  }

  /**
   * The hash of a record's content: SHA-256 over a length-prefixed encoding of every field.
   *
   * @param sequence the sequence
   * @param at the instant
   * @param type the type code
   * @param actor the actor
   * @param userId the user ID or {@code null}
   * @param service the service or {@code null}
   * @param details the details
   * @param previousHash the previous record's hash
   * @return 64 lowercase hex digits
   */
  public static String hash(long sequence, Instant at, String type, String actor,
      @Nullable String userId, @Nullable String service, Map<String, String> details,
      String previousHash) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    field(md, "shomei-audit-v1");
    field(md, Long.toString(sequence));
    field(md, at.toString());
    field(md, type);
    field(md, actor);
    field(md, userId);
    field(md, service);
    field(md, Integer.toString(details.size()));
    new java.util.TreeMap<>(details).forEach((k, v) -> {
      field(md, k);
      field(md, v);
    });
    field(md, previousHash);
    return HexFormat.of().formatHex(md.digest());
  }

  private static void field(MessageDigest md, @Nullable String s) {
    if (s == null) {
      md.update(new byte[] {-1, -1, -1, -1});
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16),
        (byte) (b.length >>> 8), (byte) b.length});
    md.update(b);
  }
}
