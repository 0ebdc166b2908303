package io.shomei.core.audit;

import static io.shomei.testing.qt.Qt.gen;
import static io.shomei.testing.qt.Qt.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.testing.MutableClock;
import io.shomei.testing.contract.Concurrently;
import io.shomei.testing.memory.InMemoryAuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
  static final AccountKey ACCT = new AccountKey("12345678", "fx-forward");

  static AuditTrail trailWith(InMemoryAuditLog log, int events) {
    MutableClock clock = MutableClock.at("2021-02-24T00:00:00+09:00");
    AuditTrail trail = new AuditTrail(log, clock);
    for (int i = 0; i < events; i++) {
      clock.advance(Duration.ofMillis(1500));
      trail.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, ACCT,
          Map.of("serial", Integer.toHexString(1000 + i))));
    }
    return trail;
  }

  @Test
  void appendedEventsFormAVerifiableChain() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = trailWith(log, 5);
    ChainVerification v = trail.verify();
    var intact = (ChainVerification.Intact) v;
    assertEquals(5, intact.records());
    assertEquals(log.last().orElseThrow().hash(), intact.lastHash());
    List<AuditRecord> all = new ArrayList<>();
    log.forEach(1, all::add);
    AuditRecord first = all.get(0);
    assertEquals(AuditRecord.GENESIS_HASH, first.previousHash());
    assertEquals("customer", first.actor());
    assertEquals("12345678", first.userId());
  }

  @Test
  void emptyChainIsIntact() {
    assertEquals(new ChainVerification.Intact(0, AuditRecord.GENESIS_HASH),
        new AuditTrail(new InMemoryAuditLog(), MutableClock.at("2021-01-01T00:00:00Z")).verify());
  }

  @Test
  void editedRecordIsDetectedAtItsSequence() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = trailWith(log, 6);
    List<AuditRecord> all = new ArrayList<>();
    log.forEach(1, all::add);
    AuditRecord r = all.get(3);
    log.tamper(4, new AuditRecord(r.sequence(), r.at(), r.type(), r.actor(), "99999999",
        r.service(), r.details(), r.previousHash(), r.hash()));
    assertEquals(new ChainVerification.Broken(4, ChainVerification.Reason.CONTENT_CHANGED),
        trail.verify());
  }

  @Test
  void editedRecordWithRecomputedHashBreaksTheNextLink() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = trailWith(log, 6);
    List<AuditRecord> all = new ArrayList<>();
    log.forEach(1, all::add);
    AuditRecord r = all.get(2);
    Map<String, String> forgedDetails = Map.of("serial", "dead");
    String forgedHash = AuditTrail.hash(r.sequence(), r.at(), r.type(), r.actor(), r.userId(),
        r.service(), forgedDetails, r.previousHash());
    log.tamper(3, new AuditRecord(r.sequence(), r.at(), r.type(), r.actor(), r.userId(),
        r.service(), forgedDetails, r.previousHash(), forgedHash));
    assertEquals(new ChainVerification.Broken(4, ChainVerification.Reason.LINK_BROKEN),
        trail.verify());
  }

  @Test
  void deletedRecordIsAGap() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = trailWith(log, 6);
    log.delete(2);
    assertEquals(new ChainVerification.Broken(2, ChainVerification.Reason.SEQUENCE_GAP),
        trail.verify());
  }

  @Test
  void truncatedTailIsDetectedAgainstAnAnchor() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = trailWith(log, 6);
    AuditRecord anchor = log.last().orElseThrow();
    assertTrue(trail.verify(anchor.sequence(), anchor.hash()).intact());
    log.delete(6);
    assertTrue(trail.verify().intact(), "without an anchor a cut tail looks whole");
    assertEquals(new ChainVerification.Broken(6, ChainVerification.Reason.TRUNCATED),
        trail.verify(anchor.sequence(), anchor.hash()));
  }

  @Test
  void refusesSecretLookingDetails() {
    for (String key : List.of("password", "newPassword", "acquisition_password", "pin", "pkcs12",
        "p12Bytes", "clientSecret", "private_key")) {
      assertThrows(IllegalArgumentException.class,
          () -> AuditEvent.byCustomer(AuditEventType.PASSWORD_CHANGED, ACCT, Map.of(key, "x")),
          key);
    }
    AuditEvent ok = AuditEvent.byCustomer(AuditEventType.LOGIN_PASSWORD_REFUSED, ACCT,
        Map.of("reason", "WRONG_PASSWORD", "failures", "3"));
    assertEquals("3", ok.details().get("failures"));
  }

  @Test
  void concurrentAppendsKeepTheChainWhole() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = new AuditTrail(log, MutableClock.at("2021-02-24T00:00:00Z"));
    Concurrently.run(16, Duration.ofSeconds(60), i -> {
      for (int n = 0; n < 50; n++) {
        trail.append(AuditEvent.byOperator(AuditEventType.OPERATOR_VIEWED_ACCOUNT, "op" + i, ACCT,
            Map.of("n", Integer.toString(n))));
      }
    });
    assertEquals(new ChainVerification.Intact(800, log.last().orElseThrow().hash()), trail.verify());
  }

  /** Any single edit or deletion anywhere in a chain is detected, at or before its position. */
  @Test
  void anySingleTamperingIsDetected() {
    qt().withExamples(200).forAll(gen(r -> new long[] {2 + r.nextInt(30), r.nextLong(), r.nextInt(2)}))
        .describedAs(a -> "length=" + a[0] + " pick=" + a[1] + " delete=" + (a[2] == 1))
        .check(a -> {
          int length = (int) a[0];
          InMemoryAuditLog log = new InMemoryAuditLog();
          AuditTrail trail = trailWith(log, length);
          int victim = 1 + (int) Math.floorMod(a[1], (long) length - 1); // never the last one
          if (a[2] == 1) {
            log.delete(victim);
          } else {
            List<AuditRecord> all = new ArrayList<>();
            log.forEach(1, all::add);
            AuditRecord r = all.get(victim - 1);
            log.tamper(victim, new AuditRecord(r.sequence(), r.at().plusNanos(1000), r.type(),
                r.actor(), r.userId(), r.service(), r.details(), r.previousHash(), r.hash()));
          }
          ChainVerification v = trail.verify();
          return v instanceof ChainVerification.Broken b && b.sequence() <= victim + 1;
        });
  }

  /** Edits record {@code from} and recomputes the plain chain from there to the end. */
  static void rewriteFrom(InMemoryAuditLog log, long from) {
    List<AuditRecord> all = new ArrayList<>();
    log.forEach(1, all::add);
    String prev = all.get((int) from - 2).hash();
    for (AuditRecord r : all.subList((int) from - 1, all.size())) {
      Map<String, String> details = r.sequence() == from ? Map.of("serial", "dead") : r.details();
      String h = AuditTrail.hash(r.sequence(), r.at(), r.type(), r.actor(), r.userId(),
          r.service(), details, prev);
      log.tamper(r.sequence(), new AuditRecord(r.sequence(), r.at(), r.type(), r.actor(),
          r.userId(), r.service(), details, prev, h));
      prev = h;
    }
  }

  @Test
  void rewrittenChainIsReportedAsRewrittenAgainstAnAnchor() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = trailWith(log, 6);
    AuditRecord anchor = log.last().orElseThrow();
    rewriteFrom(log, 3);
    assertTrue(trail.verify().intact(), "an unkeyed chain recomputed after an edit looks whole");
    assertEquals("Broken[sequence=6, reason=REWRITTEN]",
        trail.verify(anchor.sequence(), anchor.hash()).toString());
  }

}
