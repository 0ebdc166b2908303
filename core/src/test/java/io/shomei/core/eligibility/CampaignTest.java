package io.shomei.core.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.memory.ForwardingCertificateStore;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignTest {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final Instant OLD_START = Instant.parse("2020-06-01T00:00:00Z");
  static final Instant NEW_START = Instant.parse("2020-12-01T00:00:00Z");
  static final Instant NOT_AFTER = Instant.parse("2022-05-31T14:59:59Z");
  static final Instant REACQUIRE_FROM = Instant.parse("2021-02-23T15:00:00Z");
  static final TestCa CA = TestCa.root("Shomei Campaign CA");

  final InMemoryCertificateStore store = new InMemoryCertificateStore();

  CertificateRecord issue(String user, String service, Instant notBefore, Instant recordedAt) {
    CertificateRecord r = CA.leaf().commonName(user).validity(notBefore, NOT_AFTER).issue()
        .record(new AccountKey(user, service), recordedAt);
    assertThat(store.record(r)).isInstanceOf(CertificateStore.RecordResult.Recorded.class);
    CertificateRecord active = store.findActive(r.account()).orElse(null);
    assertThat(store.activate(r.serial(), active == null ? null : active.serial(), recordedAt))
        .isInstanceOf(CertificateStore.ActivationResult.Activated.class);
    return r;
  }

  /**
   * 1001 pending (old fx-forward), 1002 done (replaced after reacquireFrom), 1003 replaced earlier
   * (renewed in December 2020: the successor is unaffected), 1004 revoked, 2001 unaffected
   * (fx-forward started after the cut), 3001 other service.
   */
  void populate() {
    issue("1001", "fx-forward", OLD_START, OLD_START);
    issue("1002", "fx-forward", OLD_START, OLD_START);
    issue("1002", "fx-forward", REACQUIRE_FROM.plusSeconds(3600), REACQUIRE_FROM.plusSeconds(3600));
    issue("1003", "fx-forward", OLD_START, OLD_START);
    issue("1003", "fx-forward", NEW_START, NEW_START);
    CertificateRecord r = issue("1004", "fx-forward", OLD_START, OLD_START);
    store.revoke(r.serial(), RevocationReason.CESSATION_OF_OPERATION, NEW_START);
    issue("2001", "fx-forward", NEW_START, NEW_START);
    issue("3001", "fx-spot", OLD_START, OLD_START);
  }

  @Test
  void countsVerdictsServicesAndProgress() {
    populate();
    List<AffectedCertificate> rows = new ArrayList<>();
    List<CampaignProgress> progress = new ArrayList<>();
    MutableClock clock = MutableClock.at("2021-03-01T00:00:00Z");
    Instant now = Instant.parse("2021-03-01T00:00:00Z");
    CampaignReport report = Campaign.scan(store, NoticeRuleTest.fromFile())
        .at(now)
        .clock(clock)
        .progressEvery(3)
        .listener(p -> {
          progress.add(p);
          clock.advance(Duration.ofSeconds(1));
        })
        .onAffected(rows::add)
        .run();

    assertThat(report.total()).isEqualTo(8);
    assertThat(report.scanned()).isEqualTo(8);
    assertThat(report.count(VerdictKind.ELIGIBLE_NOW)).isEqualTo(1);   // 1001
    assertThat(report.count(VerdictKind.SUPERSEDED)).isEqualTo(2);     // old 1002, old 1003
    assertThat(report.count(VerdictKind.REVOKED)).isEqualTo(1);        // 1004
    assertThat(report.count(VerdictKind.UNAFFECTED)).isEqualTo(4);     // new 1002, new 1003, 2001, 3001
    assertThat(report.byService().keySet()).containsExactly("fx-forward", "fx-spot");
    assertThat(report.count("fx-spot", VerdictKind.UNAFFECTED)).isEqualTo(1);
    assertThat(report.count("fx-forward", VerdictKind.UNAFFECTED)).isEqualTo(3);
    assertThat(report.affected()).isEqualTo(4);
    assertThat(report.pending()).isEqualTo(1);
    assertThat(report.done()).isEqualTo(1);
    assertThat(report.byProgress().get(AffectedCertificate.Progress.REPLACED_EARLIER)).isEqualTo(1);
    assertThat(report.byProgress().get(AffectedCertificate.Progress.REVOKED)).isEqualTo(1);
    assertThat(report.unreadable()).isZero();

    assertThat(rows).extracting(a -> a.account().userId() + ":" + a.progress())
        .containsExactlyInAnyOrder("1001:PENDING", "1002:DONE", "1003:REPLACED_EARLIER",
            "1004:REVOKED");
    assertThat(rows).allSatisfy(a -> {
      assertThat(a.reacquireFrom()).isEqualTo(REACQUIRE_FROM);
      assertThat(a.unusableFrom()).isEqualTo(REACQUIRE_FROM);
    });

    // every 3 certificates, then once at the end
    assertThat(progress).extracting(CampaignProgress::scanned).containsExactly(3L, 6L, 8L);
    assertThat(progress).extracting(CampaignProgress::finished).containsExactly(false, false, true);
    CampaignProgress last = progress.get(progress.size() - 1);
    assertThat(last.fraction()).isEqualTo(1.0);
    assertThat(last.elapsed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(last.perSecond()).isEqualTo(4.0);
  }

  /**
   * An adopted CA's certificate (of another service, unaffected) carries the serial of 1002's
   * successor: 1002 is still counted as done, its successor found among its own certificates.
   */
  @Test
  void aSuccessorWhoseSerialAnotherIssuerAlsoUsedStillCountsAsDone() {
    issue("1002", "fx-forward", OLD_START, OLD_START);
    CertificateRecord successor = issue("1002", "fx-forward", REACQUIRE_FROM.plusSeconds(3600),
        REACQUIRE_FROM.plusSeconds(3600));
    CertificateRecord theirs = TestCa.root("Adopted CA").leaf().commonName("9001")
        .validity(NEW_START, NOT_AFTER).serial(successor.serial()).issue()
        .record(new AccountKey("9001", "fx-spot"), NEW_START);
    store.record(theirs);
    List<AffectedCertificate> rows = new ArrayList<>();
    Campaign.scan(store, NoticeRuleTest.fromFile()).at(Instant.parse("2021-03-01T00:00:00Z"))
        .onAffected(rows::add).run();
    assertThat(rows).extracting(a -> a.account().userId() + ":" + a.progress())
        .containsExactly("1002:DONE");
  }

  @Test
  void beforeTheChangeEveryAffectedCertificateWaits() {
    populate();
    CampaignReport report = Campaign.scan(store, NoticeRuleTest.fromFile())
        .at(NoticeRuleTest.LAST_BEFORE).run();
    // 1001, and 1002 whose replacement does not exist yet at scan time in real life but does in
    // this store: the old one is SUPERSEDED already, so only 1001 waits
    assertThat(report.count(VerdictKind.AFFECTED_WAIT)).isEqualTo(1);
  }

  @Test
  void exportsRfc4180CsvWithAHeaderAndTheBanksLocalTimes() {
    issue("1001", "fx-forward", OLD_START, OLD_START);
    StringWriter out = new StringWriter();
    CampaignCsv csv = CampaignCsv.to(out, TOKYO);
    Campaign.scan(store, NoticeRuleTest.fromFile()).at(NoticeRuleTest.LAST_BEFORE)
        .onAffected(csv).run();
    assertThat(csv.rows()).isEqualTo(1);
    String[] lines = out.toString().split("\r\n", -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEmpty();
    assertThat(lines[0]).isEqualTo(String.join(",", CampaignCsv.HEADER));
    BigInteger serial = store.findActive(new AccountKey("1001", "fx-forward")).orElseThrow()
        .serial();
    assertThat(lines[1]).isEqualTo("1001,fx-forward," + serial.toString(16) + ",active,"
        + "2020-06-01T09:00:00+09:00,2022-05-31T23:59:59+09:00,affected_wait,"
        + "notice-2021-fx-forward,CA_STANDARD_CHANGE_2021,,"
        + "2021-02-24T00:00:00+09:00,2021-02-24T00:00:00+09:00,,pending,,,true");
  }

  @Test
  void csvFieldsAreQuotedPerRfc4180() {
    StringWriter out = new StringWriter();
    CampaignCsv csv = CampaignCsv.to(out, ZoneId.of("UTC"));
    ReacquisitionRule rule = new ReacquisitionRule("r", CertificateSelector.any(), OLD_START,
        OLD_START, null, "CODE", URI.create("https://bank.example/a,b?q=%22x%22"));
    csv.accept(new AffectedCertificate(new AccountKey("u\"1", "svc,with comma"),
        BigInteger.TEN, io.shomei.spi.CertificateStatus.ACTIVE, OLD_START, NOT_AFTER,
        VerdictKind.ELIGIBLE_NOW, rule, AffectedCertificate.Progress.PENDING, null, null));
    String row = out.toString().split("\r\n", -1)[1];
    assertThat(row).startsWith("\"u\"\"1\",\"svc,with comma\",a,active,");
    assertThat(row).contains(",\"https://bank.example/a,b?q=%22x%22\",");
  }

  @Test
  void neutralizesSpreadsheetFormulaInjectionInCsv() {
    StringWriter out = new StringWriter();
    CampaignCsv csv = CampaignCsv.to(out, ZoneId.of("UTC"));
    ReacquisitionRule rule = new ReacquisitionRule("r", CertificateSelector.any(), OLD_START,
        OLD_START, null, "CODE", null);
    csv.accept(new AffectedCertificate(new AccountKey("=HYPERLINK(\"http://evil\")", "@svc"),
        BigInteger.TEN, io.shomei.spi.CertificateStatus.ACTIVE, OLD_START, NOT_AFTER,
        VerdictKind.ELIGIBLE_NOW, rule, AffectedCertificate.Progress.PENDING, null, null));
    String row = out.toString().split("\r\n", -1)[1];
    assertThat(row).startsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",'@svc,");
  }

  @Test
  void unreadableCertificatesAreCountedAndTheScanGoesOn() {
    issue("1001", "fx-forward", OLD_START, OLD_START);
    CertificateRecord broken = Records.of("1002", "fx-forward", OLD_START, NOT_AFTER);
    CertificateStore view = new ForwardingStore(store, broken);
    RuleSet needsDer = RuleSet.of(new ReacquisitionRule("ec", CertificateSelector.builder()
        .keyAlgorithm("EC").build(), REACQUIRE_FROM, REACQUIRE_FROM, null, "EC", null));
    CampaignReport report = Campaign.scan(view, needsDer).at(OLD_START).run();
    assertThat(report.scanned()).isEqualTo(2);
    assertThat(report.unreadable()).isEqualTo(1);
    assertThat(report.unreadableSerials()).containsExactly(broken.serial());
    assertThat(report.count(VerdictKind.AFFECTED_WAIT)).isEqualTo(1);
  }

  @Test
  void theBuilderNeedsAnInstantAndTakesEachSettingOnce() {
    assertThatThrownBy(() -> Campaign.scan(store, RuleSet.of()).run())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at(instant)");
    assertThatThrownBy(() -> Campaign.scan(store, RuleSet.of()).at(OLD_START).at(OLD_START))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Campaign.scan(store, RuleSet.of()).progressEvery(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A store whose scan also yields one extra record (one a strict store would refuse). */
  static final class ForwardingStore extends ForwardingCertificateStore {
    private final CertificateRecord extra;

    ForwardingStore(CertificateStore delegate, CertificateRecord extra) {
      super(delegate);
      this.extra = extra;
    }

    @Override
    public long count() {
      return super.count() + 1;
    }

    @Override
    public void forEach(java.util.function.Consumer<? super CertificateRecord> action) {
      super.forEach(action);
      action.accept(extra);
    }
  }
}
