package io.shomei.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outbox of customer notices, shared by every node on one store. Notices are written by the
 * engine in the same atomic unit as the change they report ({@link AcquisitionCommit#notices()}) or
 * by {@link #enqueue}; a dispatcher on any node {@link #claim claims} them, sends them and reports
 * the outcome.
 *
 * <h2>States</h2>
 *
 * <pre>
 *  PENDING --claim--&gt; CLAIMED --markSending--&gt; SENDING --markSent--&gt; SENT
 *  CLAIMED --claim expired--&gt; PENDING          (nothing was handed to the channel)
 *  SENDING --claim expired, or hold--&gt; HELD    (it may have reached the customer)
 *  CLAIMED or SENDING --retry--&gt; PENDING       (certainly not delivered)
 *  HELD --requeue (an operator's decision)--&gt; PENDING
 * </pre>
 *
 * <p>A dispatcher claims a batch, then marks each notice SENDING just before it hands that notice
 * to the channel. A claim that runs out before its notice was marked SENDING (a slow batch, a
 * node that died before its turn) certainly sent nothing: the next claim on any node gives it back
 * to PENDING and it is delivered later. A SENDING notice whose claim ran out without an outcome
 * may or may not have reached the customer: it is never given to another claimer but becomes
 * HELD, for an operator to look at. So a notice is sent at most once unless an operator requeues
 * it, exactly once when the channel acknowledged it, and a slow node loses no notice.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>At most one notice per key, under any concurrency and across nodes; {@link #enqueue} of a
 *       present key changes nothing.
 *   <li>{@link #claim} is atomic per notice: of concurrent claimers, each PENDING notice goes to
 *       exactly one, and a CLAIMED notice is never claimed again.
 *   <li>{@link #markSending} succeeds only for the claim's holder, only from CLAIMED and only
 *       while the claim lasts; it is atomic with the claim's expiry: a notice is either marked
 *       SENDING or given back to PENDING, never both.
 *   <li>An outcome ({@link #markSent}, {@link #retry}, {@link #hold}) is written only for the
 *       claim's holder: {@code markSent} only from SENDING (or from a HELD notice that holder's
 *       claim expired into: the acknowledgement is the better knowledge), {@code retry} and
 *       {@code hold} from CLAIMED or SENDING.
 *   <li>Every method is safe to call from many threads at once.
 * </ul>
 *
 * <p>The contract suite {@code io.shomei.testing.contract.NoticeStoreContract} in
 * {@code shomei-test-fixtures} checks these guarantees.
 *
 * @since 0.2.0
 */
public interface NoticeStore {

  /**
   * Writes a notice unless one with its key exists.
   *
   * @param notice the notice, PENDING from now on
   * @return {@code true} if written; {@code false} if its key was present (nothing changed)
   * @throws StorageException on infrastructure failure
   */
  boolean enqueue(Notice notice);

  /**
   * Claims up to {@code max} PENDING notices that are due at {@code now}, oldest first, for
   * {@code holder} until {@code until}. First every CLAIMED notice whose claim ended at or before
   * {@code now} becomes PENDING again (it was never handed to the channel), and every SENDING
   * notice whose claim ended at or before {@code now} becomes HELD (it may have been sent).
   *
   * @param holder who claims (a node's identifier), 1..128 printable ASCII characters
   * @param now the caller's instant
   * @param until when the claim ends; after {@code now}
   * @param max 1..1000
   * @return the claimed notices, CLAIMED by {@code holder}, each with its attempts counted
   * @throws IllegalArgumentException on a bad holder, {@code until} or {@code max}
   * @throws StorageException on infrastructure failure
   */
  List<StoredNotice> claim(String holder, Instant now, Instant until, int max);

  /**
   * Marks a claimed notice SENDING, just before the caller hands it to the channel, if
   * {@code holder} still holds its claim at {@code at}; the claim then lasts until {@code until}.
   * A caller that gets {@code false} must not send the notice: its claim ran out (the next claim
   * on any node gives it back to PENDING) or another node has it.
   *
   * @param key the notice's key
   * @param holder the claim's holder
   * @param at the caller's instant; the claim must end after it
   * @param until when the sending claim ends; after {@code at}
   * @return {@code true} if it is SENDING now; {@code false} if {@code holder} held no live claim
   *     on a CLAIMED notice of that key
   * @throws IllegalArgumentException if {@code until} is not after {@code at}
   * @throws StorageException on infrastructure failure
   * @since 0.2.0
   */
  boolean markSending(String key, String holder, Instant at, Instant until);

  /**
   * Records that the channel acknowledged the notice.
   *
   * @param key the notice's key
   * @param holder the claim's holder
   * @param at when
   * @return {@code true} if it is now SENT; {@code false} if {@code holder} held no SENDING (or
   *     HELD) notice of that key
   * @throws StorageException on infrastructure failure
   */
  boolean markSent(String key, String holder, Instant at);

  /**
   * Gives a claimed or sending notice back to PENDING, due again at {@code dueAt}: it was not
   * handed to the channel, or the channel said for sure that it did not deliver it.
   *
   * @param key the notice's key
   * @param holder the claim's holder
   * @param dueAt when it may be claimed again
   * @param reason why (no secret), for the operator
   * @return {@code true} if it is PENDING again; {@code false} if {@code holder} held no claim
   * @throws StorageException on infrastructure failure
   */
  boolean retry(String key, String holder, Instant dueAt, String reason);

  /**
   * Holds a claimed or sending notice: whether it reached the customer is unknown, so it is not
   * sent again unless an operator {@link #requeue requeues} it.
   *
   * @param key the notice's key
   * @param holder the claim's holder
   * @param reason why (no secret), for the operator
   * @return {@code true} if it is HELD; {@code false} if {@code holder} held no claim
   * @throws StorageException on infrastructure failure
   */
  boolean hold(String key, String holder, String reason);

  /**
   * An operator's decision that a HELD notice did not reach the customer: PENDING again, due at
   * {@code dueAt}.
   *
   * @param key the notice's key
   * @param dueAt when it may be claimed again
   * @return {@code true} if it was HELD and is PENDING now
   * @throws StorageException on infrastructure failure
   */
  boolean requeue(String key, Instant dueAt);

  /**
   * A notice with its delivery state.
   *
   * @param key the key
   * @return the stored notice, or empty
   * @throws StorageException on infrastructure failure
   */
  Optional<StoredNotice> find(String key);

  /**
   * Notices in one state, oldest first.
   *
   * @param status the state
   * @param max 1..10000
   * @return an immutable list of at most {@code max}
   * @throws StorageException on infrastructure failure
   */
  List<StoredNotice> list(Status status, int max);

  /**
   * Checks the arguments of {@link #claim}.
   *
   * @param holder the holder
   * @param now the instant
   * @param until the claim's end
   * @param max how many
   * @throws IllegalArgumentException if one is bad
   */
  static void checkClaim(String holder, Instant now, Instant until, int max) {
    LeaseStore.checkName("holder", holder);
    checkUntil(now, until);
    if (max < 1 || max > 1000) {
      throw new IllegalArgumentException("max must be 1..1000");
    }
  }

  /**
   * Checks that a claim ends after its start.
   *
   * @param at the start
   * @param until the end
   * @throws IllegalArgumentException if {@code until} is not after {@code at}
   * @since 0.2.0
   */
  static void checkUntil(Instant at, Instant until) {
    if (!until.isAfter(at)) {
      throw new IllegalArgumentException("until must be after now");
    }
  }

  /**
   * A notice's delivery state.
   *
   * @since 0.2.0
   */
  enum Status {
    /** Waiting to be claimed once due. */
    PENDING,
    /** Claimed by a dispatcher until its claim ends; not handed to the channel yet. */
    CLAIMED,
    /**
     * Being handed to the channel by its claim's holder; HELD if the claim ends without an outcome.
     *
     * @since 0.2.0
     */
    SENDING,
    /** The channel acknowledged it. */
    SENT,
    /** Delivery is uncertain; waits for an operator. */
    HELD
  }

  /**
   * A notice with its delivery state.
   *
   * @param notice the notice
   * @param status its state
   * @param dueAt when a PENDING notice may be claimed
   * @param attempts how often it was claimed
   * @param holder the last claimer, or {@code null} if never claimed
   * @param claimedUntil the end of the last claim, or {@code null}
   * @param sentAt when it was acknowledged, or {@code null}
   * @param lastError why it was retried or held (no secret), or {@code null}
   * @since 0.2.0
   */
  record StoredNotice(Notice notice, Status status, Instant dueAt, int attempts,
      @Nullable String holder, @Nullable Instant claimedUntil, @Nullable Instant sentAt,
      @Nullable String lastError) {
    /** Checks for nulls. */
    public StoredNotice {
      Objects.requireNonNull(notice, "notice");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(dueAt, "dueAt");
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must not be negative");
      }
      if (lastError != null) {
        StorableText.check("lastError", lastError);
      }
    }

    /**
     * The notice's key.
     *
     * @return the key
     */
    public String key() {
      return notice.key();
    }
  }
}
