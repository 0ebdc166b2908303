package io.shomei.notify.mail;

import io.shomei.spi.AccountKey;
import io.shomei.spi.NotificationChannel;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;

/**
 * Customer notices by e-mail: one SMTP transaction per message to the bank's relay, on Jakarta Mail
 * (Eclipse Angus). The message is plain UTF-8 text with the notice's
 * {@link NotificationChannel.Message#messageId()} as its {@code Message-ID}, so a receiver can
 * recognise the repeat an operator's requeue causes.
 *
 * <pre>{@code
 * MailChannel mail = MailChannel.builder()
 *     .relay("mail.bank.example", 25)
 *     .from("notice@bank.example")
 *     .addresses(account -> customers.mailOf(account.userId()))   // the host's directory
 *     .build();
 * NoticeDispatcher d = shomei.notices().dispatcher(mail).node("node-1").build();
 * }</pre>
 *
 * <h2>Outcomes</h2>
 *
 * <ul>
 *   <li>{@code Accepted}: the relay answered the end of the data with a 2xx reply.
 *   <li>{@code NotDelivered} (certain): no address for the account, no connection, or the relay
 *       refused a command with a 4xx/5xx reply (including the end of the data): it did not take
 *       the message.
 *   <li>{@code Uncertain}: anything else, above all a connection that broke or timed out after the
 *       data was sent and before the reply; the relay may have taken the message.
 * </ul>
 *
 * <p>No reason names the address or any part of the message. Thread-safe: each send opens its own
 * connection.
 *
 * @since 0.2.0
 */
public final class MailChannel implements NotificationChannel {
  private final Session session;
  private final URLName relay;
  private final InternetAddress from;
  private final Function<AccountKey, Optional<String>> addresses;
  private final Clock clock;

  private MailChannel(Builder b, String host, int port, InternetAddress from,
      Function<AccountKey, Optional<String>> addresses) {
    Duration timeout = b.timeout != null ? b.timeout : Duration.ofSeconds(30);
    Properties p = new Properties();
    String millis = Long.toString(timeout.toMillis());
    p.setProperty("mail.smtp.connectiontimeout", millis);
    p.setProperty("mail.smtp.timeout", millis);
    p.setProperty("mail.smtp.writetimeout", millis);
    p.setProperty("mail.smtp.quitwait", "false");
    p.setProperty("mail.debug", Boolean.toString(Boolean.getBoolean("shomei.mail.debug")));
    if (b.startTls) {
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", "true");
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    if (b.heloName != null) {
      p.setProperty("mail.smtp.localhost", b.heloName);
    }
    this.session = Session.getInstance(p);
    this.relay = new URLName("smtp", host, port, null, null, null);
    this.from = from;
    this.addresses = addresses;
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
  }

  /**
   * Starts configuring a channel.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Outcome send(Message message) {
    Optional<String> to = addresses.apply(message.account());
    InternetAddress recipient;
    try {
      recipient = new InternetAddress(to.orElseThrow(() -> new AddressException("none")), true);
    } catch (AddressException | java.util.NoSuchElementException e) {
      return new Outcome.NotDelivered("no valid e-mail address for the account");
    }
    MimeMessage mail;
    try {
      mail = mime(message, recipient);
    } catch (MessagingException e) {
      return new Outcome.NotDelivered("the message could not be built: " + e.getClass().getName());
    }
    SMTPTransport transport = new SMTPTransport(session, relay);
    try {
      transport.connect();
    } catch (MessagingException e) {
      return new Outcome.NotDelivered("no connection to the relay: " + e.getClass().getName());
    }
    try {
      transport.sendMessage(mail, mail.getAllRecipients());
      return new Outcome.Accepted();
    } catch (MessagingException e) {
      return classify(e);
    } finally {
      try {
        transport.close();
      } catch (MessagingException e) {
        // the relay answered the data already; a failing QUIT changes nothing
      }
    }
  }

  private MimeMessage mime(Message message, InternetAddress recipient) throws MessagingException {
    String id = "<" + message.messageId() + ">";
    MimeMessage mail = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", id);
      }
    };
    mail.setFrom(from);
    mail.setRecipient(RecipientType.TO, recipient);
    mail.setSubject(message.subject(), StandardCharsets.UTF_8.name());
    mail.setText(message.body(), StandardCharsets.UTF_8.name());
    mail.setHeader("Content-Language", message.language().getLanguage());
    mail.setSentDate(Date.from(clock.instant()));
    mail.saveChanges();
    return mail;
  }

  /** A refusal with an SMTP reply code is certain; a broken or timed-out exchange is not. */
  static Outcome classify(MessagingException e) {
    Integer code = null;
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = next(t)) {
      if (t instanceof IOException) {
        return uncertain(e);
      }
      if (t instanceof SMTPSendFailedException s && code == null) {
        code = s.getReturnCode();
      } else if (t instanceof SMTPAddressFailedException a && code == null) {
        code = a.getReturnCode();
      }
    }
    if (code != null && code >= 400 && code < 600) {
      return new Outcome.NotDelivered("the relay refused it with SMTP " + code);
    }
    return uncertain(e);
  }

