package io.shomei.core.audit;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditLog.AppendResult;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident audit trail: appends {@link AuditEvent}s to an {@link AuditLog} as a hash
 * chain, and verifies the chain.
 *
 * <p>Each record's hash covers its sequence, instant, type, actor, account, details and the previous
 * record's hash, in an unambiguous length-prefixed encoding. Editing a record changes its hash;
 * deleting one leaves a gap or a broken link; both are reported by {@link #verify}.
 *
 * <h2>Keyed or not</h2>
 *
 * <p>A plain SHA-256 chain ({@link #AuditTrail(AuditLog, Clock)}) shows accidents, not an
 * attacker: whoever can write the database can edit a record and recompute every hash after it.
 * A <b>keyed</b> trail ({@link #AuditTrail(AuditLog, Clock, SecretKey)}) stores an HMAC-SHA256 tag
 * instead of the hash, under a key the database does not hold (a bank keeps it in its HSM: a
 * non-extractable PKCS#11 key works, because the key is only used through {@link Mac}). A rewrite
 * then needs the key: without it, an edited record no longer verifies
 * ({@link ChainVerification.Reason#CONTENT_CHANGED}), and records appended with plain hashes after
 * keyed ones are reported ({@link ChainVerification.Reason#NOT_KEYED}). Records written before the
 * trail was keyed stay readable: they verify as the unkeyed prefix
 * ({@link ChainVerification.Intact#unkeyed()}).
 *
 * <h2>Anchors</h2>
 *
 * <p>Neither kind of chain shows the <em>newest</em> records deleted, nor (for the unkeyed part)
 * a wholesale recomputation: that needs an {@link AuditAnchor} kept outside the database.
 * {@link #withAnchorSink} hands the anchor of every appended record to the host (to write to a
 * write-once medium or a log server); {@link ChainVerification.Intact#anchor()} gives one at
 * verification; {@link #verify(AuditAnchor)} checks the chain against one and reports
 * {@link ChainVerification.Reason#TRUNCATED} or {@link ChainVerification.Reason#REWRITTEN}.
 *
 * <p>Thread-safe: concurrent appends are serialized by the store's compare-and-set on the tail; a
 * loser re-reads the tail and retries (bounded).
 *
 * @since 0.1.0
 */
public final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final int MAX_ATTEMPTS = 10_000;
  private static final String MAC = "HmacSHA256";

  /** How many of the last records {@link #verifyExported} remembers to match a repeat against. */
  public static final int EXPORT_REPEAT_WINDOW = 100_000;

  private final AuditLog log;
  private final Clock clock;
  private final @Nullable SecretKey key;
  private final @Nullable Consumer<? super AuditAnchor> anchorSink;
  private final @Nullable Consumer<? super AuditEventType> typeListener;

  /**
   * Creates an unkeyed trail over a log (a plain SHA-256 chain; see the class comment).
   *
   * @param log where records are stored
   * @param clock the clock that stamps events
   */
  public AuditTrail(AuditLog log, Clock clock) {
    this(log, clock, null, null);
  }

  /**
   * Creates a keyed trail: every record appended carries an HMAC-SHA256 tag under {@code key}.
   *
   * @param log where records are stored
   * @param clock the clock that stamps events
   * @param key the chain key (at least 256 bits), held where the database is not
   * @throws IllegalArgumentException if the key cannot be used for HMAC-SHA256
   * @since 0.2.0
   */
  public AuditTrail(AuditLog log, Clock clock, SecretKey key) {
    this(log, clock, Objects.requireNonNull(key, "key"), null);
    mac(key); // fails now on an unusable key
  }

  private AuditTrail(AuditLog log, Clock clock, @Nullable SecretKey key,
      @Nullable Consumer<? super AuditAnchor> anchorSink) {
    this(log, clock, key, anchorSink, null);
  }

  private AuditTrail(AuditLog log, Clock clock, @Nullable SecretKey key,
      @Nullable Consumer<? super AuditAnchor> anchorSink,
      @Nullable Consumer<? super AuditEventType> typeListener) {
    this.typeListener = typeListener;
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.key = key;
    this.anchorSink = anchorSink;
  }

  /**
   * The same trail, handing the anchor of every record it appends to {@code sink}, after the
   * record is stored. A sink that throws is logged and does not fail the append (the event is
   * stored; the next anchor supersedes the lost one).
   *
   * @param sink receives each new anchor, possibly from several threads at once
   * @return the trail
   * @since 0.2.0
   */
  public AuditTrail withAnchorSink(Consumer<? super AuditAnchor> sink) {
    return new AuditTrail(log, clock, key, Objects.requireNonNull(sink, "sink"), typeListener);
  }

  /**
   * The same trail, telling {@code listener} the type of every event it stores (for metrics:
   * lockouts, issuance, ...), after the record is stored. A listener that throws is logged and
   * does not fail the append.
   *
   * @param listener receives each stored event's type, possibly from several threads at once
   * @return the trail
   * @since 0.2.0
   */
  public AuditTrail withTypeListener(Consumer<? super AuditEventType> listener) {
    return new AuditTrail(log, clock, key, anchorSink,
        Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Whether records appended by this trail are keyed.
   *
   * @return {@code true} for a keyed trail
   * @since 0.2.0
   */
  public boolean keyed() {
    return key != null;
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
      SecretKey k = key;
      String hash = k == null
          ? hash(seq, at, event.type().name(), event.actor(), user, service, event.details(), prev)
          : tag(k, seq, at, event.type().name(), event.actor(), user, service, event.details(),
              prev);
      AuditRecord record = new AuditRecord(seq, at, event.type().name(), event.actor(), user,
          service, event.details(), prev, hash);
      AppendResult r = log.append(record);
      if (r instanceof AppendResult.Appended a) {
        anchored(a.record());
        typed(event.type());
        return a.record();
      }
      Thread.onSpinWait();
    }
    throw new StorageException("audit append did not win the tail in " + MAX_ATTEMPTS + " attempts");
  }

  private void typed(AuditEventType type) {
    Consumer<? super AuditEventType> listener = typeListener;
    if (listener == null) {
      return;
    }
    try {
      listener.accept(type);
    } catch (RuntimeException e) {
      LOG.warn("an audit type listener failed: {}", e.getClass().getName());
    }
  }

  private void anchored(AuditRecord record) {
    Consumer<? super AuditAnchor> sink = anchorSink;
    if (sink == null) {
      return;
    }
    try {
      sink.accept(new AuditAnchor(record.sequence(), record.hash()));
    } catch (RuntimeException e) {
      LOG.warn("the audit anchor sink failed at sequence {}: {}", record.sequence(),
          e.getClass().getName());
    }
  }

  /**
   * Most records {@link #recordsOf} returns.
   *
   * @since 0.2.0
   */
  public static final int MAX_RECORDS_OF = 1_000;

  /**
   * The newest records that concern one account (its user ID and service), oldest first: what a
   * branch console shows as the account's history. Only reads; nothing is appended.
   *
   * <p>It reads the whole trail through {@link AuditLog#forEach} (no store keeps an index by
   * account today): cost grows with the trail, so a host calls it for one account a person looks
   * at, never in a loop over accounts.
   *
   * @param account the account
   * @param max how many of the newest matching records, 1..{@value #MAX_RECORDS_OF}
   * @return an immutable list, oldest first
   * @throws IllegalArgumentException if {@code max} is out of range
   * @throws StorageException if the store fails
   * @since 0.2.0
   */
  public List<AuditRecord> recordsOf(AccountKey account, int max) {
    Objects.requireNonNull(account, "account");
    if (max < 1 || max > MAX_RECORDS_OF) {
      throw new IllegalArgumentException("max must be 1.." + MAX_RECORDS_OF);
    }
    ArrayDeque<AuditRecord> newest = new ArrayDeque<>(max);
    log.forEach(1, r -> {
      if (account.userId().equals(r.userId()) && account.service().equals(r.service())) {
        if (newest.size() == max) {
          newest.removeFirst();
        }
        newest.addLast(r);
      }
    });
    return List.copyOf(newest);
  }

  /**
   * Walks the whole chain from the first record.
   *
   * @return {@link ChainVerification.Intact} or the first {@link ChainVerification.Broken}
   */
  public ChainVerification verify() {
    return walk(null);
  }

  /**
   * Walks the whole chain and also checks that it still contains the anchor the caller kept.
   *
   * @param anchorSequence the sequence of the anchored record
   * @param anchorHash its hash
   * @return {@link ChainVerification.Intact} or the first {@link ChainVerification.Broken}
   */
  public ChainVerification verify(long anchorSequence, String anchorHash) {
    return verify(new AuditAnchor(anchorSequence, anchorHash));
  }

  /**
   * Walks the whole chain and also checks that it still holds the anchor the caller kept outside
   * the database: {@link ChainVerification.Reason#TRUNCATED} if the chain ends before it,
   * {@link ChainVerification.Reason#REWRITTEN} if the record at its sequence has another hash.
   *
   * @param anchor the anchor
   * @return {@link ChainVerification.Intact} or the first {@link ChainVerification.Broken}
   * @since 0.2.0
   */
  public ChainVerification verify(AuditAnchor anchor) {
    return walk(Objects.requireNonNull(anchor, "anchor"), 1, Long.MAX_VALUE);
  }

  /**
   * Verifies only the newest records, as a health check can afford on every probe: each of the
   * last {@code records} must verify (hash, or tag on a keyed trail) and link to the one before
   * it. The first of them is taken as it links; everything older is not read. Records appended
   * while it runs are not looked at.
   *
   * @param records how many of the newest records, at least 1
   * @return {@link ChainVerification.Intact} (its {@code records} is the newest sequence looked
   *     at, its {@code unkeyed} counts unkeyed records among those looked at) or the first
   *     {@link ChainVerification.Broken}
   * @throws IllegalArgumentException if {@code records} is not positive
   * @throws StorageException if the store fails
   * @since 0.2.0
   */
  public ChainVerification verifyTail(int records) {
    if (records < 1) {
      throw new IllegalArgumentException("records must be positive");
    }
    AuditRecord last = log.last().orElse(null);
    if (last == null) {
      return new ChainVerification.Intact(0, AuditRecord.GENESIS_HASH, 0);
    }
    return walk(null, Math.max(1, last.sequence() - records + 1), last.sequence());
  }

  /**
   * Sends the records after {@code cursor} to {@code sink}, in ascending sequence, at most
   * {@code max} of them, then flushes the sink and returns the cursor to resume from. Each record
   * carries its previous hash and its own hash (or keyed tag), so the exported stream can be
   * verified on its own ({@link #verifyExported}).
   *
   * <h4>Resuming without gaps or repeats</h4>
   *
   * <p>The cursor is an {@link AuditAnchor}: the sequence and hash of the last record exported
   * ({@code new AuditAnchor(0, AuditRecord.GENESIS_HASH)} before the first export). The export
   * first checks that the trail still holds that record with that hash (else
   * {@link AuditCursorException}: nothing is sent), so it continues exactly where the last one
   * ended, and an export that stopped can be resumed from the cursor it returned. The host keeps
   * the returned cursor only after this method returned (the sink flushed): if it dies between the
   * flush and keeping the cursor, the next export repeats those records, identical, which
   * {@link #verifyExported} accepts; nothing is ever skipped.
   *
   * @param cursor where the previous export ended
   * @param max the most records to send in this call, at least 1
   * @param sink where they go
   * @return the new cursor (the given one when there was nothing new)
   * @throws IOException if the sink fails (the cursor to resume from is then the given one)
   * @throws AuditCursorException if the trail no longer holds the cursor's record
   * @throws StorageException if the store fails
   * @since 0.2.0
   */
  public AuditAnchor export(AuditAnchor cursor, int max, AuditSink sink) throws IOException {
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(sink, "sink");
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    AuditAnchor[] last = {cursor};
    boolean[] cursorSeen = {cursor.sequence() == 0};
    if (cursor.sequence() == 0 && !cursor.hash().equals(AuditRecord.GENESIS_HASH)) {
      throw new AuditCursorException(0, "a cursor at 0 holds the genesis hash");
    }
    long[] sent = {0};
    try {
      log.forEach(Math.max(1, cursor.sequence()), r -> {
        if (!cursorSeen[0]) {
          if (r.sequence() != cursor.sequence() || !r.hash().equals(cursor.hash())) {
            throw new AuditCursorException(cursor.sequence(),
                "the trail's record at the cursor's sequence has another hash");
          }
          cursorSeen[0] = true;
          return;
        }
        if (r.sequence() != last[0].sequence() + 1 || !r.previousHash().equals(last[0].hash())) {
          throw new AuditCursorException(last[0].sequence(),
              "the trail does not continue from the cursor's record");
        }
        try {
          sink.write(r);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        last[0] = new AuditAnchor(r.sequence(), r.hash());
        if (++sent[0] >= max) {
          throw new StopWalk();
        }
      });
    } catch (StopWalk stop) {
      // max reached
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (!cursorSeen[0]) {
      throw new AuditCursorException(cursor.sequence(), "the trail ends before the cursor");
    }
    sink.flush();
    return last[0];
  }

  /**
   * Verifies an exported stream of records (as read back from a JSON lines file or a syslog
   * capture with {@link AuditJson#parse} or {@link AuditSyslog#parse}) with this trail's key:
   * every record's hash (or keyed tag), every link to the record before, no gap in the sequence.
   * The stream may start after the first record (an export resumed from a cursor): its first
   * record's link is then taken as given, unless {@code anchor} pins it. A record repeated by a
   * resumed export is accepted when it is identical to the one seen at its sequence among the last
   * {@value #EXPORT_REPEAT_WINDOW} records (else {@link ChainVerification.Reason#REWRITTEN}).
   *
   * @param records the records in the order received
   * @param anchor an anchor kept elsewhere, or {@code null}: the stream must hold its record
   *     ({@link ChainVerification.Reason#REWRITTEN} if it has another hash,
   *     {@link ChainVerification.Reason#TRUNCATED} if the stream ends before it,
   *     {@link ChainVerification.Reason#SEQUENCE_GAP} if it starts after the record after it)
   * @return {@link ChainVerification.Intact} (its {@code records} is the last sequence seen) or the
   *     first {@link ChainVerification.Broken}
   * @since 0.2.0
   */
  public ChainVerification verifyExported(Iterator<AuditRecord> records,
      @Nullable AuditAnchor anchor) {
    Objects.requireNonNull(records, "records");
    SecretKey k = key;
    long expected = -1;
    long first = -1;
    String prev = AuditRecord.GENESIS_HASH;
    long unkeyed = 0;
    boolean keyedSeen = false;
    Map<Long, String> recent = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
        return size() > EXPORT_REPEAT_WINDOW;
      }
    };
    while (records.hasNext()) {
      AuditRecord r = records.next();
      if (expected < 0) {
        expected = r.sequence();
        first = r.sequence();
        prev = r.sequence() == 1 ? AuditRecord.GENESIS_HASH : r.previousHash();
      }
      boolean keyedMatch = k != null && MessageDigest.isEqual(ascii(r.hash()), ascii(tag(k,
          r.sequence(), r.at(), r.type(), r.actor(), r.userId(), r.service(), r.details(),
          r.previousHash())));
      if (!keyedMatch && !hash(r.sequence(), r.at(), r.type(), r.actor(), r.userId(),
          r.service(), r.details(), r.previousHash()).equals(r.hash())) {
        return new ChainVerification.Broken(r.sequence(), ChainVerification.Reason.CONTENT_CHANGED);
      }
      if (r.sequence() < expected) {
        if (!r.hash().equals(recent.get(r.sequence()))) {
          return new ChainVerification.Broken(r.sequence(), ChainVerification.Reason.REWRITTEN);
        }
        continue;
      }
      if (r.sequence() > expected) {
        return new ChainVerification.Broken(expected, ChainVerification.Reason.SEQUENCE_GAP);
      }
      if (!r.previousHash().equals(prev)) {
        return new ChainVerification.Broken(r.sequence(), ChainVerification.Reason.LINK_BROKEN);
      }
      if (keyedMatch) {
        keyedSeen = true;
      } else if (keyedSeen) {
        return new ChainVerification.Broken(r.sequence(), ChainVerification.Reason.NOT_KEYED);
      } else {
        unkeyed++;
      }
      if (anchor != null && ((r.sequence() == anchor.sequence() && !r.hash().equals(anchor.hash()))
          || (r.sequence() == anchor.sequence() + 1
              && !r.previousHash().equals(anchor.hash())))) {
        return new ChainVerification.Broken(anchor.sequence(), ChainVerification.Reason.REWRITTEN);
      }
      recent.put(r.sequence(), r.hash());
      prev = r.hash();
      expected++;
    }
    long lastSeen = expected < 0 ? 0 : expected - 1;
    if (anchor != null) {
      if (anchor.sequence() > lastSeen) {
        return new ChainVerification.Broken(anchor.sequence(), ChainVerification.Reason.TRUNCATED);
      }
      if (first > 0 && anchor.sequence() < first - 1) {
        return new ChainVerification.Broken(first - 1, ChainVerification.Reason.SEQUENCE_GAP);
      }
      if (first < 0 && !anchor.hash().equals(AuditRecord.GENESIS_HASH)) {
        return new ChainVerification.Broken(0, ChainVerification.Reason.REWRITTEN);
      }
    }
    return new ChainVerification.Intact(lastSeen, prev, Math.min(unkeyed, lastSeen));
  }

  private ChainVerification walk(@Nullable AuditAnchor anchor) {
    return walk(anchor, 1, Long.MAX_VALUE);
  }

  /** Walks {@code from..to}; from 1 the first record must link to the genesis hash. */
  private ChainVerification walk(@Nullable AuditAnchor anchor, long from, long to) {
    long[] expectedSeq = {from};
    String[] prev = {from == 1 ? AuditRecord.GENESIS_HASH : ""};
    long[] unkeyed = {0};
    boolean[] keyedSeen = {false};
    ChainVerification.Broken[] broken = new ChainVerification.Broken[1];
    SecretKey k = key;
    try {
      log.forEach(from, r -> {
        if (r.sequence() > to) {
          throw new StopWalk();
        }
        if (expectedSeq[0] == from && from > 1) {
          prev[0] = r.previousHash(); // a tail starts where it starts
        }
        if (r.sequence() != expectedSeq[0]) {
          broken[0] = new ChainVerification.Broken(expectedSeq[0],
              ChainVerification.Reason.SEQUENCE_GAP);
          throw new StopWalk();
        }
        if (!r.previousHash().equals(prev[0])) {
          broken[0] = new ChainVerification.Broken(r.sequence(), ChainVerification.Reason.LINK_BROKEN);
          throw new StopWalk();
        }
        boolean keyedMatch = k != null && MessageDigest.isEqual(ascii(r.hash()), ascii(tag(k,
            r.sequence(), r.at(), r.type(), r.actor(), r.userId(), r.service(), r.details(),
            r.previousHash())));
        if (!keyedMatch) {
          String h = hash(r.sequence(), r.at(), r.type(), r.actor(), r.userId(), r.service(),
              r.details(), r.previousHash());
          if (!h.equals(r.hash())) {
            broken[0] = new ChainVerification.Broken(r.sequence(),
                ChainVerification.Reason.CONTENT_CHANGED);
            throw new StopWalk();
          }
          if (keyedSeen[0]) {
            broken[0] = new ChainVerification.Broken(r.sequence(),
                ChainVerification.Reason.NOT_KEYED);
            throw new StopWalk();
          }
          unkeyed[0]++;
        } else {
          keyedSeen[0] = true;
        }
        if (anchor != null && r.sequence() == anchor.sequence() && !r.hash().equals(anchor.hash())) {
          broken[0] = new ChainVerification.Broken(r.sequence(),
              ChainVerification.Reason.REWRITTEN);
          throw new StopWalk();
        }
        prev[0] = r.hash();
        expectedSeq[0]++;
      });
    } catch (StopWalk stop) {
      // the walk ended early on purpose
    }
    ChainVerification.Broken b = broken[0];
    if (b != null) {
      return b;
    }
    long records = expectedSeq[0] - 1;
    if (from > 1) {
      if (records < to) {
        return new ChainVerification.Broken(records + 1, ChainVerification.Reason.SEQUENCE_GAP);
      }
      return new ChainVerification.Intact(records, prev[0], Math.min(unkeyed[0], records));
    }
    if (anchor != null && records < anchor.sequence()) {
      return new ChainVerification.Broken(anchor.sequence(), ChainVerification.Reason.TRUNCATED);
    }
    if (anchor != null && anchor.sequence() == 0 && !anchor.hash().equals(AuditRecord.GENESIS_HASH)) {
      return new ChainVerification.Broken(0, ChainVerification.Reason.REWRITTEN);
    }
    return new ChainVerification.Intact(records, prev[0], unkeyed[0]);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Ends a {@code forEach} walk early; carries no data. */
  private static final class StopWalk extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopWalk() {
      super(null, null, false, false);
    }
  }

  /**
   * The hash of a record's content in an unkeyed chain: SHA-256 over a length-prefixed encoding of
   * every field.
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
    encode(md::update, "shomei-audit-v1", sequence, at, type, actor, userId, service, details,
        previousHash);
    return HexFormat.of().formatHex(md.digest());
  }

  /** The keyed tag of a record's content: HMAC-SHA256 over the same encoding, labelled v2. */
  private static String tag(SecretKey key, long sequence, Instant at, String type, String actor,
      @Nullable String userId, @Nullable String service, Map<String, String> details,
      String previousHash) {
    Mac mac = mac(key);
    encode(mac::update, "shomei-audit-v2", sequence, at, type, actor, userId, service, details,
        previousHash);
    return HexFormat.of().formatHex(mac.doFinal());
  }

  private static Mac mac(SecretKey key) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(key);
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("the audit key is not usable for HMAC-SHA256", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("HMAC-SHA256 is required of every Java platform", e);
    }
  }

  private static void encode(Consumer<byte[]> out, String label, long sequence, Instant at,
      String type, String actor, @Nullable String userId, @Nullable String service,
      Map<String, String> details, String previousHash) {
    field(out, label);
    field(out, Long.toString(sequence));
    field(out, at.toString());
    field(out, type);
    field(out, actor);
    field(out, userId);
    field(out, service);
    field(out, Integer.toString(details.size()));
    new TreeMap<>(details).forEach((k, v) -> {
      field(out, k);
      field(out, v);
    });
    field(out, previousHash);
  }

  private static void field(Consumer<byte[]> out, @Nullable String s) {
    if (s == null) {
      out.accept(new byte[] {-1, -1, -1, -1});
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.accept(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16),
        (byte) (b.length >>> 8), (byte) b.length});
    out.accept(b);
  }
}
