package io.shomei.core;

import static io.shomei.core.NoticeScenarioTest.jst;
import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.TestCa;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.Notice;
import io.shomei.spi.NoticeStore;
import io.shomei.spi.NoticeStore.Status;
import io.shomei.spi.NoticeStore.StoredNotice;
import io.shomei.spi.NotificationChannel;
import io.shomei.spi.NotificationChannel.Message;
import io.shomei.spi.NotificationChannel.Outcome;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Customer notices (issue 22 item 4): written with the state change, scheduled idempotently, and
 * delivered once across nodes through a channel, never twice after an uncertain send.
 */
class CustomerNoticesTest {
  static final RuleSet NOTICE = RuleSet.load(ShomeiBank.NOTICE_FILE);

  /** A channel that records what reached the receiver, and can fail before or after it. */
  static final class Receiver implements NotificationChannel {
    final List<Message> received = Collections.synchronizedList(new ArrayList<>());
    Function<Message, Outcome> before = m -> new Outcome.Accepted();
    boolean dieAfterDelivery;
    boolean loseAcknowledgement;

    @Override
    public Outcome send(Message m) {
      Outcome o = before.apply(m);
      if (!(o instanceof Outcome.Accepted)) {
        return o;
      }
      received.add(m);
      if (dieAfterDelivery) {
        throw new NodeDied(); // the JVM stops between the receiver's reply and the outbox update
      }
      if (loseAcknowledgement) {
        throw new IllegalStateException("connection reset after the data was sent");
      }
      return o;
    }
  }

  /** Stands for a node's death: not an exception the dispatcher handles. */
  static final class NodeDied extends Error {
    private static final long serialVersionUID = 1L;
  }

  private static ShomeiBank bank(Instant start) {
    return new ShomeiBank(start, b -> b.notices(NoticeSettings.bankDefault())
        .threeSecretFallback(FX, ThreeSecretFallback.ALLOW_WITH_ALERT));
  }

  /** The pending notices an acquisition commits (the download and the login write others). */
  private static List<String> issuance(NoticeStore store) {
    return store.list(Status.PENDING, 10_000).stream()
        .filter(n -> n.notice().kind() == Notice.Kind.ISSUED
            || n.notice().kind() == Notice.Kind.SUPERSEDED
            || n.notice().kind() == Notice.Kind.ISSUANCE_ALERT)
        .map(StoredNotice::key).sorted().toList();
  }

  /** A certificate as notice keys name it: serial and issuer. */
  private static String key(X509Certificate c) throws Exception {
    return NoticeKeys.certificate(IssuerName.issuerOf(c.getEncoded()), c.getSerialNumber());
  }

  private static List<String> keys(NoticeStore store, Status status) {
    return store.list(status, 10_000).stream().map(StoredNotice::key).sorted().toList();
  }

  @Test
  void anAcquisitionCommitsItsIssuedSupersededAndAlertNoticesWithTheCertificate() throws Exception {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    try (LetterFields letter = bank.enroll("10000001", FX)) {
      X509Certificate old = ThreeSecretFallbackTest.inUse(bank, letter);
      String oldHex = key(old);
      assertThat(issuance(bank.memory.noticeStore())).containsExactly("issued:" + oldHex);
      bank.clock.set(ThreeSecretFallbackTest.CHANGE);
      AcquisitionResult.Acquired a = acquired(bank.acquire("10000001", FX,
          ThreeSecretFallbackTest.OWN, letter.acquisitionPassword()));
      String newHex = key(a.certificate());
      assertThat(issuance(bank.memory.noticeStore())).containsExactlyInAnyOrder(
          "issued:" + oldHex, "issued:" + newHex, "superseded:" + oldHex,
          "issuance-alert:" + newHex);
      Notice superseded = bank.memory.noticeStore().find("superseded:" + oldHex).orElseThrow()
          .notice();
      assertThat(superseded.kind()).isEqualTo(Notice.Kind.SUPERSEDED);
      assertThat(superseded.account()).isEqualTo(new AccountKey("10000001", FX));
      assertThat(superseded.facts()).containsEntry("supersededBy", a.serial().toString(16));
      assertThat(superseded.createdAt()).isEqualTo(ThreeSecretFallbackTest.CHANGE);
    }
  }

