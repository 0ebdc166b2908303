package io.shomei.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.shomei.spi.AuditRecord;
import io.shomei.testing.memory.InMemoryAuditLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AuditTrail#verifyTail}: the newest records only, each verified and linked. */
class AuditTailTest {

  private static List<AuditRecord> all(InMemoryAuditLog log) {
    List<AuditRecord> out = new ArrayList<>();
    log.forEach(1, out::add);
    return out;
  }

  private static void edit(InMemoryAuditLog log, int sequence) {
    AuditRecord r = all(log).get(sequence - 1);
    log.tamper(sequence, new AuditRecord(r.sequence(), r.at(), r.type(), r.actor(), "99999999",
        r.service(), r.details(), r.previousHash(), r.hash()));
  }

  @Test
  void anIntactTailEndsAtTheNewestRecord() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = AuditTrailTest.trailWith(log, 10);
    ChainVerification v = trail.verifyTail(3);
    assertEquals(new ChainVerification.Intact(10, all(log).get(9).hash(), 3), v);
    assertEquals(new ChainVerification.Intact(0, AuditRecord.GENESIS_HASH, 0),
        new AuditTrail(new InMemoryAuditLog(), java.time.Clock.systemUTC()).verifyTail(5));
  }

  @Test
  void anEditInsideTheTailIsFoundAndOneBeforeItIsNotRead() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = AuditTrailTest.trailWith(log, 10);
    edit(log, 2);
    assertInstanceOf(ChainVerification.Intact.class, trail.verifyTail(3));
    edit(log, 9);
    assertEquals(new ChainVerification.Broken(9, ChainVerification.Reason.CONTENT_CHANGED),
        trail.verifyTail(3));
  }

  @Test
  void aDeletedRecordInsideTheTailIsAGap() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = AuditTrailTest.trailWith(log, 10);
    log.delete(9);
    assertEquals(new ChainVerification.Broken(9, ChainVerification.Reason.SEQUENCE_GAP),
        trail.verifyTail(3));
  }

  @Test
  void aTailLongerThanTheChainIsTheWholeChain() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditTrail trail = AuditTrailTest.trailWith(log, 4);
    assertEquals(trail.verify(), trail.verifyTail(100));
  }
}
