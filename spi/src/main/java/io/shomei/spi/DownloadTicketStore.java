package io.shomei.spi;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps {@link DownloadTicket}s.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>{@link #take} is atomic: of concurrent takes, at most {@code downloadsLeft} succeed, and none
 *       succeeds at or after {@code expiresAt}.
 *   <li>A ticket names its certificate by issuer and serial ({@link DownloadTicket#issuer()},
 *       {@link DownloadTicket#serial()}): two issuers may have used one serial, and a ticket of
 *       one is never found or deleted for the other.
 *   <li>A ticket whose allowance reaches zero is deleted, as are tickets removed by
 *       {@link #deleteForCertificate} and {@link #deleteExpired}; deleted means the bytes are gone.
 *   <li>Every method is safe to call from many threads at once.
 * </ul>
 *
 * @since 0.1.0
 */
public interface DownloadTicketStore {

  /**
   * Stores a new ticket.
   *
   * @param ticket the ticket
   * @return {@code true} if stored, {@code false} if a ticket with that id exists (nothing changed)
   * @throws StorageException on infrastructure failure
   */
  boolean put(DownloadTicket ticket);

  /**
   * Reads a ticket without using it.
   *
   * @param id the ticket id
   * @return the ticket, or empty
   */
  Optional<DownloadTicket> find(String id);

  /**
   * The live tickets of an account, newest first.
   *
   * @param account the account
   * @return an immutable list
   */
  List<DownloadTicket> findByAccount(AccountKey account);

  /**
   * Uses one download of a ticket, atomically.
   *
   * @param id the ticket id
   * @param now the instant of the download
   * @return {@link TakeResult.Taken} with the ticket as it was before this download and the
   *     allowance left after it, or why not
   * @throws StorageException on infrastructure failure
   */
  TakeResult take(String id, Instant now);

  /**
   * Deletes every ticket for a certificate (for example after its first successful login), and
   * no ticket of another issuer's certificate with the same serial.
   *
   * @param issuer the certificate's issuer
   * @param serial the certificate's serial
   * @return how many tickets were deleted
   * @since 0.2.0
   */
  int deleteForCertificate(IssuerName issuer, BigInteger serial);

  /**
   * Deletes every ticket with {@code expiresAt <= now}.
   *
   * @param now the instant
   * @return how many tickets were deleted
   */
  int deleteExpired(Instant now);

  /**
   * Outcome of {@link #take}.
   *
   * @since 0.1.0
   */
  sealed interface TakeResult {
    /**
     * One download was granted.
     *
     * @param ticket the ticket with the allowance left after this download
     */
    record Taken(DownloadTicket ticket) implements TakeResult {}

    /** No ticket with that id (never existed, used up, or deleted). */
    record NotFound() implements TakeResult {}

    /**
     * The ticket exists but has expired; it is deleted now.
     *
     * @param expiredAt when it expired
     */
    record Expired(Instant expiredAt) implements TakeResult {}
  }
}
