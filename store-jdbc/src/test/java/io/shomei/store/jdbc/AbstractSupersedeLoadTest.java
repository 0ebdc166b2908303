package io.shomei.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CertificateStore.ActivationResult;
import io.shomei.spi.CertificateStore.RecordResult;
import io.shomei.testing.contract.Concurrently;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * 64 threads race to supersede the active certificate of one account, 10,000 attempts in all. Each
 * attempt records a new certificate, reads the active one and tries to activate the new one in its
 * place. Whatever the interleaving: no infrastructure failure surfaces (deadlocks and serialization
 * failures are retried inside the store), every recorded certificate is there, exactly one is active,
 * and the supersede links form a single chain through every activated certificate.
 */
abstract class AbstractSupersedeLoadTest {
  static final int THREADS = 64;
  static final int ATTEMPTS = 10_000;

  /**
   * A new, migrated database.
   *
   * @return the database
   * @throws Exception on failure
   */
  abstract TestDatabase open() throws Exception;

  @Test
  void racingSupersedesKeepOneActiveAndLoseNothing() throws Exception {
    try (TestDatabase db = open()) {
      CertificateStore store = db.storage().certificateStore();
      AccountKey account = new AccountKey("10004711", "fx-forward");
      Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS);
      Set<BigInteger> recorded = ConcurrentHashMap.newKeySet();
      Set<BigInteger> activated = ConcurrentHashMap.newKeySet();
      AtomicInteger conflicts = new AtomicInteger();
      int perThread = ATTEMPTS / THREADS + 1;
      long started = System.nanoTime();
      Concurrently.run(THREADS, Duration.ofMinutes(5), t -> {
        for (int i = 0; i < perThread; i++) {
          int n = t * perThread + i;
          if (n >= ATTEMPTS) {
            return;
          }
          CertificateRecord c = LoadTestSupport.certificate(n, account, base.plusNanos(n * 1000L));
          assertInstanceOf(RecordResult.Recorded.class, store.record(c));
          recorded.add(c.serial());
          @Nullable BigInteger expected = store.findActive(account)
              .map(CertificateRecord::serial).orElse(null);
          ActivationResult r = store.activate(c.serial(), expected, base.plusSeconds(1 + n));
          if (r instanceof ActivationResult.Activated a) {
            activated.add(a.activated().serial());
          } else {
            assertInstanceOf(ActivationResult.Conflict.class, r);
            conflicts.incrementAndGet();
          }
        }
      });
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertEquals(ATTEMPTS, recorded.size());
      assertEquals(ATTEMPTS, store.count());
      List<CertificateRecord> all = store.findByAccount(account);
      assertEquals(ATTEMPTS, all.size());
      Map<BigInteger, CertificateRecord> bySerial = new HashMap<>();
      all.forEach(r -> bySerial.put(r.serial(), r));
      assertEquals(recorded, bySerial.keySet());

      List<CertificateRecord> active =
          all.stream().filter(r -> r.status() == CertificateStatus.ACTIVE).toList();
      assertEquals(1, active.size(), "exactly one active certificate");
      assertEquals(store.findActive(account).orElseThrow(), active.get(0));
      assertTrue(activated.contains(active.get(0).serial()));

      Map<BigInteger, BigInteger> successorOf = new HashMap<>();
      for (CertificateRecord r : all) {
        if (activated.contains(r.serial())) {
          assertTrue(r.status() == CertificateStatus.ACTIVE
              || r.status() == CertificateStatus.SUPERSEDED, r.toString());
        } else {
          assertEquals(CertificateStatus.ISSUED, r.status(), "never activated: " + r);
        }
        if (r.status() == CertificateStatus.SUPERSEDED) {
          successorOf.put(r.serial(), r.supersededBy());
        }
      }
      assertEquals(activated.size() - 1, successorOf.size());
      assertEquals(successorOf.size(), new HashSet<>(successorOf.values()).size(),
          "no certificate superseded two others");
      // walk the chain from its start (activated, superseded, but nobody's successor) to the end
      Set<BigInteger> starts = new HashSet<>(successorOf.keySet());
      starts.removeAll(successorOf.values());
      BigInteger at = activated.size() == 1 ? active.get(0).serial() : starts.iterator().next();
      int length = 1;
      while (successorOf.containsKey(at)) {
        at = successorOf.get(at);
        assertNotNull(at);
        length++;
      }
      assertEquals(active.get(0).serial(), at);
      assertEquals(activated.size(), length, "one chain through every activation");

      System.out.printf("%s: %d attempts by %d threads in %d ms: %d activations, %d conflicts%n",
          getClass().getSimpleName(), ATTEMPTS, THREADS, millis, activated.size(), conflicts.get());
    }
  }
}
