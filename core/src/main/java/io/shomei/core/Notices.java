package io.shomei.core;

import io.shomei.core.eligibility.AffectedCertificate;
import io.shomei.spi.NotificationChannel;
import java.util.function.Consumer;

/**
 * Customer notices: the scheduled ones and their delivery. Notices of a state change (a certificate
 * issued, superseded, an issuance alert) are written by the engine in the same atomic commit as the
 * change; this interface writes the scheduled ones and hands out the dispatcher.
 *
 * <pre>{@code
 * Notices notices = shomei.notices();
 * notices.scheduleExpiring();                       // daily: 40/30/10 days before the end
 * Campaign.scan(storage.certificateStore(), rules)  // when a campaign is announced
 *     .at(clock.instant()).onAffected(notices.campaign()).run();
 * NoticeDispatcher d = notices.dispatcher(mailChannel).node("node-1").build();
 * d.runOnce();                                      // every minute, on every node
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
