package io.shomei.testing.memory;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A strict in-memory {@link CredentialStore}. Compare-and-set through
 * {@link ConcurrentHashMap#compute}. Beyond the SPI it refuses, with {@link IllegalStateException},
 * a replace whose version is <em>newer</em> than the stored one: such a version cannot have been read
 * from this store, so the caller made it up (a blind write that would hide lost updates elsewhere).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryCredentialStore implements CredentialStore {
  private final ConcurrentHashMap<AccountKey, CredentialRecord> records = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryCredentialStore() {}

  @Override
  public CreateResult create(CredentialRecord initial) {
    if (initial.version() != 0) {
      throw new IllegalArgumentException("a new record has version 0");
    }
    CredentialRecord existing = records.putIfAbsent(initial.account(), initial);
    return existing == null
        ? new CreateResult.Created(initial)
        : new CreateResult.AlreadyExists(existing);
  }

  @Override
  public Optional<CredentialRecord> find(AccountKey account) {
    return Optional.ofNullable(records.get(account));
  }

  @Override
  public List<AccountKey> accountsOf(String userId) {
    List<AccountKey> out = new ArrayList<>();
    for (AccountKey k : records.keySet()) {
      if (k.userId().equals(userId)) {
        out.add(k);
      }
    }
    out.sort(Comparator.comparing(AccountKey::service));
    return List.copyOf(out);
  }

  @Override
  public ReplaceResult replace(CredentialRecord next) {
    ReplaceResult[] result = new ReplaceResult[1];
    records.computeIfPresent(next.account(), (k, stored) -> {
      if (stored.version() == next.version()) {
        CredentialRecord updated = next.withVersion(next.version() + 1);
        result[0] = new ReplaceResult.Replaced(updated);
        return updated;
      }
      if (next.version() > stored.version()) {
        throw new IllegalStateException("replace with version " + next.version()
            + " newer than the stored " + stored.version() + ": the caller invented a version");
      }
      result[0] = new ReplaceResult.Conflict(stored);
      return stored;
    });
    ReplaceResult r = result[0];
    return r == null ? new ReplaceResult.NotFound(next.account()) : r;
  }
}
