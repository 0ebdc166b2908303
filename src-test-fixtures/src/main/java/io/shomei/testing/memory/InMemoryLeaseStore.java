package io.shomei.testing.memory;

import io.shomei.spi.LeaseStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A strict in-memory {@link LeaseStore}.
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public final class InMemoryLeaseStore implements LeaseStore {
  private final Map<String, Lease> leases = new HashMap<>();

  /** An empty store. */
  public InMemoryLeaseStore() {}

  @Override
  public synchronized boolean acquire(String name, String holder, Instant now, Instant until) {
    LeaseStore.checkName("name", name);
    LeaseStore.checkName("holder", holder);
    if (!until.isAfter(now)) {
      throw new IllegalArgumentException("until must be after now");
    }
    Lease held = leases.get(name);
    if (held != null && !held.holder().equals(holder) && held.heldAt(now)) {
      return false;
    }
    leases.put(name, new Lease(name, holder, until));
    return true;
  }

  @Override
  public synchronized void release(String name, String holder) {
    Lease held = leases.get(name);
    if (held != null && held.holder().equals(holder)) {
      leases.remove(name);
    }
  }

  @Override
  public synchronized Optional<Lease> find(String name) {
    return Optional.ofNullable(leases.get(name));
  }

  @Override
  public synchronized String toString() {
    return "InMemoryLeaseStore[leases=" + leases.size() + "]";
  }
}
