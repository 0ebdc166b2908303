package io.shomei.core.audit;

import static io.shomei.core.audit.AuditTrailTest.ACCT;
import static io.shomei.core.audit.AuditTrailTest.rewriteFrom;
import static io.shomei.core.audit.AuditTrailTest.trailWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.testing.MutableClock;
import io.shomei.testing.memory.InMemoryAuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The keyed audit chain (issue 18, item 11): a rewrite needs the key, plain records written before
 * keying stay readable, and anchors kept outside the database catch a cut or rewritten tail.
 */
class KeyedAuditTrailTest {
  static javax.crypto.SecretKey key(int seed) {
    byte[] k = new byte[32];
    new java.util.Random(seed).nextBytes(k);
    return new javax.crypto.spec.SecretKeySpec(k, "HmacSHA256");
  }

  @Test
  void editWithRecomputedChainIsDetectedInAKeyedTrailWithoutAnyAnchor() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    MutableClock clock = MutableClock.at("2021-02-24T00:00:00+09:00");
    AuditTrail trail = new AuditTrail(log, clock, key(1));
    for (int i = 0; i < 6; i++) {
      trail.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, ACCT,
          Map.of("serial", Integer.toHexString(1000 + i))));
    }
    assertEquals(new ChainVerification.Intact(6, log.last().orElseThrow().hash(), 0),
        trail.verify());
    rewriteFrom(log, 3);
    assertEquals(new ChainVerification.Broken(3, ChainVerification.Reason.NOT_KEYED),
        trail.verify());
    assertEquals(new ChainVerification.Broken(1, ChainVerification.Reason.CONTENT_CHANGED),
        new AuditTrail(log, clock, key(2)).verify(), "another key verifies nothing");
  }

  @Test
  void plainRecordsBeforeKeyingStayReadableAsTheUnkeyedPrefix() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    trailWith(log, 4);
    MutableClock clock = MutableClock.at("2021-03-01T00:00:00Z");
    AuditTrail keyed = new AuditTrail(log, clock, key(1));
    assertEquals(new ChainVerification.Intact(4, log.last().orElseThrow().hash(), 4),
        keyed.verify());
    keyed.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, ACCT, Map.of()));
    ChainVerification.Intact v = (ChainVerification.Intact) keyed.verify();
    assertEquals(5, v.records());
    assertEquals(4, v.unkeyed());
    // a plain record appended after a keyed one is someone writing without the key
    new AuditTrail(log, clock).append(
        AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, ACCT, Map.of()));
    assertEquals(new ChainVerification.Broken(6, ChainVerification.Reason.NOT_KEYED),
        keyed.verify());
  }

  @Test
  void anchorSinkReceivesTheAnchorOfEveryAppendAndCatchesACutTail() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    List<AuditAnchor> anchors = new ArrayList<>();
    AuditTrail trail = new AuditTrail(log, MutableClock.at("2021-02-24T00:00:00Z"), key(1))
        .withAnchorSink(anchors::add);
    for (int i = 0; i < 3; i++) {
      trail.append(AuditEvent.byCustomer(AuditEventType.LOGIN_SUCCEEDED, ACCT, Map.of()));
    }
    assertEquals(3, anchors.size());
    AuditAnchor kept = anchors.get(2);
    assertEquals(kept, AuditAnchor.parse(kept.toString()));
    assertEquals(kept, ((ChainVerification.Intact) trail.verify()).anchor());
    assertTrue(trail.verify(kept).intact());
    log.delete(3);
    assertTrue(trail.verify().intact(), "a cut tail verifies without an anchor");
    assertEquals(new ChainVerification.Broken(3, ChainVerification.Reason.TRUNCATED),
        trail.verify(kept));
  }
}
