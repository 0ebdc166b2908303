package io.shomei.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.AccountKey;
import io.shomei.spi.Notice;
import io.shomei.spi.NotificationChannel.Message;
import io.shomei.spi.NotificationChannel.Outcome;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.SmtpSink;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail channel against a real SMTP receiver, Postfix's smtp-sink, on 127.0.0.1. */
class MailChannelTest {
  static final AccountKey ACCOUNT = new AccountKey("20000001", "fx-forward");
  static final Message MESSAGE = new Message("notice.0a1b2c@bank.example", ACCOUNT,
      Notice.Kind.CAMPAIGN, Locale.JAPANESE, "電子証明書の再取得のお願い",
      "2021年2月24日(水) 以降に電子証明書を再取得してください。\n");

  @TempDir Path dir;

  @BeforeEach
  void needsSmtpSink() {
    Components.require(Component.SMTP_SINK);
  }

  static MailChannel channel(int port) {
    return MailChannel.builder().relay("127.0.0.1", port).from("notice@bank.example")
        .addresses(MailBank::addressOf).timeout(Duration.ofSeconds(10)).heloName("node-1.bank.example")
        .build();
  }

  static MimeMessage parse(String dumped) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(dumped.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anAcceptedMessageArrivesOnceWithItsMessageIdInUtf8() throws Exception {
    try (SmtpSink sink = SmtpSink.start(dir)) {
      assertThat(channel(sink.port()).send(MESSAGE)).isEqualTo(new Outcome.Accepted());
      List<String> got = sink.awaitMessages(1, Duration.ofSeconds(10));
      assertThat(got).hasSize(1);
      assertThat(got.get(0)).contains("X-Rcpt-Args: <c20000001@customers.example>")
          .contains("X-Mail-Args: <notice@bank.example>");
      MimeMessage m = parse(got.get(0));
      assertThat(m.getMessageID()).isEqualTo("<notice.0a1b2c@bank.example>");
      assertThat(m.getSubject()).isEqualTo(MESSAGE.subject());
      assertThat(m.getContent().toString().replace("\r\n", "\n")).isEqualTo(MESSAGE.body());
      assertThat(m.getContentLanguage()).containsExactly("ja");
    }
  }

  @Test
  void aRelayThatRefusesTheRecipientOrTheDataIsACertainFailure() {
    try (SmtpSink refusing = SmtpSink.start(dir.resolve("rcpt"), "-f", "rcpt")) {
      Outcome o = channel(refusing.port()).send(MESSAGE);
      assertThat(o).isInstanceOf(Outcome.NotDelivered.class);
      assertThat(((Outcome.NotDelivered) o).reason()).startsWith("the relay refused it with SMTP 5")
          .doesNotContain("customers.example");
      assertThat(refusing.messages()).isEmpty();
    }
    try (SmtpSink later = SmtpSink.start(dir.resolve("data"), "-r", "data")) {
      Outcome o = channel(later.port()).send(MESSAGE);
      assertThat(((Outcome.NotDelivered) o).reason()).startsWith("the relay refused it with SMTP 4");
      assertThat(later.messages()).isEmpty();
    }
  }

  @Test
  void aConnectionDroppedAfterTheDataIsUncertainThoughTheMessageArrived() {
    try (SmtpSink dropping = SmtpSink.start(dir, "-q", ".")) {
      Outcome o = channel(dropping.port()).send(MESSAGE);
      assertThat(o).isInstanceOf(Outcome.Uncertain.class);
      assertThat(dropping.awaitMessages(1, Duration.ofSeconds(10))).hasSize(1);
    }
  }

  @Test
  void noRelayOrNoAddressIsACertainFailure() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(channel(closed).send(MESSAGE)).isInstanceOf(Outcome.NotDelivered.class);
    MailChannel nobody = MailChannel.builder().relay("127.0.0.1", closed)
        .from("notice@bank.example").addresses(a -> Optional.empty()).build();
    assertThat(nobody.send(MESSAGE))
        .isEqualTo(new Outcome.NotDelivered("no valid e-mail address for the account"));
    MailChannel bad = MailChannel.builder().relay("127.0.0.1", closed)
        .from("notice@bank.example").addresses(a -> Optional.of("not an address")).build();
    assertThat(bad.send(MESSAGE)).isInstanceOf(Outcome.NotDelivered.class);
  }

  @Test
  void theBuilderChecksItsPartsAtOnce() {
    assertThatThrownBy(() -> MailChannel.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> MailChannel.builder().from("no at sign"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailChannel.builder().relay("h", 0))
        .isInstanceOf(IllegalArgumentException.class);
    MailChannel.Builder b = MailChannel.builder().relay("127.0.0.1", 25);
    assertThatThrownBy(() -> b.relay("127.0.0.1", 26)).isInstanceOf(IllegalStateException.class);
  }
}