  @Test
  void withoutNoticesConfiguredNothingIsWrittenAndTheApiSaysSo() {
    ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"));
    try (LetterFields letter = bank.enroll("10000002", FX)) {
      acquired(bank.acquire(letter, FX));
    }
    assertThat(bank.memory.noticeStore().list(Status.PENDING, 10)).isEmpty();
    assertThatThrownBy(bank.shomei::notices).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void expiryNoticesFallDueAtFortyThirtyAndTenDaysAndAReRunWritesNothingTwice() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    try (LetterFields letter = bank.enroll("10000003", FX)) {
      acquired(bank.acquire(letter, FX));
    }
    CertificateRecord c = bank.memoryCertificates.findActive(new AccountKey("10000003", FX))
        .orElseThrow();
    String hex = NoticeKeys.certificate(c);
    Notices notices = bank.shomei.notices();
    bank.clock.set(c.notAfter().minus(Duration.ofDays(41)));
    assertThat(notices.scheduleExpiring()).isEqualTo(new Notices.ScheduleRun(0, 0));
    bank.clock.set(c.notAfter().minus(Duration.ofDays(35)));
    assertThat(notices.scheduleExpiring()).isEqualTo(new Notices.ScheduleRun(1, 0));
    assertThat(notices.scheduleExpiring()).isEqualTo(new Notices.ScheduleRun(0, 1));
    bank.clock.set(c.notAfter().minus(Duration.ofDays(30)));
    assertThat(notices.scheduleExpiring()).isEqualTo(new Notices.ScheduleRun(1, 0));
    bank.clock.set(c.notAfter().minus(Duration.ofDays(3)));
    assertThat(notices.scheduleExpiring()).isEqualTo(new Notices.ScheduleRun(1, 0));
    bank.clock.set(c.notAfter());
    assertThat(notices.scheduleExpiring()).isEqualTo(new Notices.ScheduleRun(0, 0));
    assertThat(keys(bank.memory.noticeStore(), Status.PENDING)).containsExactly(
        "expiring:" + hex + ":10", "expiring:" + hex + ":30", "expiring:" + hex + ":40",
        "issued:" + hex);
  }