  private static @Nullable Throwable next(Throwable t) {
    if (t instanceof MessagingException m && m.getNextException() != null) {
      return m.getNextException();
    }
    return t.getCause();
  }

  private static Outcome uncertain(MessagingException e) {
    return new Outcome.Uncertain("the SMTP exchange broke off without a reply: " + classes(e));
  }

  /** The exception's chain as class names only: messages may quote an address. */
  private static String classes(Throwable e) {
    StringBuilder sb = new StringBuilder();
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = next(t)) {
      sb.append(sb.length() == 0 ? "" : " < ").append(t.getClass().getName());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "MailChannel[" + relay.getHost() + ":" + relay.getPort() + "]";
  }

  /**
   * Builds a {@link MailChannel}. {@link #relay}, {@link #from} and {@link #addresses} are
   * required; each setter may be called once.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private @Nullable String host;
    private int port;
    private @Nullable InternetAddress from;
    private @Nullable Function<AccountKey, Optional<String>> addresses;
    private @Nullable Duration timeout;
    private boolean startTls;
    private boolean startTlsSet;
    private @Nullable String heloName;
    private @Nullable Clock clock;

    private Builder() {}

    private static void once(@Nullable Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " already set");
      }
    }

    /**
     * The SMTP relay that takes the bank's mail (required).
     *
     * @param relayHost its host name or address
     * @param relayPort 1..65535
     * @return this builder
     */
    public Builder relay(String relayHost, int relayPort) {
      once(host, "relay");
      if (relayHost.isBlank() || relayPort < 1 || relayPort > 65535) {
        throw new IllegalArgumentException("relay must be a host and a port 1..65535");
      }
      host = relayHost;
      port = relayPort;
      return this;
    }

    /**
     * The sender address (required).
     *
     * @param address an RFC 5322 address
     * @return this builder
     * @throws IllegalArgumentException if it is not one
     */
    public Builder from(String address) {
      once(from, "from");
      try {
        from = new InternetAddress(address, true);
      } catch (AddressException e) {
        throw new IllegalArgumentException("from is not an e-mail address", e);
      }
      return this;
    }

    /**
     * The host's directory of customers' e-mail addresses (required); empty for an account
     * without one (its notices are retried, then held).
     *
     * @param byAccount the look-up
     * @return this builder
     */
    public Builder addresses(Function<AccountKey, Optional<String>> byAccount) {
      once(addresses, "addresses");
      addresses = Objects.requireNonNull(byAccount, "addresses");
      return this;
    }

    /**
     * Connect, read and write time-out (default 30 seconds).
     *
     * @param limit 1 second .. 10 minutes
     * @return this builder
     */
    public Builder timeout(Duration limit) {
      once(timeout, "timeout");
      if (limit.compareTo(Duration.ofSeconds(1)) < 0 || limit.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("timeout must be 1 s .. 10 min");
      }
      timeout = limit;
      return this;
    }

    /**
     * Requires STARTTLS with a checked server identity (default: plain SMTP, for a relay on the
     * bank's own network).
     *
     * @return this builder
     */
    public Builder requireStartTls() {
      if (startTlsSet) {
        throw new IllegalStateException("requireStartTls already set");
      }
      startTlsSet = true;
      startTls = true;
      return this;
    }

    /**
     * The name this host gives in EHLO (default: Jakarta Mail's choice, the local host name).
     *
     * @param name a host name
     * @return this builder
     */
    public Builder heloName(String name) {
      once(heloName, "heloName");
      heloName = name;
      return this;
    }

    /**
     * The clock of the {@code Date} header (default the system's).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      once(clock, "clock");
      clock = c;
      return this;
    }

    /**
     * Builds the channel.
     *
     * @return the channel
     * @throws IllegalStateException if a required part is missing
     */
    public MailChannel build() {
      if (host == null || from == null || addresses == null) {
        throw new IllegalStateException("MailChannel: relay, from and addresses are required");
      }
      return new MailChannel(this, host, port, from, addresses);
    }
  }
}
