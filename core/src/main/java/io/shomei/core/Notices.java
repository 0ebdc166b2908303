package io.shomei.core;

import io.shomei.core.eligibility.AffectedCertificate;
import io.shomei.spi.NoticeStore.StoredNotice;
import io.shomei.spi.NotificationChannel;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Customer notices: the scheduled ones, their delivery, and the operator's release of held ones.
 * Notices of a state change (a certificate issued, superseded, downloaded, first used, revoked, an
 * issuance alert, a locked login) are written by the engine in the same atomic unit as the change;
 * this interface writes the scheduled ones and hands out the dispatcher.
 *
 * <pre>{@code
 * Notices notices = shomei.notices();
 * notices.scheduleExpiring();                       // daily: 40/30/10 days before the end
 * Campaign.scan(storage.certificateStore(), rules)  // when a campaign is announced
 *     .at(clock.instant()).onAffected(notices.campaign()).run();
 * NoticeDispatcher d = notices.dispatcher(mailChannel).node("node-1").build();
 * d.runOnce();                                      // every minute, on every node
 * notices.held(100);                                // what waits for an operator
 * notices.requeue(key, "branch-001/sato");          // after checking it did not arrive
 * }</pre>
 *
 * <p>Every notice has an idempotency key derived from what it reports, so running a schedule or a
 * campaign again writes nothing twice, on one node or many.
 *
 * @since 0.2.0
 */
public interface Notices {

  /**
   * Writes an EXPIRING notice for every active certificate that ends within one of the configured
   * numbers of days ({@link NoticeSettings#expiringDays()}), at the smallest such number: a
   * certificate ending in 25 days gets its 30-day notice, and its 10-day one from 10 days before.
   * Scans the certificates in constant memory.
   *
   * @return how many notices were written and how many were there already
   * @throws io.shomei.spi.StorageException on infrastructure failure (run it again: what was
   *     written stays, and is not written twice)
   */
  ScheduleRun scheduleExpiring();

  /**
   * A consumer for {@link io.shomei.core.eligibility.Campaign.Builder#onAffected}: writes one
   * CAMPAIGN notice per campaign and account whose certificate is affected and still pending
   * (nothing for an account that already re-acquired).
   *
   * @return a new consumer with its own counts
   */
  CampaignNotices campaign();

  /**
   * Starts configuring a dispatcher that delivers the outbox through a channel.
   *
   * @param channel the channel
   * @return a builder
   */
  NoticeDispatcher.Builder dispatcher(NotificationChannel channel);

  /**
   * The notices held for an operator, oldest first: whether they reached the customer is unknown
   * (the channel failed, or a node stopped while sending), or the channel refused them too often.
   *
   * @param max 1..10000
   * @return at most {@code max} HELD notices
   * @throws IllegalArgumentException if {@code max} is out of range
   * @throws io.shomei.spi.StorageException on infrastructure failure
   * @since 0.2.0
   */
  List<StoredNotice> held(int max);

  /**
   * An operator's release of a HELD notice, after checking that it did not reach the customer
   * (for example in the mail server's log): it is PENDING again, due at once, and the next
   * delivery carries the same message identifier as the first attempt, so a receiver that
   * de-duplicates by it shows it once. A release is audited ({@code NOTICE_REQUEUED}, by the
   * operator, with the notice's key and kind); a refused one changes and audits nothing.
   *
   * @param key the notice's key ({@link StoredNotice#key()})
   * @param operatorId the operator's identity, as for {@link Shomei#operator}
   * @return {@link RequeueResult.Requeued}, or why not
   * @throws IllegalArgumentException if {@code operatorId} is not a valid identity
   * @throws io.shomei.spi.StorageException on infrastructure failure
   * @since 0.2.0
   */
  RequeueResult requeue(String key, String operatorId);

  /**
   * The outcome of {@link Notices#requeue}.
   *
   * @since 0.2.0
   */
  sealed interface RequeueResult {
    /**
     * The notice is PENDING again.
     *
     * @param notice the notice as it is now
     */
    record Requeued(StoredNotice notice) implements RequeueResult {
      /** Checks for null. */
      public Requeued {
        Objects.requireNonNull(notice, "notice");
      }
    }

    /**
     * The notice is not HELD (sent, pending, being sent, or released by someone else); nothing
     * changed.
     *
     * @param notice the notice as it is now
     */
    record NotHeld(StoredNotice notice) implements RequeueResult {
      /** Checks for null. */
      public NotHeld {
        Objects.requireNonNull(notice, "notice");
      }
    }

    /**
     * No notice has that key.
     *
     * @param key the key asked for
     */
    record NotFound(String key) implements RequeueResult {
      /** Checks for null. */
      public NotFound {
        Objects.requireNonNull(key, "key");
      }
    }
  }

  /**
   * What a scheduled run wrote.
   *
   * @param written notices written now
   * @param present notices whose key was already in the outbox
   * @since 0.2.0
   */
  record ScheduleRun(int written, int present) {}

  /**
   * Writes campaign notices for affected certificates; see {@link Notices#campaign()}.
   *
   * @since 0.2.0
   */
  interface CampaignNotices extends Consumer<AffectedCertificate> {
    /**
     * The counts so far.
     *
     * @return notices written and notices already present
     */
    ScheduleRun counts();
  }
}
