package io.shomei.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Keeps one {@link CredentialRecord} per account.
 *
 * <p>Callers change a record with {@link #update}: one call per intention ("count a failure",
 * "consume the acquisition password"), with the read-modify-write written once, here, instead of a
 * compare-and-set loop in every use case. {@link #replace} is the primitive {@code update} is built
 * on; an implementation provides it, callers do not need it.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>{@link #replace} is a compare-and-set on the version: of two concurrent replaces derived from
 *       the same version, exactly one succeeds. No update is ever lost.
 *   <li>{@link #update} is atomic: the change is applied to the record as stored at the moment of
 *       the write, never to a stale copy, so of N concurrent updates none is lost. The default
 *       method gives this guarantee to every store whose {@code replace} is a correct
 *       compare-and-set (it retries on conflict); a store may override it to run the
 *       read-modify-write in one transaction or under one lock, and the contract suite checks
 *       either way.
 *   <li>Versions only grow: a created record has version 0; each successful replace or update
 *       stores {@code version + 1}; an update whose change returns its argument stores nothing.
 *   <li>Every method is safe to call from many threads at once.
 *   <li>"Not found" is an empty {@link Optional} or a typed result; infrastructure failures are
 *       {@link StorageException}.
 * </ul>
 *
 * <p>The contract suite {@code io.shomei.testing.contract.CredentialStoreContract} in
 * {@code shomei-test-fixtures} checks these guarantees.
 *
 * @since 0.1.0
 */
public interface CredentialStore {

  /**
   * Creates the record of a new account.
   *
   * @param initial the record; its version must be 0
   * @return {@link CreateResult.Created} or {@link CreateResult.AlreadyExists}
   * @throws IllegalArgumentException if the version is not 0
   * @throws StorageException on infrastructure failure
   */
  CreateResult create(CredentialRecord initial);

  /**
   * The record of an account.
   *
   * @param account the account
   * @return the record, or empty
   */
  Optional<CredentialRecord> find(AccountKey account);

  /**
   * The accounts of a user (one per service), ordered by service.
   *
   * @param userId the user ID
   * @return an immutable list, empty if none
   */
  List<AccountKey> accountsOf(String userId);

  /**
   * Replaces the record of {@code next.account()} if and only if the stored version equals
   * {@code next.version()}. The stored copy then has version {@code next.version() + 1}.
   *
   * @param next the new state, carrying the version it was derived from
   * @return {@link ReplaceResult.Replaced} with the stored copy, {@link ReplaceResult.Conflict} with
   *     the current record, or {@link ReplaceResult.NotFound}
   * @throws StorageException on infrastructure failure
   */
  ReplaceResult replace(CredentialRecord next);

  /** Compare-and-set attempts of the default {@link #update} before it gives up. */
  int MAX_UPDATE_ATTEMPTS = 10_000;

  /**
   * Atomically applies {@code change} to the account's current record and stores the result with
   * version {@code current.version() + 1}.
   *
   * <p>{@code change} receives the stored record and returns the next state derived from it (any
   * version it carries is ignored: the store assigns the next one), or <em>its argument itself</em>
   * (the same instance) to mean "no change", in which case nothing is written. {@code change} may be
   * invoked more than once (once per lost race, each time with the newer record), so it must be a
   * function of its argument free of side effects: compute what to report from the
   * {@link UpdateResult}, not from inside {@code change}. An exception it throws propagates and
   * nothing changes. It must not change the account.
   *
   * <p>The default implementation is a compare-and-set loop over {@link #find} and {@link #replace},
   * giving up after {@value #MAX_UPDATE_ATTEMPTS} lost races with a {@link StorageException}. An
   * implementation may override it (one transaction with a row lock, or one lock in memory) if it
   * keeps every guarantee above.
   *
   * @param account the account
   * @param change the next state from the current one; the argument itself for "no change"
   * @return {@link UpdateResult.Updated} with the record before and after,
   *     {@link UpdateResult.Unchanged} with the current record, or {@link UpdateResult.NotFound}
   * @throws IllegalArgumentException if {@code change} returns a record of another account
   * @throws StorageException on infrastructure failure (then nothing or everything changed), or
   *     when the record kept changing for {@value #MAX_UPDATE_ATTEMPTS} attempts
   * @since 0.2.0
   */
  // change returning its argument (the same instance) is the documented "no change" signal
  @SuppressWarnings("ReferenceEquality")
  default UpdateResult update(AccountKey account, UnaryOperator<CredentialRecord> change) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(change, "change");
    Optional<CredentialRecord> found = find(account);
    if (found.isEmpty()) {
      return new UpdateResult.NotFound(account);
    }
    CredentialRecord current = found.get();
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      CredentialRecord next = nextState(current, change);
      if (next == current) {
        return new UpdateResult.Unchanged(current);
      }
      ReplaceResult r = replace(next.withVersion(current.version()));
      if (r instanceof ReplaceResult.Replaced replaced) {
        return new UpdateResult.Updated(current, replaced.record());
      }
      if (!(r instanceof ReplaceResult.Conflict conflict)) {
        return new UpdateResult.NotFound(account);
      }
      current = conflict.current();
    }
    throw new StorageException("credential record of " + account + " still changing after "
        + MAX_UPDATE_ATTEMPTS + " compare-and-set attempts");
  }

  /**
   * Applies a change as {@link #update} defines it, for implementations that
   * override {@code update}: the argument itself for "no change", else the next state.
   *
   * @param current the stored record
   * @param change the caller's change
   * @return {@code current} itself, or the next state (its version is the caller's to replace)
   * @throws IllegalArgumentException if the change returns a record of another account
   * @since 0.2.0
   */
  // the same instance is the documented "no change" signal; equal copies are a change to store
  @SuppressWarnings("ReferenceEquality")
  static CredentialRecord nextState(CredentialRecord current, UnaryOperator<CredentialRecord> change) {
    CredentialRecord next = Objects.requireNonNull(change.apply(current), "change returned null");
    if (next != current && !next.account().equals(current.account())) {
      throw new IllegalArgumentException("change must not move the record to another account");
    }
    return next;
  }

  /**
   * Outcome of {@link #create}.
   *
   * @since 0.1.0
   */
  sealed interface CreateResult {
    /**
     * Created.
     *
     * @param record the stored record (version 0)
     */
    record Created(CredentialRecord record) implements CreateResult {}

    /**
     * The account already has a record; nothing changed.
     *
     * @param existing the stored record
     */
    record AlreadyExists(CredentialRecord existing) implements CreateResult {}
  }

  /**
   * Outcome of {@link #update}.
   *
   * @since 0.2.0
   */
  sealed interface UpdateResult {
    /**
     * The change was stored.
     *
     * @param before the record the change was applied to
     * @param after the stored record, with version {@code before.version() + 1}
     */
    record Updated(CredentialRecord before, CredentialRecord after) implements UpdateResult {
      /** Checks that both are of one account and the version grew by one. */
      public Updated {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (!before.account().equals(after.account()) || after.version() != before.version() + 1) {
          throw new IllegalArgumentException("after must be before's account at the next version");
        }
      }
    }

    /**
     * The change returned its argument; nothing was written.
     *
     * @param current the stored record
     */
    record Unchanged(CredentialRecord current) implements UpdateResult {
      /** Checks for null. */
      public Unchanged {
        Objects.requireNonNull(current, "current");
      }
    }

    /**
     * The account has no record; {@code change} was not invoked.
     *
     * @param account the account
     */
    record NotFound(AccountKey account) implements UpdateResult {
      /** Checks for null. */
      public NotFound {
        Objects.requireNonNull(account, "account");
      }
    }
  }

  /**
   * Outcome of {@link #replace}.
   *
   * @since 0.1.0
   */
  sealed interface ReplaceResult {
    /**
     * Replaced.
     *
     * @param record the stored record, with the new version
     */
    record Replaced(CredentialRecord record) implements ReplaceResult {}

    /**
     * The stored version differs; nothing changed. Re-derive from {@code current} and retry.
     *
     * @param current the stored record
     */
    record Conflict(CredentialRecord current) implements ReplaceResult {}

    /**
     * The account has no record.
     *
     * @param account the account
     */
    record NotFound(AccountKey account) implements ReplaceResult {}
  }
}
