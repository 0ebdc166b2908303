package io.shomei.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Named leases shared by every node on one store, so that a scheduled job (publishing a CRL, for
 * instance) runs on one node at a time.
 *
 * <p>A lease is held until its {@code until} instant or until its holder releases it. Instants come
 * from the callers' clocks, so nodes' clocks must agree to well within a lease's length; a node
 * whose work may outlast its lease must renew it (acquire again) or let its writes be guarded by
 * their own compare-and-set (as {@link CrlStore#publish} is).
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>{@link #acquire} is atomic: of concurrent acquisitions of a free or expired lease, exactly
 *       one succeeds; a lease held by another holder and not expired at {@code now} is never taken.
 *   <li>Every method is safe to call from many threads at once.
 * </ul>
 *
 * <p>The contract suite {@code io.shomei.testing.contract.LeaseStoreContract} in
 * {@code shomei-test-fixtures} checks these guarantees.
 *
 * @since 0.2.0
 */
public interface LeaseStore {

  /**
   * Takes a lease, or renews it for its holder.
   *
   * @param name the lease's name, 1..128 printable ASCII characters
   * @param holder who takes it (a node's identifier), 1..128 printable ASCII characters
   * @param now the caller's current instant
   * @param until when the lease ends unless renewed; after {@code now}
   * @return {@code true} if {@code holder} now holds the lease until {@code until}; {@code false}
   *     if another holder holds it at {@code now} (nothing changed)
   * @throws IllegalArgumentException if a name is not storable or {@code until} is not after
   *     {@code now}
   * @throws StorageException on infrastructure failure
   */
  boolean acquire(String name, String holder, Instant now, Instant until);

  /**
   * Gives a lease up, if {@code holder} holds it; otherwise does nothing.
   *
   * @param name the lease's name
   * @param holder who gives it up
   * @throws StorageException on infrastructure failure
   */
  void release(String name, String holder);

  /**
   * The lease as stored (held or expired).
   *
   * @param name the lease's name
   * @return the lease, or empty if never taken or released
   * @throws StorageException on infrastructure failure
   */
  Optional<Lease> find(String name);

  /**
   * A stored lease.
   *
   * @param name its name
   * @param holder who holds it
   * @param until when it ends
   * @since 0.2.0
   */
  record Lease(String name, String holder, Instant until) {
    /** Checks for nulls. */
    public Lease {
      java.util.Objects.requireNonNull(name, "name");
      java.util.Objects.requireNonNull(holder, "holder");
      java.util.Objects.requireNonNull(until, "until");
    }

    /**
     * Whether the lease is held at an instant.
     *
     * @param now the instant
     * @return {@code true} if {@code now} is before {@link #until()}
     */
    public boolean heldAt(Instant now) {
      return now.isBefore(until);
    }
  }

  /**
   * Checks a lease or holder name: 1..128 printable ASCII characters.
   *
   * @param what for the message
   * @param value the name
   * @return the name
   * @throws IllegalArgumentException if not storable
   */
  static String checkName(String what, String value) {
    if (value.isEmpty() || value.length() > 128 || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new IllegalArgumentException(what + " must be 1..128 printable ASCII characters");
    }
    return value;
  }
}