  /**
   * Two adopted CAs that both used serial 7: each customer is warned of the expiry and told of the
   * revocation of their own certificate. With keys naming the serial alone, the second customer's
   * notices were not written (the outbox keeps the first notice of a key).
   */
  @Test
  void certificatesOfTwoIssuersWithOneSerialEachGetTheirOwnNotices() throws Exception {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    Instant now = bank.clock.instant();
    BigInteger seven = BigInteger.valueOf(7);
    List<IssuerName> issuers = new ArrayList<>();
    int user = 10000021;
    for (TestCa ca : List.of(TestCa.root("Legacy CA A"), TestCa.root("Legacy CA B"))) {
      X509Certificate c = ca.leaf().commonName(Integer.toString(user)).serial(seven)
          .validity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(20))).issue()
          .certificate();
      bank.memoryCertificates.record(CertificateRecord.issued(seven,
          new AccountKey(Integer.toString(user++), FX), c.getNotBefore().toInstant(),
          c.getNotAfter().toInstant(), c.getEncoded(), now, true, "legacy"));
      IssuerName issuer = IssuerName.ofCa(ca.certificate());
      bank.memoryCertificates.activate(issuer, seven, null, now);
      issuers.add(issuer);
    }

    assertThat(bank.shomei.notices().scheduleExpiring())
        .isEqualTo(new Notices.ScheduleRun(2, 0));
    for (IssuerName issuer : issuers) {
      assertThat(bank.shomei.operator("branch-001/sato").revoke(issuer, seven,
          RevocationReason.CESSATION_OF_OPERATION)).isInstanceOf(io.shomei.spi.CertificateStore.RevocationResult.Revoked.class);
    }
    List<Notice> pending = bank.memory.noticeStore().list(Status.PENDING, 10_000).stream()
        .map(StoredNotice::notice).toList();
    for (Notice.Kind kind : List.of(Notice.Kind.EXPIRING, Notice.Kind.REVOKED)) {
      assertThat(pending.stream().filter(n -> n.kind() == kind).map(n -> n.account().userId()))
          .as(kind.toString()).containsExactlyInAnyOrder("10000021", "10000022");
    }
  }

  /** Enrolls and acquires for users 2000000i, i < n, before the notice's cut-off. */
  private static void affected(ShomeiBank bank, int n) {
    for (int i = 0; i < n; i++) {
      try (LetterFields letter = bank.enroll("2000000" + i, FX)) {
        acquired(bank.acquire(letter, FX));
      }
    }
  }

  private static Notices.ScheduleRun campaign(ShomeiBank bank) {
    Notices.CampaignNotices sink = bank.shomei.notices().campaign();
    Campaign.scan(bank.memoryCertificates, NOTICE).at(bank.clock.instant()).onAffected(sink).run();
    return sink.counts();
  }

  @Test
  void aCampaignWritesOneNoticePerAffectedAccountAndARerunWritesNone() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    affected(bank, 3);
    bank.clock.set(jst("2020-11-20T10:00:00"));
    try (LetterFields late = bank.enroll("30000001", FX)) {
      acquired(bank.acquire(late, FX)); // validity starts after the cut-off: not affected
    }
    assertThat(campaign(bank)).isEqualTo(new Notices.ScheduleRun(3, 0));
    assertThat(campaign(bank)).isEqualTo(new Notices.ScheduleRun(0, 3));
    assertThat(bank.memory.noticeStore().list(Status.PENDING, 100).stream()
        .filter(n -> n.notice().kind() == Notice.Kind.CAMPAIGN)
        .map(n -> n.notice().account().userId()).sorted())
        .containsExactly("20000000", "20000001", "20000002");
  }

  @Test
  void messagesAreInTheCustomersLanguageWithDatesInTheBanksZone() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    affected(bank, 2);
    campaign(bank);
    bank.clock.set(jst("2020-12-01T09:00:00"));
    Receiver receiver = new Receiver();
    NoticeDispatcher d = bank.shomei.notices().dispatcher(receiver).node("node-1")
        .languages(a -> a.userId().equals("20000001") ? Locale.ENGLISH : Locale.JAPANESE)
        .build();
    assertThat(d.runOnce()).isEqualTo(new NoticeDispatcher.DispatchRun(4, 0, 0));
    Message ja = only(receiver, "20000000", Notice.Kind.CAMPAIGN);
    Message en = only(receiver, "20000001", Notice.Kind.CAMPAIGN);
    // reacquire-from is 2021-02-23T15:00:00Z: the 24th in Tokyo, the 23rd in UTC
    assertThat(ja.language()).isEqualTo(Locale.JAPANESE);
    assertThat(ja.subject()).isEqualTo("電子証明書の再取得のお願い");
    assertThat(ja.body()).contains("2021年2月24日(水) 以降に電子証明書を再取得してください")
        .doesNotContain("23日").doesNotContain("20000000");
    assertThat(en.language()).isEqualTo(Locale.ENGLISH);
    assertThat(en.body()).contains("on or after Wed 24 February 2021").doesNotContain("23 Feb");
    Message issued = only(receiver, "20000000", Notice.Kind.ISSUED);
    assertThat(issued.body()).contains("2020年10月1日(木) 10時00分");
    assertThat(issued.messageId()).matches("notice\\.[0-9a-f]{40}@notice\\.shomei\\.invalid")
        .isNotEqualTo(ja.messageId());
    assertThat(d.runOnce()).isEqualTo(new NoticeDispatcher.DispatchRun(0, 0, 0));
    assertThat(receiver.received).hasSize(4);
  }

  private static Message only(Receiver r, String userId, Notice.Kind kind) {
    return r.received.stream().filter(m -> m.account().userId().equals(userId)
        && m.kind() == kind).reduce((a, b) -> {
          throw new AssertionError("twice: " + a);
        }).orElseThrow();
  }

  @Test
  void aNodeThatDiesBetweenSendAndAcknowledgementNeverCausesASecondMessage() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    affected(bank, 1);
    Receiver receiver = new Receiver();
    receiver.dieAfterDelivery = true;
    NoticeDispatcher dying = bank.shomei.notices().dispatcher(receiver).node("node-1")
        .claimFor(Duration.ofMinutes(5)).build();
    assertThatThrownBy(dying::runOnce).isInstanceOf(NodeDied.class);
    assertThat(receiver.received).hasSize(1);
    receiver.dieAfterDelivery = false;

    NoticeDispatcher other = bank.shomei.notices().dispatcher(receiver).node("node-2").build();
    bank.clock.advance(Duration.ofMinutes(4));
    assertThat(other.runOnce().claimed()).as("still claimed by node-1").isZero();
    bank.clock.advance(Duration.ofMinutes(1));
    assertThat(other.runOnce().claimed()).isZero();
    bank.clock.advance(Duration.ofDays(1));
    assertThat(other.runOnce().claimed()).isZero();
    assertThat(receiver.received).hasSize(1);
    StoredNotice held = bank.shomei.notices().held(10).get(0);
    assertThat(held.holder()).isEqualTo("node-1");
    assertThat(held.lastError()).isEqualTo("claim expired while sending, without an outcome");

    // an operator decides it did not arrive: the resend carries the same message identifier
    assertThat(bank.shomei.notices().requeue(held.key(), "branch-001/sato"))
        .isInstanceOfSatisfying(Notices.RequeueResult.Requeued.class,
            r -> assertThat(r.notice().status()).isEqualTo(Status.PENDING));
    assertThat(other.runOnce()).isEqualTo(new NoticeDispatcher.DispatchRun(1, 0, 0));
    assertThat(receiver.received).hasSize(2);
    assertThat(receiver.received.get(1).messageId())
        .isEqualTo(receiver.received.get(0).messageId());
  }

  @Test
  void anOperatorReleasesOnlyAHeldNoticeAndTheReleaseIsAudited() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    affected(bank, 2);
    Receiver receiver = new Receiver();
    List<String> uncertain = new ArrayList<>();
    receiver.before = m -> {
      if (!m.account().userId().equals("20000001")) {
        return new Outcome.Accepted();
      }
      uncertain.add(m.messageId());
      return new Outcome.Uncertain("connection closed after the data");
    };
    NoticeDispatcher d = bank.shomei.notices().dispatcher(receiver).node("node-1").build();
    assertThat(d.runOnce()).isEqualTo(new NoticeDispatcher.DispatchRun(1, 0, 1));
    Notices notices = bank.shomei.notices();
    StoredNotice held = notices.held(10).get(0);
    String sent = bank.memory.noticeStore().list(Status.SENT, 10).get(0).key();

    assertThat(notices.requeue(sent, "branch-001/sato"))
        .isInstanceOfSatisfying(Notices.RequeueResult.NotHeld.class,
            r -> assertThat(r.notice().status()).isEqualTo(Status.SENT));
    assertThat(notices.requeue("issued:none", "branch-001/sato"))
        .isEqualTo(new Notices.RequeueResult.NotFound("issued:none"));
    assertThatThrownBy(() -> notices.requeue(held.key(), " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(bank.auditTypes()).doesNotContain("NOTICE_REQUEUED");

    assertThat(notices.requeue(held.key(), "branch-001/sato"))
        .isInstanceOf(Notices.RequeueResult.Requeued.class);
    assertThat(notices.requeue(held.key(), "branch-002/suzuki"))
        .as("released once").isInstanceOf(Notices.RequeueResult.NotHeld.class);
    assertThat(notices.held(10)).isEmpty();
    assertThat(bank.audit().stream().filter(a -> a.type().equals("NOTICE_REQUEUED")))
        .singleElement().satisfies(a -> {
          assertThat(a.actor()).isEqualTo("operator:branch-001/sato");
          assertThat(a.userId()).isEqualTo(held.notice().account().userId());
          assertThat(a.details()).containsEntry("notice", held.key())
              .containsEntry("kind", "ISSUED")
              .containsEntry("held_because", "connection closed after the data");
        });
    receiver.before = m -> new Outcome.Accepted();
    assertThat(d.runOnce()).isEqualTo(new NoticeDispatcher.DispatchRun(1, 0, 0));
    assertThat(receiver.received.stream().filter(m -> m.account().userId().equals("20000001")))
        .as("the resend carries the first attempt's message identifier").singleElement()
        .satisfies(m -> assertThat(m.messageId()).isEqualTo(uncertain.get(0)));
  }

  @Test
  void aSlowBatchLosesNoNoticeTheNextNodeDeliversWhatItNeverReachedOnce() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    affected(bank, 3); // three ISSUED notices
    Receiver fast = new Receiver();
    NoticeDispatcher other = bank.shomei.notices().dispatcher(fast).node("node-2")
        .claimFor(Duration.ofSeconds(10)).build();
    Receiver slow = new Receiver();
    List<NoticeDispatcher.DispatchRun> meanwhile = new ArrayList<>();
    slow.before = m -> {
      if (slow.received.isEmpty()) {
        // node-1's first message takes 11 seconds; node-2 runs meanwhile
        bank.clock.advance(Duration.ofSeconds(11));
        meanwhile.add(other.runOnce());
      }
      return new Outcome.Accepted();
    };
    NoticeDispatcher slowNode = bank.shomei.notices().dispatcher(slow).node("node-1")
        .claimFor(Duration.ofSeconds(10)).batch(3).build();
    NoticeDispatcher.DispatchRun run = slowNode.runOnce();

    assertThat(slow.received).hasSize(1);
    assertThat(meanwhile).containsExactly(new NoticeDispatcher.DispatchRun(2, 0, 0));
    assertThat(fast.received).as("the notices node-1 never reached go to node-2").hasSize(2);
    assertThat(run).isEqualTo(new NoticeDispatcher.DispatchRun(1, 2, 0));
    assertThat(keys(bank.memory.noticeStore(), Status.SENT)).hasSize(3);
    assertThat(keys(bank.memory.noticeStore(), Status.HELD)).isEmpty();
    List<String> ids = new ArrayList<>();
    slow.received.forEach(m -> ids.add(m.messageId()));
    fast.received.forEach(m -> ids.add(m.messageId()));
    assertThat(ids).doesNotHaveDuplicates().hasSize(3);
  }

  @Test
  void aLostAcknowledgementHoldsTheNoticeAndACertainRefusalIsRetriedLater() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    affected(bank, 2);
    Receiver receiver = new Receiver();
    receiver.loseAcknowledgement = true;
    receiver.before = m -> m.account().userId().equals("20000001")
        ? new Outcome.NotDelivered("421 try later") : new Outcome.Accepted();
    NoticeDispatcher d = bank.shomei.notices().dispatcher(receiver).node("node-1")
        .retryAfter(Duration.ofMinutes(10)).build();
    assertThat(d.runOnce()).isEqualTo(new NoticeDispatcher.DispatchRun(0, 1, 1));
    assertThat(receiver.received).hasSize(1);
    StoredNotice held = bank.memory.noticeStore().list(Status.HELD, 10).get(0);
    assertThat(held.lastError()).isEqualTo("channel failed: java.lang.IllegalStateException");

    receiver.loseAcknowledgement = false;
    receiver.before = m -> new Outcome.Accepted();
    bank.clock.advance(Duration.ofMinutes(9));
    assertThat(d.runOnce().claimed()).isZero();
    bank.clock.advance(Duration.ofMinutes(1));
    assertThat(d.runOnce()).isEqualTo(new NoticeDispatcher.DispatchRun(1, 0, 0));
    assertThat(receiver.received).hasSize(2);
    assertThat(bank.memory.noticeStore().list(Status.SENT, 10)).singleElement()
        .satisfies(n -> assertThat(n.attempts()).isEqualTo(2));
  }

  @Test
  void aNoticeTheChannelKeepsRefusingIsHeldAfterItsLastAttempt() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    affected(bank, 1);
    Receiver receiver = new Receiver();
    receiver.before = m -> new Outcome.NotDelivered("550 no such mailbox");
    NoticeDispatcher d = bank.shomei.notices().dispatcher(receiver).node("node-1")
        .retryAfter(Duration.ZERO).maxAttempts(3).build();
    assertThat(d.runOnce().retried()).isEqualTo(1);
    assertThat(d.runOnce().retried()).isEqualTo(1);
    assertThat(d.runOnce().held()).isEqualTo(1);
    assertThat(d.runOnce().claimed()).isZero();
    assertThat(bank.memory.noticeStore().list(Status.HELD, 10)).singleElement()
        .satisfies(n -> assertThat(n.lastError())
            .isEqualTo("not delivered after 3 attempts: 550 no such mailbox"));
  }

  @Test
  void nodesDispatchingAtOnceDeliverEachNoticeOnce() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    affected(bank, 9);
    campaign(bank);
    Receiver receiver = new Receiver();
    Shomei second = bank.anotherNode();
    List<NoticeDispatcher> nodes = List.of(
        bank.shomei.notices().dispatcher(receiver).node("node-1").batch(2).build(),
        second.notices().dispatcher(receiver).node("node-2").batch(3).build(),
        second.notices().dispatcher(receiver).node("node-3").batch(1).build());
    io.shomei.testing.contract.Concurrently.run(3, Duration.ofMinutes(1), i -> {
      while (nodes.get(i).runOnce().claimed() > 0) {
        Thread.onSpinWait();
      }
    });
    assertThat(receiver.received).hasSize(18);
    assertThat(receiver.received.stream().map(Message::messageId).distinct()).hasSize(18);
    assertThat(bank.memory.noticeStore().list(Status.SENT, 100)).hasSize(18);
  }

  @Test
  void dispatcherSettingsAreCheckedAtOnce() {
    ShomeiBank bank = bank(jst("2020-10-01T10:00:00"));
    NoticeDispatcher.Builder b = bank.shomei.notices().dispatcher(new Receiver());
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.node("a node")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.batch(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.claimFor(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.messageDomain("bad domain")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoticeSettings.expiringDays(30, 30)).isInstanceOf(IllegalArgumentException.class);
    assertThat(NoticeSettings.expiringDays(10, 40, 30).expiringDays()).containsExactly(40, 30, 10);
  }
}
