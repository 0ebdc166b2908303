package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link LeaseStore}. An implementation's test class implements this interface
 * and {@link #newStore()}; every default method is a test it inherits.
 *
 * @since 0.2.0
 */
public interface LeaseStoreContract {

  /**
   * A new, empty store. Called once per test.
   *
   * @return the store under test
   */
  LeaseStore newStore();

  @Test
  default void aFreeLeaseIsTakenAndHeldAgainstOthersUntilItEnds() {
    LeaseStore store = newStore();
    Instant now = ContractSupport.now();
    assertTrue(store.acquire("crl:a1b2", "node-1", now, now.plusSeconds(60)));
    assertFalse(store.acquire("crl:a1b2", "node-2", now.plusSeconds(59), now.plusSeconds(120)));
    assertEquals(Optional.of(new LeaseStore.Lease("crl:a1b2", "node-1", now.plusSeconds(60))),
        store.find("crl:a1b2"));
    assertTrue(store.acquire("crl:a1b2", "node-2", now.plusSeconds(60), now.plusSeconds(120)),
        "an expired lease is free");
    assertEquals("node-2", store.find("crl:a1b2").orElseThrow().holder());
  }

  @Test
  default void itsHolderRenewsIt() {
    LeaseStore store = newStore();
    Instant now = ContractSupport.now();
    assertTrue(store.acquire("job", "node-1", now, now.plusSeconds(60)));
    assertTrue(store.acquire("job", "node-1", now.plusSeconds(30), now.plusSeconds(90)));
    assertEquals(now.plusSeconds(90), store.find("job").orElseThrow().until());
    assertFalse(store.acquire("job", "node-2", now.plusSeconds(80), now.plusSeconds(100)));
  }

  @Test
  default void onlyItsHolderReleasesIt() {
    LeaseStore store = newStore();
    Instant now = ContractSupport.now();
    assertTrue(store.acquire("job", "node-1", now, now.plusSeconds(60)));
    store.release("job", "node-2");
    assertFalse(store.acquire("job", "node-2", now, now.plusSeconds(60)));
    store.release("job", "node-1");
    assertEquals(Optional.empty(), store.find("job"));
    assertTrue(store.acquire("job", "node-2", now, now.plusSeconds(60)));
  }

  @Test
  default void leasesAreIndependentByName() {
    LeaseStore store = newStore();
    Instant now = ContractSupport.now();
    assertTrue(store.acquire("crl:a1b2", "node-1", now, now.plusSeconds(60)));
    assertTrue(store.acquire("crl:c3d4", "node-2", now, now.plusSeconds(60)));
  }

  @Test
  default void badNamesAndAnEndNotAfterNowAreRefused() {
    LeaseStore store = newStore();
    Instant now = ContractSupport.now();
    assertThrows(IllegalArgumentException.class, () -> store.acquire("", "n", now, now.plusSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> store.acquire("a b", "n", now, now.plusSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> store.acquire("job", "x".repeat(129), now, now.plusSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> store.acquire("job", "n", now, now));
    assertEquals(Optional.empty(), store.find("job"));
  }

  @Test
  default void ofConcurrentTakersOfAFreeOrExpiredLeaseExactlyOneWins() {
    LeaseStore store = newStore();
    Instant now = ContractSupport.now();
    for (int round = 0; round < 5; round++) {
      Instant at = now.plusSeconds(100L * round); // the previous round's lease has ended
      Set<String> winners = ConcurrentHashMap.newKeySet();
      Concurrently.run(8, Duration.ofSeconds(60), i -> {
        if (store.acquire("job", "node-" + i, at, at.plusSeconds(50))) {
          winners.add("node-" + i);
        }
      });
      assertEquals(1, winners.size(), "round " + round + ": " + winners);
      assertEquals(winners.iterator().next(), store.find("job").orElseThrow().holder());
    }
  }
}
