package io.shomei.core.audit;

import static io.shomei.testing.qt.Qt.gen;
import static io.shomei.testing.qt.Qt.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.testing.MutableClock;
import io.shomei.testing.memory.InMemoryAuditLog;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AuditExportTest {
  static final AccountKey ACCT = new AccountKey("12345678", "fx-forward");
  static final AuditAnchor START = new AuditAnchor(0, AuditRecord.GENESIS_HASH);

  /** Collects what an export sends; counts flushes. */
  static final class Collecting implements AuditSink {
    final List<AuditRecord> written = new ArrayList<>();
    int flushes;

    @Override
    public void write(AuditRecord record) {
      written.add(record);
    }

    @Override
    public void flush() {
      flushes++;
    }
  }

  static void append(AuditTrail trail, MutableClock clock, int events) {
    for (int i = 0; i < events; i++) {
      clock.advance(Duration.ofMillis(1500));
      trail.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, ACCT,
          Map.of("serial", Integer.toHexString(1000 + i), "note", "\"quoted\" \\ ]\n日本")));
    }
  }

  static List<AuditRecord> all(InMemoryAuditLog log) {
    List<AuditRecord> all = new ArrayList<>();
    log.forEach(1, all::add);
    return all;
  }

  /** Any storable text: ASCII with the JSON and syslog specials, controls, Japanese, emoji. */
  static String text(RandomGenerator r, int max) {
    String[] pieces = {"a", "Z", "0", " ", "\"", "\\", "]", "[", "=", "/", "\n", "\t", "\u0001",
        "\u007f", "é", "日本", "銀行", "\uD83D\uDE00", "\uFEFF", "\u2028", "{", "}", ":", ","};
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      b.append(pieces[r.nextInt(pieces.length)]);
    }
    return b.toString();
  }

  static String hex(RandomGenerator r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static AuditRecord anyRecord(RandomGenerator r) {
    Map<String, String> details = new TreeMap<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      details.put(text(r, 6) + i, text(r, 12));
    }
    @Nullable String user = r.nextBoolean() ? null : text(r, 10);
    @Nullable String service = r.nextBoolean() ? null : text(r, 10);
    return new AuditRecord(1 + r.nextLong(Long.MAX_VALUE - 1),
        Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L), r.nextInt(1_000_000) * 1000L),
        "T" + text(r, 20), "a" + text(r, 20), user, service, details, hex(r), hex(r));
  }

  @Test
  void everyRecordSurvivesAJsonLineAndASyslogMessageUnchanged() {
    qt().forAll(gen(AuditExportTest::anyRecord)).checkAssert(rec -> {
      String line = AuditJson.line(rec);
      assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), line);
      assertEquals(rec, AuditJson.parse(line));
      String msg = AuditSyslog.message(rec, "bank-node-1", "shomei");
      assertEquals(rec, AuditSyslog.parse(msg));
      assertEquals(rec, AuditSyslog.parse(msg.length() + " " + msg), "octet-counted framing");
    });
  }

  @Test
  void aSyslogLineAsRsyslogWritesItIsRead() {
    AuditRecord rec = anyRecord(RandomGenerator.of("L64X128MixRandom"));
    String sent = AuditSyslog.message(rec, "node-1", "shomei");
    // rsyslog's RFC 5424 file template rewrites the timestamp and keeps the rest
    String written = "<110>1 2026-12-06T01:00:00.123456+00:00"
        + sent.substring(sent.indexOf(" node-1 ")) + "\n";
    assertEquals(rec, AuditSyslog.parse(written));
  }

  @Test
  void malformedLinesAreRefusedWithoutEchoingThem() {
    AuditRecord rec = anyRecord(RandomGenerator.of("L64X128MixRandom"));
    String line = AuditJson.line(rec);
    List<String> bad = List.of("", "{}", line + "x", line.replace("\"seq\":", "\"seq\":0"),
        line.replace("{\"seq\"", "{\"extra\":\"secret-ish\",\"seq\""),
        line.replace("\"actor\":", "\"actor\":\"x\",\"actor\":"),
        line.replace("\"details\":{", "\"details\":{\"k\":1,"), line.substring(0, line.length() - 1),
        line.replace("\"at\":\"", "\"at\":\"x"));
    for (String b : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> AuditJson.parse(b), b);
      assertFalse(String.valueOf(e.getMessage()).contains("secret-ish"));
    }
    String msg = AuditSyslog.message(rec, "h", "a");
    for (String b : List.of(msg.replace("seq=\"" + rec.sequence(), "seq=\"9" + rec.sequence()),
        msg.replace("[" + AuditSyslog.SD_ID, "[other@1"), "<110>1 - - - - -", "no pri")) {
      assertThrows(IllegalArgumentException.class, () -> AuditSyslog.parse(b), b);
    }
  }

  @Test
  void exportResumesFromItsCursorWithoutGapsOrRepeats() throws IOException {
    InMemoryAuditLog log = new InMemoryAuditLog();
    MutableClock clock = MutableClock.at("2021-02-24T00:00:00+09:00");
    AuditTrail trail = new AuditTrail(log, clock);
    append(trail, clock, 7);
    Collecting sink = new Collecting();
    AuditAnchor cursor = START;
    List<AuditAnchor> cursors = new ArrayList<>();
    for (int run = 0; run < 6; run++) {
      cursor = trail.export(cursor, 3, sink); // a new exporter each run: only the cursor is kept
      cursors.add(cursor);
      if (run == 2) {
        append(trail, clock, 4); // the trail grows between runs
      }
    }
    assertEquals(all(log), sink.written);
    assertEquals(new AuditAnchor(11, log.last().orElseThrow().hash()), cursor);
    assertEquals(List.of(3L, 6L, 7L, 10L, 11L, 11L),
        cursors.stream().map(AuditAnchor::sequence).toList());
    assertEquals(6, sink.flushes, "every run flushes before it hands out its cursor");
    assertEquals(new ChainVerification.Intact(11, cursor.hash(), 11),
        trail.verifyExported(sink.written.iterator(), null));
  }

  /** A plan of export runs: trail size, batch size, and per run whether and where it dies. */
  record Runs(int records, int batch, long seed) {}

  @Test
  void runsThatDieAnywhereNeverLeaveAGapAndTheirRepeatsVerify() {
    qt().withExamples(100).forAll(gen(r -> new Runs(1 + r.nextInt(40), 1 + r.nextInt(7),
        r.nextLong()))).checkAssert(plan -> {
      InMemoryAuditLog log = new InMemoryAuditLog();
      MutableClock clock = MutableClock.at("2021-02-24T00:00:00+09:00");
      AuditTrail trail = new AuditTrail(log, clock, new SecretKeySpec(new byte[32], "HmacSHA256"));
      append(trail, clock, plan.records());
      RandomGenerator chance = new java.util.SplittableRandom(plan.seed());
      List<AuditRecord> received = new ArrayList<>(); // what the receiver got, in order
      AuditAnchor kept = START; // the cursor the host has stored
      for (int run = 0; kept.sequence() < plan.records(); run++) {
        assertTrue(run < 10_000, "no progress");
        int dieAt = chance.nextInt(3) == 0 ? 1 + chance.nextInt(plan.batch()) : -1;
        int[] written = {0};
        AuditSink sink = new AuditSink() {
          @Override
          public void write(AuditRecord record) throws IOException {
            if (++written[0] == dieAt) {
              throw new IOException("the run dies while sending");
            }
            received.add(record);
          }

          @Override
          public void flush() {}
        };
        try {
          AuditAnchor next = trail.export(kept, plan.batch(), sink);
          if (chance.nextInt(4) != 0) {
            kept = next; // else: died after the flush, before keeping the cursor
          }
        } catch (IOException e) {
          // the run died: the host keeps its old cursor
        }
      }
      assertEquals(new ChainVerification.Intact(plan.records(), kept.hash(), 0),
          trail.verifyExported(received.iterator(), null));
      assertEquals(all(log), received.stream().distinct().sorted(
          java.util.Comparator.comparingLong(AuditRecord::sequence)).toList());
    });
  }

  @Test
  void exportRefusesACursorTheTrailNoLongerHolds() throws IOException {
    InMemoryAuditLog log = new InMemoryAuditLog();
    MutableClock clock = MutableClock.at("2021-02-24T00:00:00+09:00");
    AuditTrail trail = new AuditTrail(log, clock);
    append(trail, clock, 5);
    AuditAnchor cursor = trail.export(START, 3, new Collecting());
    Collecting sink = new Collecting();
    AuditCursorException beyond = assertThrows(AuditCursorException.class,
        () -> trail.export(new AuditAnchor(9, cursor.hash()), 3, sink));
    assertEquals(9, beyond.sequence());
    assertThrows(AuditCursorException.class,
        () -> trail.export(new AuditAnchor(3, AuditRecord.GENESIS_HASH), 3, sink));
    AuditRecord r = all(log).get(2);
    String forged = AuditTrail.hash(r.sequence(), r.at(), r.type(), "operator:mallory",
        r.userId(), r.service(), r.details(), r.previousHash());
    log.tamper(3, new AuditRecord(3, r.at(), r.type(), "operator:mallory", r.userId(),
        r.service(), r.details(), r.previousHash(), forged));
    assertThrows(AuditCursorException.class, () -> trail.export(cursor, 3, sink),
        "the record at the cursor was rewritten");
    assertEquals(List.of(), sink.written);
  }

  @Test
  void aFailingSinkLeavesTheCursorWhereItWas() throws IOException {
    InMemoryAuditLog log = new InMemoryAuditLog();
    MutableClock clock = MutableClock.at("2021-02-24T00:00:00+09:00");
    AuditTrail trail = new AuditTrail(log, clock);
    append(trail, clock, 5);
    Collecting received = new Collecting();
    AuditSink failsAtFour = new AuditSink() {
      @Override
      public void write(AuditRecord record) throws IOException {
        if (record.sequence() == 4) {
          throw new IOException("connection reset");
        }
        received.write(record);
      }

      @Override
      public void flush() {}
    };
    assertThrows(IOException.class, () -> trail.export(START, 10, failsAtFour));
    // the host keeps no new cursor; the next run repeats 1..3 and the receiver's stream verifies
    trail.export(START, 10, received);
    assertEquals(8, received.written.size());
    assertTrue(trail.verifyExported(received.written.iterator(), null).intact());
  }

  @Test
  void verifyingAnExportFindsEditsGapsAndForeignRepeats() throws IOException {
    InMemoryAuditLog log = new InMemoryAuditLog();
    MutableClock clock = MutableClock.at("2021-02-24T00:00:00+09:00");
    AuditTrail trail = new AuditTrail(log, clock,
        new SecretKeySpec(new byte[32], "HmacSHA256"));
    append(trail, clock, 6);
    Collecting sink = new Collecting();
    trail.export(START, 100, sink);
    List<AuditRecord> ok = sink.written;

    List<AuditRecord> edited = new ArrayList<>(ok);
    AuditRecord r = ok.get(2);
    edited.set(2, new AuditRecord(3, r.at(), r.type(), "operator:mallory", r.userId(),
        r.service(), r.details(), r.previousHash(), r.hash()));
    assertEquals(new ChainVerification.Broken(3, ChainVerification.Reason.CONTENT_CHANGED),
        trail.verifyExported(edited.iterator(), null));

    // recomputing the plain hash does not help against a keyed trail
    String plain = AuditTrail.hash(3, r.at(), r.type(), "operator:mallory", r.userId(),
        r.service(), r.details(), r.previousHash());
    edited.set(2, new AuditRecord(3, r.at(), r.type(), "operator:mallory", r.userId(),
        r.service(), r.details(), r.previousHash(), plain));
    assertEquals(new ChainVerification.Broken(3, ChainVerification.Reason.NOT_KEYED),
        trail.verifyExported(edited.iterator(), null));

    List<AuditRecord> dropped = new ArrayList<>(ok);
    dropped.remove(3);
    assertEquals(new ChainVerification.Broken(4, ChainVerification.Reason.SEQUENCE_GAP),
        trail.verifyExported(dropped.iterator(), null));

    List<AuditRecord> repeated = new ArrayList<>(ok.subList(0, 4));
    repeated.addAll(ok.subList(2, 6)); // a resumed export repeats 3 and 4
    assertEquals(new ChainVerification.Intact(6, ok.get(5).hash(), 0),
        trail.verifyExported(repeated.iterator(), null));
    repeated.set(4, ok.get(0)); // a repeat of 1 where 3 was expected, identical: accepted
    assertTrue(trail.verifyExported(repeated.iterator(), null).intact());

    List<AuditRecord> suffix = ok.subList(3, 6);
    assertTrue(trail.verifyExported(suffix.iterator(), null).intact(), "an export from a cursor");
    assertEquals(new ChainVerification.Broken(3, ChainVerification.Reason.REWRITTEN),
        trail.verifyExported(suffix.iterator(), new AuditAnchor(3, AuditRecord.GENESIS_HASH)));
    assertTrue(trail.verifyExported(suffix.iterator(),
        new AuditAnchor(3, ok.get(2).hash())).intact());
    assertEquals(new ChainVerification.Broken(9, ChainVerification.Reason.TRUNCATED),
        trail.verifyExported(suffix.iterator(), new AuditAnchor(9, ok.get(2).hash())));

    // without the key the keyed export does not verify
    AuditTrail unkeyed = new AuditTrail(new InMemoryAuditLog(), clock);
    assertEquals(new ChainVerification.Broken(1, ChainVerification.Reason.CONTENT_CHANGED),
        unkeyed.verifyExported(ok.iterator(), null));
  }
}
