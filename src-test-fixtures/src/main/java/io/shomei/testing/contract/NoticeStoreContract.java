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
  default void aClaimThatRanOutBeforeSendingIsClaimedAgainNeverHeld() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    store.enqueue(notice("k", now));
    assertEquals(1, store.claim("node-1", now, now.plusSeconds(30), 10).size());
    assertEquals(List.of(), store.claim("node-2", now.plusSeconds(29), now.plusSeconds(60), 10),
        "a live claim is not taken");
    List<StoredNotice> again =
        store.claim("node-2", now.plusSeconds(30), now.plusSeconds(60), 10);
    assertEquals(List.of("k"), again.stream().map(StoredNotice::key).toList(),
        "nothing was handed to the channel: another node delivers it");
    assertEquals(Status.CLAIMED, again.get(0).status());
    assertEquals("node-2", again.get(0).holder());
    assertEquals(2, again.get(0).attempts());
    assertFalse(store.markSending("k", "node-1", now.plusSeconds(1), now.plusSeconds(60)),
        "the first claimer lost it and must not send");
    assertFalse(store.markSent("k", "node-1", now.plusSeconds(31)));
    assertFalse(store.hold("k", "node-1", "late"));
    assertTrue(store.markSending("k", "node-2", now.plusSeconds(31), now.plusSeconds(61)));
    assertTrue(store.markSent("k", "node-2", now.plusSeconds(32)));
    assertEquals(List.of(), store.list(Status.HELD, 10));
  }

  @Test
  default void aNoticeGivenBackByAnExpiredClaimIsClaimedAgainOldestFirst() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    store.enqueue(notice("k", now));
    store.claim("node-1", now, now.plusSeconds(30), 10);
    store.enqueue(notice("other", now.plusSeconds(40)));
    assertEquals(List.of("k", "other"), store.claim("node-1", now.plusSeconds(40),
        now.plusSeconds(70), 10).stream().map(StoredNotice::key).toList());
    assertEquals(List.of(), store.list(Status.PENDING, 10));
  }

  @Test
  default void aSendingNoticeWhoseClaimRanOutIsHeldNeverClaimedAgain() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    store.enqueue(notice("k", now));
    assertEquals(1, store.claim("node-1", now, now.plusSeconds(30), 10).size());
    assertTrue(store.markSending("k", "node-1", now.plusSeconds(20), now.plusSeconds(50)));
    StoredNotice sending = store.find("k").orElseThrow();
    assertEquals(Status.SENDING, sending.status());
    assertEquals(now.plusSeconds(50), sending.claimedUntil(), "sending has a claim of its own");
    assertEquals(List.of(), store.claim("node-2", now.plusSeconds(49), now.plusSeconds(60), 10));
    assertEquals(Status.SENDING, store.find("k").orElseThrow().status());
    assertEquals(List.of(), store.claim("node-2", now.plusSeconds(50), now.plusSeconds(80), 10),
        "the notice may have reached the customer: it is not given to another node");
    StoredNotice held = store.find("k").orElseThrow();
    assertEquals(Status.HELD, held.status());
    assertEquals("node-1", held.holder());
    assertEquals(List.of(held), store.list(Status.HELD, 10));
    assertFalse(store.hold("k", "node-1", "late"), "an outcome needs a live claim");
    assertFalse(store.markSending("k", "node-1", now.plusSeconds(51), now.plusSeconds(90)));
    assertTrue(store.markSent("k", "node-1", now.plusSeconds(51)),
        "a late acknowledgement is still better knowledge than HELD");
    assertEquals(Status.SENT, store.find("k").orElseThrow().status());
  }

  @Test
  default void onlyTheHolderMarksSendingAndOnlyWhileItsClaimLasts() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    store.enqueue(notice("k", now));
    store.enqueue(notice("later", now.plusSeconds(100)));
    store.claim("node-1", now, now.plusSeconds(30), 10);
    assertFalse(store.markSending("k", "node-2", now, now.plusSeconds(30)));
    assertFalse(store.markSending("missing", "node-1", now, now.plusSeconds(30)));
    assertFalse(store.markSending("later", "node-1", now, now.plusSeconds(30)),
        "a PENDING notice is claimed first");
    assertFalse(store.markSending("k", "node-1", now.plusSeconds(30), now.plusSeconds(60)),
        "the claim ended at 30 seconds");
    assertThrows(IllegalArgumentException.class,
        () -> store.markSending("k", "node-1", now, now));
    assertFalse(store.markSent("k", "node-1", now),
        "a notice is SENT only after it was marked SENDING");
    assertEquals(Status.CLAIMED, store.find("k").orElseThrow().status());
    assertTrue(store.markSending("k", "node-1", now.plusSeconds(29), now.plusSeconds(59)));
    assertFalse(store.markSending("k", "node-1", now.plusSeconds(29), now.plusSeconds(59)),
        "marked once");
    assertTrue(store.markSent("k", "node-1", now.plusSeconds(40)));
  }

  @Test
  default void ofTheHolderMarkingSendingAndAnotherNodeExpiringTheClaimExactlyOneWins() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    for (int round = 0; round < 20; round++) {
      String key = "race-" + round;
      Instant t = now.plusSeconds(round * 100L);
      store.enqueue(notice(key, t));
      assertEquals(1, store.claim("node-1", t, t.plusSeconds(30), 1).size());
      AtomicInteger marked = new AtomicInteger();
      AtomicInteger taken = new AtomicInteger();
      // node-1's clock is a little behind node-2's: both believe they are right
      Concurrently.run(2, Duration.ofSeconds(60), i -> {
        if (i == 0) {
          if (store.markSending(key, "node-1", t.plusSeconds(29), t.plusSeconds(59))) {
            marked.incrementAndGet();
          }
        } else {
          taken.addAndGet(store.claim("node-2", t.plusSeconds(30), t.plusSeconds(60), 1).size());
        }
      });
      assertEquals(1, marked.get() + taken.get(), "round " + round);
      StoredNotice n = store.find(key).orElseThrow();
      assertEquals(marked.get() == 1 ? Status.SENDING : Status.CLAIMED, n.status());
      assertEquals(marked.get() == 1 ? "node-1" : "node-2", n.holder());
      if (marked.get() == 1) {
        assertTrue(store.markSent(key, "node-1", t.plusSeconds(31)));
      } else {
        assertTrue(store.markSending(key, "node-2", t.plusSeconds(31), t.plusSeconds(61)));
        assertTrue(store.markSent(key, "node-2", t.plusSeconds(32)));
      }
    }
  }

  @Test
  default void onlyTheClaimsHolderRecordsAnOutcome() {
    NoticeStore store = newStore();
    Instant now = ContractSupport.now();
    store.enqueue(notice("k", now));
    store.claim("node-1", now, now.plusSeconds(30), 10);
    assertTrue(store.markSending("k", "node-1", now, now.plusSeconds(30)));
    assertFalse(store.markSent("k", "node-2", now));
    assertFalse(store.retry("k", "node-2", now, "x"));
    assertFalse(store.hold("k", "node-2", "x"));
    assertFalse(store.markSent("missing", "node-1", now));
    assertEquals(Status.SENDING, store.find("k").orElseThrow().status());
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
    assertTrue(store.markSending("a", "node-1", now, now.plusSeconds(30)));
    assertTrue(store.markSending("b", "node-1", now, now.plusSeconds(30)));
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
    assertTrue(store.markSending("a", "node-2", now.plusSeconds(300), now.plusSeconds(330)));
    assertTrue(store.markSent("a", "node-2", now.plusSeconds(301)));
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
          assertTrue(store.markSending(n.key(), holder, now, now.plusSeconds(300)));
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
