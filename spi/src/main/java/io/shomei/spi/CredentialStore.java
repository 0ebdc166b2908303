package io.shomei.spi;

import java.util.List;
import java.util.Optional;

/**
 * Keeps one {@link CredentialRecord} per account.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>{@link #replace} is a compare-and-set on the version: of two concurrent replaces derived from
 *       the same version, exactly one succeeds. No update is ever lost.
 *   <li>Versions only grow: a created record has version 0; each successful replace stores
 *       {@code version + 1}.
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
