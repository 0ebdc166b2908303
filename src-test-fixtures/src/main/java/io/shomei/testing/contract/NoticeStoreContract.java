package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.Notice;
import io.shomei.spi.NoticeStore;
import io.shomei.spi.NoticeStore.Status;
import io.shomei.spi.NoticeStore.StoredNotice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link NoticeStore}, the outbox of customer notices. An implementation's test
 * class implements this interface and {@link #newStore()}; every default method is a test it
 * inherits.
 *
 * @since 0.2.0
 */
public interface NoticeStoreContract {

  /**
   * A new, empty store. Called once per test.
   *
   * @return the store under test
   */
  NoticeStore newStore();

  private static Notice notice(String key, Instant at) {
    return new Notice(key, new AccountKey("30000001", "fx-forward"), Notice.Kind.CAMPAIGN,
        Map.of("reacquireFrom", "2021-02-23T15:00:00Z", "rule", "ca-2021"), at);
  }

  @Test
  default void aKeyIsWrittenOnceWhateverIsEnqueuedUnderItLater() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    Notice first = notice("campaign:ca-2021:fx-forward:30000001", now);
    assertTrue(store.enqueue(first));
    Notice other = new Notice(first.key(), new AccountKey("30000002", "fx-forward"),
        Notice.Kind.REVOKED, Map.of(), now.plusSeconds(5));
    assertFalse(store.enqueue(other));
    StoredNotice stored = store.find(first.key()).orElseThrow();
    assertEquals(first, stored.notice());
    assertEquals(Status.PENDING, stored.status());
    assertEquals(now, stored.dueAt());
    assertEquals(0, stored.attempts());
    assertNull(stored.holder());
  }

  @Test
  default void factsInAnyScriptComeBackAsWritten() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    Notice n = new Notice("issued:1f3a", new AccountKey("30000003", "外国為替"),
        Notice.Kind.ISSUED, Map.of("serial", "1f3a", "note", "証明書 \"引用\" \\ 𠮷",
            "empty", ""), now);
    store.enqueue(n);
    assertEquals(n, store.find("issued:1f3a").orElseThrow().notice());
    assertTrue(store.find("issued:none").isEmpty());
  }

  @Test
  default void aClaimTakesDueNoticesOldestFirstUpToItsMaximum() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    for (int i = 0; i < 5; i++) {
      store.enqueue(notice("n" + i, now.minusSeconds(10 - i)));
    }
    store.enqueue(notice("later", now.plusSeconds(60)));
    List<StoredNotice> claimed = store.claim("node-1", now, now.plusSeconds(30), 3);
    assertEquals(List.of("n0", "n1", "n2"), claimed.stream().map(StoredNotice::key).toList());
    for (StoredNotice c : claimed) {
      assertEquals(Status.CLAIMED, c.status());
      assertEquals("node-1", c.holder());
      assertEquals(now.plusSeconds(30), c.claimedUntil());
      assertEquals(1, c.attempts());
      assertEquals(c, store.find(c.key()).orElseThrow());
    }
    assertEquals(List.of("n3", "n4"), store.claim("node-2", now, now.plusSeconds(30), 10)
        .stream().map(StoredNotice::key).toList(), "a notice not yet due is not claimed");
    assertEquals(List.of(), store.claim("node-3", now, now.plusSeconds(30), 10));
  }

  @Test
  default void aClaimThatRanOutWithoutAnOutcomeIsHeldNeverClaimedAgain() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    store.enqueue(notice("k", now));
    assertEquals(1, store.claim("node-1", now, now.plusSeconds(30), 10).size());
    assertEquals(List.of(), store.claim("node-2", now.plusSeconds(29), now.plusSeconds(60), 10));
    assertEquals(List.of(), store.claim("node-2", now.plusSeconds(30), now.plusSeconds(60), 10),
        "the notice may have reached the customer: it is not given to another node");
    StoredNotice held = store.find("k").orElseThrow();
    assertEquals(Status.HELD, held.status());
    assertEquals(List.of(held), store.list(Status.HELD, 10));
    assertFalse(store.hold("k", "node-1", "late"), "an outcome needs a live claim");
    assertTrue(store.markSent("k", "node-1", now.plusSeconds(31)),
        "a late acknowledgement is still better knowledge than HELD");
    assertEquals(Status.SENT, store.find("k").orElseThrow().status());
  }

  @Test
  default void onlyTheClaimsHolderRecordsAnOutcome() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    store.enqueue(notice("k", now));
    store.claim("node-1", now, now.plusSeconds(30), 10);
    assertFalse(store.markSent("k", "node-2", now));
    assertFalse(store.retry("k", "node-2", now, "x"));
    assertFalse(store.hold("k", "node-2", "x"));
    assertFalse(store.markSent("missing", "node-1", now));
    assertEquals(Status.CLAIMED, store.find("k").orElseThrow().status());
    assertTrue(store.markSent("k", "node-1", now.plusSeconds(1)));
    StoredNotice sent = store.find("k").orElseThrow();
    assertEquals(Status.SENT, sent.status());
    assertEquals(now.plusSeconds(1), sent.sentAt());
    assertFalse(store.markSent("k", "node-1", now.plusSeconds(2)), "SENT is final");
    assertFalse(store.retry("k", "node-1", now, "x"));
    assertFalse(store.requeue("k", now));
    assertEquals(List.of(), store.claim("node-1", now.plusSeconds(99), now.plusSeconds(999), 10));
  }

  @Test
  default void aCertainFailureIsRetriedWhenDueAndAnUncertainOneWaitsForAnOperator() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    store.enqueue(notice("a", now));
    store.enqueue(notice("b", now.minusSeconds(1)));
    store.claim("node-1", now, now.plusSeconds(30), 10);
    assertTrue(store.retry("a", "node-1", now.plusSeconds(300), "421 service not available"));
    assertTrue(store.hold("b", "node-1", "connection reset after the data"));
    StoredNotice a = store.find("a").orElseThrow();
    assertEquals(Status.PENDING, a.status());
    assertEquals(now.plusSeconds(300), a.dueAt());
    assertEquals("421 service not available", a.lastError());
    assertEquals(List.of(), store.claim("node-2", now.plusSeconds(299), now.plusSeconds(330), 10));
    List<StoredNotice> again = store.claim("node-2", now.plusSeconds(300), now.plusSeconds(330), 10);
    assertEquals(List.of("a"), again.stream().map(StoredNotice::key).toList());
    assertEquals(2, again.get(0).attempts());
    StoredNotice b = store.find("b").orElseThrow();
    assertEquals(Status.HELD, b.status());
    assertEquals("connection reset after the data", b.lastError());
    assertFalse(store.requeue("a", now), "only a HELD notice is requeued");
    assertTrue(store.requeue("b", now.plusSeconds(400)));
    assertEquals(List.of("b"), store.claim("node-3", now.plusSeconds(400), now.plusSeconds(430), 10)
        .stream().map(StoredNotice::key).toList());
  }

  @Test
  default void badClaimsAreRefused() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    assertThrows(IllegalArgumentException.class, () -> store.claim("", now, now.plusSeconds(1), 1));
    assertThrows(IllegalArgumentException.class, () -> store.claim("n", now, now, 1));
    assertThrows(IllegalArgumentException.class,
        () -> store.claim("n", now, now.plusSeconds(1), 0));
    assertThrows(IllegalArgumentException.class,
        () -> store.claim("n", now, now.plusSeconds(1), 1001));
    assertThrows(IllegalArgumentException.class, () -> store.list(Status.PENDING, 0));
  }

  @Test
  default void ofConcurrentEnqueuersOfOneKeyExactlyOneWrites() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    for (int round = 0; round < 5; round++) {
      String key = "campaign:r" + round;
      AtomicInteger written = new AtomicInteger();
      Concurrently.run(8, Duration.ofSeconds(60), i -> {
        if (store.enqueue(notice(key, now))) {
          written.incrementAndGet();
        }
      });
      assertEquals(1, written.get(), "round " + round);
    }
  }

  @Test
  default void ofConcurrentClaimersEachNoticeIsClaimedOnce() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    int count = 120;
    for (int i = 0; i < count; i++) {
      store.enqueue(notice(String.format("n%03d", i), now.minusSeconds(count - i)));
    }
    Map<String, String> owner = new ConcurrentHashMap<>();
    Set<String> twice = ConcurrentHashMap.newKeySet();
    Concurrently.run(6, Duration.ofMinutes(2), i -> {
      String holder = "node-" + i;
      while (true) {
        List<StoredNotice> got = store.claim(holder, now, now.plusSeconds(300), 7);
        if (got.isEmpty()) {
          return;
        }
        for (StoredNotice n : got) {
          if (owner.putIfAbsent(n.key(), holder) != null) {
            twice.add(n.key());
          }
          assertTrue(store.markSent(n.key(), holder, now));
        }
      }
    });
    assertEquals(Set.of(), twice);
    assertEquals(count, owner.size());
    List<StoredNotice> sent = new ArrayList<>(store.list(Status.SENT, 10_000));
    assertEquals(count, sent.size());
    sent.forEach(n -> assertEquals(1, n.attempts(), n.key()));
  }
}
