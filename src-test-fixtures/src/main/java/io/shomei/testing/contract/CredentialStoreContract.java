package io.shomei.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CredentialStore.CreateResult;
import io.shomei.spi.CredentialStore.ReplaceResult;
import io.shomei.spi.CredentialStore.UpdateResult;
import io.shomei.spi.LoginPassword;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Contract suite for {@link CredentialStore}. An implementation's test class implements this
 * interface and {@link #newStore()}; every default method is a test it inherits.
 *
 * @since 0.1.0
 */
public interface CredentialStoreContract {

  /**
   * A new, empty store. Called once per test.
   *
   * @return the store under test
   */
  CredentialStore newStore();

  /**
   * A typical new account record: a temporary login password and an acquisition password.
   *
   * @param account the account
   * @return the record, version 0
   */
  default CredentialRecord newRecord(AccountKey account) {
    Instant t = ContractSupport.now();
    return CredentialRecord.create(account,
        new LoginPassword("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", true, t,
            t.plusSeconds(86_400 * 14)),
        new AcquisitionPassword("$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA", t, null));
  }

  @Test
  default void createsAndFinds() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000001", "fx-forward");
    CredentialRecord r = newRecord(acct);
    assertEquals(new CreateResult.Created(r), store.create(r));
    assertEquals(Optional.of(r), store.find(acct));
    assertEquals(Optional.empty(), store.find(new AccountKey("10000001", "fx-other")));
  }

  @Test
  default void secondCreateIsTypedAndChangesNothing() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000002", "fx-forward");
    CredentialRecord r = newRecord(acct);
    store.create(r);
    CredentialRecord other = r.withLoginFailures(3, null);
    assertEquals(new CreateResult.AlreadyExists(r), store.create(other));
    assertEquals(Optional.of(r), store.find(acct));
  }

  @Test
  default void createRequiresVersionZero() {
    CredentialStore store = newStore();
    CredentialRecord r = newRecord(new AccountKey("10000003", "fx-forward")).withVersion(4);
    assertThrows(IllegalArgumentException.class, () -> store.create(r));
  }

  @Test
  default void replaceIsCompareAndSetOnVersion() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000004", "fx-forward");
    CredentialRecord v0 = newRecord(acct);
    store.create(v0);
    var ok = assertInstanceOf(ReplaceResult.Replaced.class,
        store.replace(v0.withLoginFailures(1, null)));
    assertEquals(1, ok.record().version());
    assertEquals(1, ok.record().loginFailures());
    assertEquals(Optional.of(ok.record()), store.find(acct));

    var stale = assertInstanceOf(ReplaceResult.Conflict.class,
        store.replace(v0.withLoginFailures(7, null)));
    assertEquals(ok.record(), stale.current());
    assertEquals(Optional.of(ok.record()), store.find(acct));
  }

  @Test
  default void replaceOfUnknownAccountIsNotFound() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000005", "fx-forward");
    assertEquals(new ReplaceResult.NotFound(acct), store.replace(newRecord(acct)));
  }

  @Test
  default void roundTripsEveryField() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000006", "fx-other");
    CredentialRecord v0 = CredentialRecord.create(acct, null, null);
    store.create(v0);
    assertEquals(Optional.of(v0), store.find(acct));
    Instant t = ContractSupport.now();
    CredentialRecord full = new CredentialRecord(acct,
        new LoginPassword("$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3aGFzaA", false, t, null),
        List.of("$argon2id$v=19$m=19456,t=2,p=1$b2xk$MQ", "$argon2id$v=19$m=19456,t=2,p=1$b2xk$Mg"),
        4, t.plusSeconds(1),
        new AcquisitionPassword("$argon2id$v=19$m=19456,t=2,p=1$YWNx$YWNx", t.minusSeconds(100),
            t.plusSeconds(2)),
        5, t.plusSeconds(3), t.plusSeconds(4), 0);
    var r = assertInstanceOf(ReplaceResult.Replaced.class, store.replace(full));
    assertEquals(full.withVersion(1), r.record());
    assertEquals(Optional.of(full.withVersion(1)), store.find(acct));
  }

  @Test
  default void accountsOfListsEveryServiceOfAUser() {
    CredentialStore store = newStore();
    store.create(newRecord(new AccountKey("10000007", "fx-other")));
    store.create(newRecord(new AccountKey("10000007", "fx-forward")));
    store.create(newRecord(new AccountKey("10000008", "fx-forward")));
    assertEquals(List.of(new AccountKey("10000007", "fx-forward"),
        new AccountKey("10000007", "fx-other")), store.accountsOf("10000007"));
    assertEquals(List.of(), store.accountsOf("1000000"));
  }

  /**
   * 64 threads each count 50 failures with a compare-and-set retry loop: none is lost, and the version
   * grows by exactly one per successful replace.
   */
  @Test
  default void concurrentIncrementsAreNeverLost() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000009", "fx-forward");
    store.create(newRecord(acct));
    int threads = 64;
    int perThread = 50;
    AtomicInteger conflicts = new AtomicInteger();
    Concurrently.run(threads, Duration.ofMinutes(2), i -> {
      for (int n = 0; n < perThread; n++) {
        while (true) {
          CredentialRecord cur = store.find(acct).orElseThrow();
          ReplaceResult r = store.replace(cur.withLoginFailures(cur.loginFailures() + 1, null));
          if (r instanceof ReplaceResult.Replaced) {
            break;
          }
          assertInstanceOf(ReplaceResult.Conflict.class, r);
          conflicts.incrementAndGet();
        }
      }
    });
    CredentialRecord end = store.find(acct).orElseThrow();
    assertEquals(threads * perThread, end.loginFailures());
    assertEquals((long) threads * perThread, end.version());
    System.out.println("concurrentIncrementsAreNeverLost: " + threads * perThread + " increments, "
        + conflicts.get() + " conflicts retried");
  }

  @Test
  default void updateAppliesTheChangeAndStoresTheNextVersion() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000010", "fx-forward");
    CredentialRecord v0 = newRecord(acct);
    store.create(v0);
    var u = assertInstanceOf(UpdateResult.Updated.class,
        store.update(acct, r -> r.withLoginFailures(r.loginFailures() + 2, null)));
    assertEquals(v0, u.before());
    assertEquals(v0.withLoginFailures(2, null).withVersion(1), u.after());
    assertEquals(Optional.of(u.after()), store.find(acct));
  }

  @Test
  default void updateIgnoresTheVersionTheChangeCarries() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000011", "fx-forward");
    store.create(newRecord(acct));
    store.update(acct, r -> r.withLoginFailures(1, null));
    var u = assertInstanceOf(UpdateResult.Updated.class,
        store.update(acct, r -> r.withLoginFailures(2, null).withVersion(0)));
    assertEquals(2, u.after().version());
    assertEquals(Optional.of(u.after()), store.find(acct));
  }

  @Test
  default void updateReturningItsArgumentWritesNothing() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000012", "fx-forward");
    CredentialRecord v0 = newRecord(acct);
    store.create(v0);
    var u = assertInstanceOf(UpdateResult.Unchanged.class, store.update(acct, r -> r));
    assertEquals(v0, u.current());
    assertEquals(0, store.find(acct).orElseThrow().version());
    // an equal copy is a change: the caller decided to write, and the version grows
    var copy = assertInstanceOf(UpdateResult.Updated.class,
        store.update(acct, r -> r.withVersion(r.version())));
    assertEquals(1, copy.after().version());
  }

  @Test
  default void anExceptionFromTheChangeChangesNothing() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000013", "fx-forward");
    CredentialRecord v0 = newRecord(acct);
    store.create(v0);
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> store.update(acct, r -> {
          throw new IllegalStateException("refused by the caller");
        }));
    assertEquals("refused by the caller", thrown.getMessage());
    assertEquals(Optional.of(v0), store.find(acct));
  }

  @Test
  default void updateOfUnknownAccountIsNotFoundAndDoesNotCallTheChange() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000014", "fx-forward");
    AtomicInteger calls = new AtomicInteger();
    assertEquals(new UpdateResult.NotFound(acct), store.update(acct, r -> {
      calls.incrementAndGet();
      return r;
    }));
    assertEquals(0, calls.get());
    assertEquals(Optional.empty(), store.find(acct));
  }

  @Test
  default void updateCannotMoveARecordToAnotherAccount() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000015", "fx-forward");
    CredentialRecord v0 = newRecord(acct);
    store.create(v0);
    CredentialRecord other = newRecord(new AccountKey("10000015", "fx-other"));
    assertThrows(IllegalArgumentException.class, () -> store.update(acct, r -> other));
    assertEquals(Optional.of(v0), store.find(acct));
  }

  /** What the change saw is the record {@code before}: the change ran on the stored state. */
  @Test
  default void updateReportsTheRecordTheChangeWasAppliedTo() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000016", "fx-forward");
    store.create(newRecord(acct));
    store.update(acct, r -> r.withLoginFailures(3, null));
    AtomicReference<CredentialRecord> seen = new AtomicReference<>();
    var u = assertInstanceOf(UpdateResult.Updated.class, store.update(acct, r -> {
      seen.set(r);
      return r.withLoginFailures(r.loginFailures() + 1, null);
    }));
    assertEquals(seen.get(), u.before());
    assertEquals(3, u.before().loginFailures());
    assertEquals(4, u.after().loginFailures());
  }

  /**
   * 64 threads each count 50 failures through {@code update}: none is lost, and the version grows by
   * exactly one per increment. Updates that return their argument on the way store nothing.
   */
  @Test
  default void concurrentUpdatesAreNeverLost() {
    CredentialStore store = newStore();
    AccountKey acct = new AccountKey("10000017", "fx-forward");
    store.create(newRecord(acct));
    int threads = 64;
    int perThread = 50;
    AtomicInteger applied = new AtomicInteger();
    Concurrently.run(threads, Duration.ofMinutes(2), i -> {
      for (int n = 0; n < perThread; n++) {
        assertInstanceOf(UpdateResult.Updated.class,
            store.update(acct, r -> r.withLoginFailures(r.loginFailures() + 1, null)));
        applied.incrementAndGet();
        assertInstanceOf(UpdateResult.Unchanged.class, store.update(acct, r -> r));
      }
    });
    CredentialRecord end = store.find(acct).orElseThrow();
    assertEquals(threads * perThread, applied.get());
    assertEquals(threads * perThread, end.loginFailures());
    assertEquals((long) threads * perThread, end.version());
  }
}
