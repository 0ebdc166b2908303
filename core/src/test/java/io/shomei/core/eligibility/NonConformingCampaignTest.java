package io.shomei.core.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Non-conforming (imported legacy) certificates in campaign reports, and imported successors. */
class NonConformingCampaignTest {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final TestCa CA = TestCa.root("Non-conforming Campaign CA");
  static final RuleSet NOTICE =
      RuleSet.load(Path.of("..", "examples", "rules", "notice-2021.rules"));
  static final Instant OLD = Instant.parse("2020-06-01T00:00:00Z");
  static final Instant DECEMBER = Instant.parse("2020-12-01T00:00:00Z");
  static final Instant NOT_AFTER = Instant.parse("2022-05-31T14:59:59Z");
  static final Instant IMPORTED_AT = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant SCAN = Instant.parse("2021-03-01T00:00:00Z");

  final InMemoryCertificateStore store = new InMemoryCertificateStore();

  /** Records an imported (profile-less) certificate and makes it active. */
  CertificateRecord imported(String cn, String user, String service, Instant notBefore,
      boolean conforming) {
    X509Certificate c = CA.leaf().commonName(cn).validity(notBefore, NOT_AFTER).issue()
        .certificate();
    CertificateRecord r;
    try {
      r = CertificateRecord.issued(c.getSerialNumber(), new AccountKey(user, service), notBefore,
          NOT_AFTER, c.getEncoded(), IMPORTED_AT, conforming, null);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new AssertionError(e);
    }
    assertThat(store.record(r)).isInstanceOf(CertificateStore.RecordResult.Recorded.class);
    @Nullable CertificateRecord active = store.findActive(r.account()).orElse(null);
    assertThat(store.activate(r.serial(), active == null ? null : active.serial(), IMPORTED_AT))
        .isInstanceOf(CertificateStore.ActivationResult.Activated.class);
    return r;
  }

  @Test
  void listsNonConformingCertificatesAsNeedingReacquisition() {
    CertificateRecord spot = imported("LEGACY SPOT", "10000001", "fx-spot", OLD, false);
    CertificateRecord forward = imported("LEGACY FWD", "10000002", "fx-forward", OLD, false);
    imported("10000003", "10000003", "fx-spot", OLD, true); // conforming, unaffected: not listed

    List<AffectedCertificate> rows = new ArrayList<>();
    StringWriter csvText = new StringWriter();
    CampaignCsv csv = CampaignCsv.to(csvText, TOKYO);
    CampaignReport report = Campaign.scan(store, NOTICE).at(SCAN)
        .onAffected(a -> {
          rows.add(a);
          csv.accept(a);
        }).run();

    assertThat(rows).hasSize(2);
    AffectedCertificate s = rows.stream().filter(a -> a.serial().equals(spot.serial()))
        .findFirst().orElseThrow();
    assertThat(s.rule().id()).isEqualTo(Campaign.NON_CONFORMING_RULE_ID);
    assertThat(s.rule().explanationCode()).isEqualTo(Campaign.NON_CONFORMING_EXPLANATION_CODE);
    assertThat(s.reacquireFrom()).isEqualTo(OLD);
    assertThat(s.verdict()).isEqualTo(VerdictKind.UNAFFECTED);
    assertThat(s.progress()).isEqualTo(AffectedCertificate.Progress.PENDING);
    assertThat(s.conforming()).isFalse();
    AffectedCertificate f = rows.stream().filter(a -> a.serial().equals(forward.serial()))
        .findFirst().orElseThrow();
    assertThat(f.rule().id()).isEqualTo("notice-2021-fx-forward");
    assertThat(f.conforming()).isFalse();

    assertThat(report.nonConformingPending()).isEqualTo(2);
    assertThat(report.nonConformingTotal()).isEqualTo(2);
    assertThat(report.pending()).isEqualTo(2);
    assertThat(report.affected()).isEqualTo(rows.size());

    List<String> lines = csvText.toString().lines().toList();
    assertThat(CampaignCsv.HEADER.get(CampaignCsv.HEADER.size() - 1)).isEqualTo("conforming");
    assertThat(lines.get(0)).endsWith(",conforming");
    assertThat(lines.get(1)).endsWith(",false");
  }

  @Test
  void aNonConformingCertificateReplacedByAnyNewerOneIsDone() {
    CertificateRecord legacy = imported("LEGACY SPOT", "10000001", "fx-spot", OLD, false);
    imported("10000001", "10000001", "fx-spot", DECEMBER, true);
    List<AffectedCertificate> rows = new ArrayList<>();
    CampaignReport report = Campaign.scan(store, NOTICE).at(SCAN).onAffected(rows::add).run();
    assertThat(rows).singleElement().satisfies(a -> {
      assertThat(a.serial()).isEqualTo(legacy.serial());
      assertThat(a.progress()).isEqualTo(AffectedCertificate.Progress.DONE);
    });
    assertThat(report.nonConforming().get(AffectedCertificate.Progress.DONE)).isEqualTo(1);
    assertThat(report.nonConformingPending()).isZero();
  }

  /** An imported successor was obtained when it became valid, not when it was imported. */
  @Test
  void anImportedSuccessorFromBeforeTheCampaignIsAnEarlierReplacement() {
    imported("10000001", "10000001", "fx-forward", OLD, true);
    imported("10000001", "10000001", "fx-forward", DECEMBER, true); // recorded in 2026
    imported("10000002", "10000002", "fx-forward", OLD, true);
    imported("10000002", "10000002", "fx-forward", Instant.parse("2021-02-25T00:00:00Z"), true);
    CampaignReport report = Campaign.scan(store, NOTICE).at(IMPORTED_AT.plusSeconds(1)).run();
    assertThat(report.byProgress().get(AffectedCertificate.Progress.REPLACED_EARLIER)).isEqualTo(1);
    assertThat(report.done()).isEqualTo(1);
  }

  @Test
  void everyVerdictAnswersTheCampaignDates() {
    CertificateRecord old = imported("10000001", "10000001", "fx-forward", OLD, true);
    Instant unusableFrom = Instant.parse("2021-02-23T15:00:00Z");
    Verdict before = NOTICE.evaluate(old, Instant.parse("2021-02-23T14:59:59Z"));
    assertThat(before.kind()).isEqualTo(VerdictKind.AFFECTED_WAIT);
    assertThat(before.usableNow()).isTrue();
    assertThat(before.unusableFrom()).isEqualTo(unusableFrom);
    assertThat(before.reacquireFrom()).isEqualTo(unusableFrom);
    assertThat(before.reacquireUntil()).isNull();
    Verdict at = NOTICE.evaluate(old, unusableFrom);
    assertThat(at.kind()).isEqualTo(VerdictKind.ELIGIBLE_NOW);
    assertThat(at.usableNow()).isFalse();
    assertThat(at.unusableFrom()).isEqualTo(unusableFrom);
    assertThat(at.reacquireFrom()).isEqualTo(unusableFrom);
    assertThat(java.util.Objects.requireNonNull(at.rule()).id())
        .isEqualTo("notice-2021-fx-forward");

    CertificateRecord fresh = imported("10000002", "10000002", "fx-forward", DECEMBER, true);
    Verdict unaffected = NOTICE.evaluate(fresh, unusableFrom);
    assertThat(unaffected.kind()).isEqualTo(VerdictKind.UNAFFECTED);
    assertThat(unaffected.unusableFrom()).isNull();
    assertThat(unaffected.reacquireFrom()).isNull();
    assertThat(unaffected.reacquireUntil()).isNull();
  }
}
