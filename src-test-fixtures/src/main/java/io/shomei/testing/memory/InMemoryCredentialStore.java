package io.shomei.testing.memory;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A strict in-memory {@link CredentialStore}, atomic under one lock (shared with the other stores of
 * an {@link InMemoryStorage}). Beyond the SPI it
 *
 * <ul>
 *   <li>refuses, with {@link IllegalStateException}, a replace whose version is <em>newer</em> than
 *       the stored one: such a version cannot have been read from this store, so the caller made it
 *       up (a blind write that would hide lost updates elsewhere);
 *   <li>invokes the change of every {@link #update} twice and keeps the second result, as a store
 *       that lost one race would: a change with side effects (a counter, a log line, a captured
 *       result) shows up in tests instead of under load in production.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryCredentialStore implements CredentialStore {
  private final Object lock;
  private final Map<AccountKey, CredentialRecord> records = new HashMap<>();

  /** An empty store. */
  public InMemoryCredentialStore() {
    this(new Object());
  }

  InMemoryCredentialStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  @Override
  public CreateResult create(CredentialRecord initial) {
    if (initial.version() != 0) {
      throw new IllegalArgumentException("a new record has version 0");
    }
    synchronized (lock) {
      CredentialRecord existing = records.putIfAbsent(initial.account(), initial);
      return existing == null
          ? new CreateResult.Created(initial)
          : new CreateResult.AlreadyExists(existing);
    }
  }

  @Override
  public Optional<CredentialRecord> find(AccountKey account) {
    synchronized (lock) {
      return Optional.ofNullable(records.get(account));
    }
  }

  @Override
  public List<AccountKey> accountsOf(String userId) {
    List<AccountKey> out = new ArrayList<>();
    synchronized (lock) {
      for (AccountKey k : records.keySet()) {
        if (k.userId().equals(userId)) {
          out.add(k);
        }
      }
    }
    out.sort(Comparator.comparing(AccountKey::service));
    return List.copyOf(out);
  }

  @Override
  public ReplaceResult replace(CredentialRecord next) {
    synchronized (lock) {
      CredentialRecord stored = records.get(next.account());
      if (stored == null) {
        return new ReplaceResult.NotFound(next.account());
      }
      if (stored.version() == next.version()) {
        CredentialRecord updated = next.withVersion(next.version() + 1);
        records.put(next.account(), updated);
        return new ReplaceResult.Replaced(updated);
      }
      if (next.version() > stored.version()) {
        throw new IllegalStateException("replace with version " + next.version()
            + " newer than the stored " + stored.version() + ": the caller invented a version");
      }
      return new ReplaceResult.Conflict(stored);
    }
  }

  /** Under the lock; {@code change} runs twice (see the class comment), the second result counts. */
  @Override
  public UpdateResult update(AccountKey account, UnaryOperator<CredentialRecord> change) {
    return update(account, change, (before, after) -> {});
  }

  /**
   * {@link #update}, calling {@code beforeStoring} with the record before and the record to store
   * after the change, under the lock and before anything is stored: if it throws, nothing changes.
   */
  // the same instance is the documented "no change" signal
  @SuppressWarnings("ReferenceEquality")
  UpdateResult update(AccountKey account, UnaryOperator<CredentialRecord> change,
      BiConsumer<CredentialRecord, CredentialRecord> beforeStoring) {
    Objects.requireNonNull(change, "change");
    synchronized (lock) {
      CredentialRecord current = records.get(account);
      if (current == null) {
        return new UpdateResult.NotFound(account);
      }
      CredentialStore.nextState(current, change); // the lost race: its result is thrown away
      CredentialRecord next = CredentialStore.nextState(current, change);
      if (next == current) {
        return new UpdateResult.Unchanged(current);
      }
      CredentialRecord stored = next.withVersion(current.version() + 1);
      beforeStoring.accept(current, stored);
      records.put(account, stored);
      return new UpdateResult.Updated(current, stored);
    }
  }
}
