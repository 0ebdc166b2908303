package io.shomei.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CertificateStore.ActivationResult;
import io.shomei.spi.CertificateStore.RecordResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.StorageException;
import io.shomei.testing.env.PostgresServer;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is killed (immediate shutdown, as a crash) while 16 threads supersede certificates and
 * count credential failures, then restarted. During the outage every call fails with a
 * {@link StorageException} and nothing else; after the restart every acknowledged write is there,
 * the account has exactly one active certificate whose supersede chain is intact, and the counter
 * equals its version (each write was all or nothing).
 */
class PostgresServerKilledTest {
  private static final int THREADS = 16;

  @Test
  void killedServerGivesTypedFailuresAndConsistentDataAfterRestart() throws Exception {
    try (PostgresServer server = PostgresServer.start();
        PgTestDatabase db = PgTestDatabase.create(server, 8)) {
      CertificateStore certificates = db.storage().certificateStore();
      CredentialStore credentials = db.storage().credentialStore();
      AccountKey account = new AccountKey("10000042", "fx-forward");
      credentials.create(CredentialRecord.create(account, null, null));
      Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS);

      Set<BigInteger> recorded = ConcurrentHashMap.newKeySet();
      Set<BigInteger> activated = ConcurrentHashMap.newKeySet();
      AtomicInteger successes = new AtomicInteger();
      AtomicInteger increments = new AtomicInteger();
      AtomicInteger typedFailures = new AtomicInteger();
      AtomicInteger next = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          while (!stop.get()) {
            try {
              int n = next.getAndIncrement();
              CertificateRecord c = LoadTestSupport.certificate(n, account, base.plusNanos(n * 1000L));
              if (store(certificates, c) instanceof RecordResult.Recorded) {
                recorded.add(c.serial());
              }
              BigInteger expected = certificates.findActive(account)
                  .map(CertificateRecord::serial).orElse(null);
              if (certificates.activate(c.serial(), expected, base.plusSeconds(n))
                  instanceof ActivationResult.Activated a) {
                activated.add(a.activated().serial());
              }
              CredentialRecord cur = credentials.find(account).orElseThrow();
              if (credentials.replace(cur.withLoginFailures(cur.loginFailures() + 1, null))
                  instanceof CredentialStore.ReplaceResult.Replaced) {
                increments.incrementAndGet();
              }
              successes.incrementAndGet();
            } catch (StorageException e) {
              typedFailures.incrementAndGet();
              TimeUnit.MILLISECONDS.sleep(20);
            }
          }
          return null;
        }));
      }
      try {
        await(() -> successes.get() >= 100, "100 rounds before the kill");
        server.kill();
        int failuresAtKill = typedFailures.get();
        await(() -> typedFailures.get() >= failuresAtKill + THREADS, "failures during the outage");
        server.restart();
        int afterRestart = successes.get();
        await(() -> successes.get() >= afterRestart + 100, "100 rounds after the restart");
      } finally {
        stop.set(true);
        pool.shutdown();
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS); // anything but a StorageException fails the test here
      }

      List<CertificateRecord> all = certificates.findByAccount(account);
      Map<BigInteger, CertificateRecord> bySerial = new HashMap<>();
      all.forEach(r -> bySerial.put(r.serial(), r));
      assertTrue(bySerial.keySet().containsAll(recorded), "every acknowledged record survived");
      List<CertificateRecord> active =
          all.stream().filter(r -> r.status() == CertificateStatus.ACTIVE).toList();
      assertEquals(1, active.size());
      Set<BigInteger> everActive = new HashSet<>();
      Map<BigInteger, BigInteger> successorOf = new HashMap<>();
      for (CertificateRecord r : all) {
        if (r.status() == CertificateStatus.SUPERSEDED) {
          successorOf.put(r.serial(), r.supersededBy());
          everActive.add(r.serial());
        } else if (r.status() == CertificateStatus.ACTIVE) {
          everActive.add(r.serial());
        }
      }
      assertTrue(everActive.containsAll(activated), "every acknowledged activation survived");
      assertEquals(everActive.size() - 1, successorOf.size());
      assertEquals(successorOf.size(), new HashSet<>(successorOf.values()).size());
      assertTrue(everActive.containsAll(successorOf.values()));

      CredentialRecord end = credentials.find(account).orElseThrow();
      assertEquals(end.version(), end.loginFailures(), "each replace was all or nothing");
      assertTrue(end.loginFailures() >= increments.get(), "no acknowledged increment was lost");
      assertTrue(typedFailures.get() >= THREADS);
      assertInstanceOf(RecordResult.Recorded.class, certificates.record(
          LoadTestSupport.certificate(next.getAndIncrement(), account, base)));
      System.out.printf("PostgresServerKilledTest: %d rounds, %d typed failures, %d certificates,"
          + " %d activations%n", successes.get(), typedFailures.get(), all.size(),
          everActive.size());
    }
  }

  /** A record whose acknowledgement was lost may be in the store: a retry is then a duplicate. */
  private static RecordResult store(CertificateStore store, CertificateRecord c) {
    return store.record(c);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

}
