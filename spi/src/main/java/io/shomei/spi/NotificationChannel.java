package io.shomei.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * Delivers rendered customer notices (e-mail, SMS, a bank's message centre). The dispatcher in
 * {@code io.shomei.core} calls it once per claimed notice and records the outcome in the
 * {@link NoticeStore}.
 *
 * <h2>What the outcome means</h2>
 *
 * <ul>
 *   <li>{@link Outcome.Accepted}: the receiving system acknowledged the message (for SMTP: the
 *       reply to the end of the data). The notice is SENT and never sent again.
 *   <li>{@link Outcome.NotDelivered}: the channel knows the message did <em>not</em> reach the
 *       receiver (refused before the data was accepted, no connection). The notice is retried
 *       later.
 *   <li>{@link Outcome.Uncertain}, and any exception thrown: the message may or may not have
 *       arrived (the connection broke after the data was sent). The notice is HELD, never resent
 *       automatically; an operator decides.
 * </ul>
 *
 * <p>{@link Message#messageId()} is the same for every attempt of one notice: a channel that puts
 * it on the message (an e-mail's {@code Message-ID}) lets a receiver recognise a repeat that an
 * operator's requeue caused.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface NotificationChannel {

  /**
   * Sends one message.
   *
   * @param message the rendered notice
   * @return what became of it
   */
  Outcome send(Message message);

  /**
   * A rendered notice.
   *
   * @param messageId stable per notice, globally unique: {@code <local@domain>} without the angle
   *     brackets
   * @param account the customer's account (the channel looks up where to send)
   * @param kind what the notice reports
   * @param language the language it was rendered in
   * @param subject the subject line
   * @param body the plain text
   * @since 0.2.0
   */
  record Message(String messageId, AccountKey account, Notice.Kind kind, Locale language,
      String subject, String body) {
    /** Checks for nulls. */
    public Message {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * What became of a message.
   *
   * @since 0.2.0
   */
  sealed interface Outcome {
    /** The receiver acknowledged it. */
    record Accepted() implements Outcome {}

    /**
     * It certainly did not reach the receiver; try again later.
     *
     * @param reason why (no secret, no address)
     */
    record NotDelivered(String reason) implements Outcome {
      /** Checks for null. */
      public NotDelivered {
        Objects.requireNonNull(reason, "reason");
      }
    }

    /**
     * It may or may not have reached the receiver.
     *
     * @param reason why (no secret, no address)
     */
    record Uncertain(String reason) implements Outcome {
      /** Checks for null. */
      public Uncertain {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }
}
