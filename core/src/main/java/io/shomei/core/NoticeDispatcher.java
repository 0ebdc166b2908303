package io.shomei.core;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.spi.AccountKey;
import io.shomei.spi.LeaseStore;
import io.shomei.spi.NoticeStore;
import io.shomei.spi.NoticeStore.StoredNotice;
import io.shomei.spi.NotificationChannel;
import io.shomei.spi.NotificationChannel.Message;
import io.shomei.spi.NotificationChannel.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Delivers the outbox through a {@link NotificationChannel}, on any number of nodes at once: each
 * run claims a batch of due notices in the store (a claim per notice, with an end), renders each in
 * the customer's language with dates in the bank's zone, sends it and records the outcome.
 *
 * <h2>Delivery guarantee</h2>
 *
 * <ul>
 *   <li><b>Exactly once when the channel acknowledges</b>: a notice is claimed by one node only;
 *       once the channel returns {@link Outcome.Accepted} it is SENT and never claimed again.
 *   <li><b>Never resent after an uncertain send</b>: an exception from the channel,
 *       {@link Outcome.Uncertain}, a failure to record the acknowledgement, or a node that dies
 *       between marking it SENDING and recording the outcome leave the notice HELD (the claim
 *       runs out and the next claim on any node turns it HELD). It is listed by {@link NoticeStore#list} for an operator, who
 *       may {@link NoticeStore#requeue requeue} it; the requeued message carries the same
 *       {@link Message#messageId()}, so a receiver that de-duplicates by it shows it once.
 *   <li><b>Nothing lost to a slow or dead node</b>: a claimed notice that was never marked
 *       SENDING certainly was not sent; when its claim runs out it is PENDING again.
 *   <li><b>Retried after a certain failure</b>: {@link Outcome.NotDelivered} puts the notice back
 *       to PENDING, due again after {@link Builder#retryAfter}; after
 *       {@link Builder#maxAttempts} attempts it is HELD instead.
 * </ul>
 *
 * <p>So a customer receives a notice at most once unless an operator decides otherwise, and exactly
 * once whenever the channel's acknowledgement was recorded. Each notice is marked SENDING in the
 * store just before the channel gets it ({@link NoticeStore#markSending}), with a claim of its own
 * of {@link Builder#claimFor}: a notice whose batch claim ran out before its turn (a slow batch)
 * is given back unsent and delivered by the next run on any node, never held. Node clocks must
 * agree to well within the claim's length, which must exceed the time one message takes to
 * send.
 *
 * <p>Thread-safe; a node usually calls {@link #runOnce()} from one scheduled thread.
 *
 * @since 0.2.0
 */
public final class NoticeDispatcher {
  private final NoticeStore outbox;
  private final NotificationChannel channel;
  private final NoticeTemplates templates;
  private final Clock clock;
  private final String node;
  private final Function<AccountKey, Locale> languages;
  private final Duration claimFor;
  private final Duration retryAfter;
  private final int maxAttempts;
  private final int batch;
  private final String messageDomain;

  private NoticeDispatcher(Builder b, String node) {
    this.outbox = b.outbox;
    this.channel = b.channel;
    this.templates = b.templates;
    this.clock = b.clock;
    this.node = node;
    this.languages = b.languages != null ? b.languages : account -> Locale.JAPANESE;
    this.claimFor = b.claimFor != null ? b.claimFor : Duration.ofMinutes(5);
    this.retryAfter = b.retryAfter != null ? b.retryAfter : Duration.ofMinutes(10);
    this.maxAttempts = b.maxAttempts != null ? b.maxAttempts : 10;
    this.batch = b.batch != null ? b.batch : 100;
    this.messageDomain = b.messageDomain != null ? b.messageDomain : "notice.shomei.invalid";
  }

  /**
   * Claims up to one batch of due notices and delivers them.
   *
   * @return what became of them
   * @throws io.shomei.spi.StorageException if the store fails; a notice being sent then is HELD
   *     once its claim runs out, never sent twice, and one not yet marked SENDING is delivered by
   *     a later run
   */
  public DispatchRun runOnce() {
    Instant now = Stamps.now(clock);
    int sent = 0;
    int retried = 0;
    int held = 0;
    for (StoredNotice n : outbox.claim(node, now, now.plus(claimFor), batch)) {
      Message message = message(n);
      Instant start = Stamps.now(clock);
      if (!outbox.markSending(n.key(), node, start, start.plus(claimFor))) {
        // the claim ran out before this notice's turn (or another node has it): not sent, so
        // it goes back to PENDING, here or at the next claim on any node
        outbox.retry(n.key(), node, start, "claim ran out before sending");
        retried++;
        continue;
      }
      Outcome outcome = send(message);
      if (outcome instanceof Outcome.Accepted) {
        if (outbox.markSent(n.key(), node, Stamps.now(clock))) {
          sent++;
        } else {
          held++; // an operator requeued it meanwhile: recorded as not acknowledged
        }
      } else if (outcome instanceof Outcome.NotDelivered nd && n.attempts() < maxAttempts) {
        outbox.retry(n.key(), node, Stamps.now(clock).plus(retryAfter), nd.reason());
        retried++;
      } else {
        outbox.hold(n.key(), node, reason(outcome, n));
        held++;
      }
    }
    return new DispatchRun(sent, retried, held);
  }

  private Outcome send(Message m) {
    try {
      return Objects.requireNonNull(channel.send(m), "the channel returned null");
    } catch (RuntimeException e) {
      // the message may have left: never resent automatically
      return new Outcome.Uncertain("channel failed: " + e.getClass().getName());
    }
  }

  private static String reason(Outcome o, StoredNotice n) {
    if (o instanceof Outcome.Uncertain u) {
      return u.reason();
    }
    if (o instanceof Outcome.NotDelivered nd) {
      return "not delivered after " + n.attempts() + " attempts: " + nd.reason();
    }
    return o.toString();
  }

  /**
   * The message of a notice as this dispatcher sends it (for a preview, or a test).
   *
   * @param n the notice
   * @return the rendered message
   */
  Message message(StoredNotice n) {
    Locale language = NoticeTemplates.languageOf(languages.apply(n.notice().account()));
    NoticeTemplates.Text t = templates.render(n.notice(), language);
    return new Message(messageId(n.key(), messageDomain), n.notice().account(),
        n.notice().kind(), language, t.subject(), t.body());
  }

  /**
   * A notice's message identifier: the SHA-256 of its key (so the key, which names serials and
   * user IDs, is not shown) at the domain.
   */
  static String messageId(String key, String domain) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "notice." + HexFormat.of().formatHex(d, 0, 20) + "@" + domain;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "NoticeDispatcher[node=" + node + ", batch=" + batch + "]";
  }

  /**
   * What one {@link #runOnce()} did.
   *
   * @param sent notices the channel acknowledged
   * @param retried notices given back for a later attempt
   * @param held notices held for an operator (uncertain, or too many attempts)
   * @since 0.2.0
   */
  public record DispatchRun(int sent, int retried, int held) {
    /**
     * How many notices the run claimed.
     *
     * @return the sum
     */
    public int claimed() {
      return sent + retried + held;
    }
  }

  /**
   * Builds a {@link NoticeDispatcher}; from {@link Notices#dispatcher}. Each setter may be called
   * once; {@link #node} is required.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private final NoticeStore outbox;
    private final NotificationChannel channel;
    private final NoticeTemplates templates;
    private final Clock clock;
    private @Nullable String node;
    private @Nullable Function<AccountKey, Locale> languages;
    private @Nullable Duration claimFor;
    private @Nullable Duration retryAfter;
    private @Nullable Integer maxAttempts;
    private @Nullable Integer batch;
    private @Nullable String messageDomain;

    Builder(NoticeStore outbox, NotificationChannel channel, NoticeTemplates templates,
        Clock clock) {
      this.outbox = outbox;
      this.channel = Objects.requireNonNull(channel, "channel");
      this.templates = templates;
      this.clock = clock;
    }

    /**
     * This node's identifier, unique among the nodes (required).
     *
     * @param id 1..128 printable ASCII characters
     * @return this builder
     */
    public Builder node(String id) {
      node = once(node, LeaseStore.checkName("node", id), "node");
      return this;
    }

    /**
     * Each customer's language (Japanese unless it answers English; default Japanese for all).
     *
     * @param byAccount the host's look-up
     * @return this builder
     */
    public Builder languages(Function<AccountKey, Locale> byAccount) {
      languages = once(languages, byAccount, "languages");
      return this;
    }

    /**
     * How long a claim lasts (default 5 minutes), for a batch until each notice's turn and again
   * for each notice from its turn; longer than one message takes to send.
     *
     * @param duration 1 second .. 1 day
     * @return this builder
     */
    public Builder claimFor(Duration duration) {
      claimFor = once(claimFor, between(duration, Duration.ofSeconds(1), Duration.ofDays(1)),
          "claimFor");
      return this;
    }

    /**
     * How long after a certain failure a notice is tried again (default 10 minutes).
     *
     * @param duration 0 .. 7 days
     * @return this builder
     */
    public Builder retryAfter(Duration duration) {
      retryAfter = once(retryAfter, between(duration, Duration.ZERO, Duration.ofDays(7)),
          "retryAfter");
      return this;
    }

    /**
     * Attempts after which a notice the channel keeps refusing is held (default 10).
     *
     * @param attempts 1..1000
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 1000) {
        throw new IllegalArgumentException("maxAttempts must be 1..1000");
      }
      maxAttempts = once(maxAttempts, attempts, "maxAttempts");
      return this;
    }

    /**
     * Notices claimed per run (default 100).
     *
     * @param notices 1..1000
     * @return this builder
     */
    public Builder batch(int notices) {
      if (notices < 1 || notices > 1000) {
        throw new IllegalArgumentException("batch must be 1..1000");
      }
      batch = once(batch, notices, "batch");
      return this;
    }

    /**
     * The domain of the messages' identifiers (default {@code notice.shomei.invalid}); usually
     * the bank's sending domain.
     *
     * @param domain a host name
     * @return this builder
     */
    public Builder messageDomain(String domain) {
      if (!domain.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")
          || domain.length() > 253) {
        throw new IllegalArgumentException("messageDomain must be a host name");
      }
      messageDomain = once(messageDomain, domain, "messageDomain");
      return this;
    }

    private static Duration between(Duration d, Duration min, Duration max) {
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException("duration must be " + min + " .. " + max);
      }
      return d;
    }

    /**
     * Builds the dispatcher.
     *
     * @return the dispatcher
     * @throws IllegalStateException if no node was set
     */
    public NoticeDispatcher build() {
      if (node == null) {
        throw new IllegalStateException("NoticeDispatcher: node is required");
      }
      return new NoticeDispatcher(this, node);
    }
  }
}
