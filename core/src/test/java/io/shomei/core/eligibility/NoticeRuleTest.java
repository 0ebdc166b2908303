package io.shomei.core.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.testing.ca.TestCa;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The notice of 2021 (MISSION R2-R5) at its exact boundaries, in UTC and in Japan time, from the
 * shipped rule file and from the same rule built in code.
 */
class NoticeRuleTest {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final Path NOTICE_FILE = Path.of("..", "examples", "rules", "notice-2021.rules");

  // validity starts
  static final Instant LAST_AFFECTED_START = Instant.parse("2020-11-11T14:59:59Z");
  static final Instant FIRST_UNAFFECTED_START = Instant.parse("2020-11-11T15:00:00Z");
  // evaluation instants
  static final Instant LAST_BEFORE = Instant.parse("2021-02-23T14:59:59Z");
  static final Instant CHANGE = Instant.parse("2021-02-23T15:00:00Z");
  static final Instant NOT_AFTER = Instant.parse("2022-11-10T14:59:59Z");

  static final TestCa CA = TestCa.root("Shomei Notice CA");

  static RuleSet fromFile() {
    return RuleSet.load(NOTICE_FILE);
  }

  static RuleSet inCode() {
    return RuleSet.of(new ReacquisitionRule("notice-2021-fx-forward",
        CertificateSelector.builder()
            .services("fx-forward")
            .validityStart(TimeRange.onOrBefore(ZonedDate.of("2020-11-11", TOKYO)))
            .build(),
        ZonedDate.of("2021-02-24", TOKYO).startOfDay(),
        ZonedDate.of("2021-02-24", TOKYO).startOfDay(),
        null, "CA_STANDARD_CHANGE_2021", null, null, null, true));
  }

  static CertificateRecord cert(String service, Instant notBefore) {
    return CA.leaf().commonName("12345678").validity(notBefore, NOT_AFTER).issue()
        .record(new AccountKey("12345678", service), notBefore);
  }

  @Test
  void theBoundariesReadTheSameInJapanTime() {
    assertThat(LAST_AFFECTED_START)
        .isEqualTo(LocalDateTime.parse("2020-11-11T23:59:59").atZone(TOKYO).toInstant());
    assertThat(FIRST_UNAFFECTED_START)
        .isEqualTo(LocalDateTime.parse("2020-11-12T00:00:00").atZone(TOKYO).toInstant());
    assertThat(LAST_BEFORE)
        .isEqualTo(LocalDateTime.parse("2021-02-23T23:59:59").atZone(TOKYO).toInstant());
    assertThat(CHANGE)
        .isEqualTo(LocalDateTime.parse("2021-02-24T00:00:00").atZone(TOKYO).toInstant());
  }

  @Test
  void theShippedFileIsTheRuleBuiltInCode() {
    assertThat(fromFile().rules()).isEqualTo(inCode().rules());
  }

  @Test
  void startOnTheLastSecondOfNovember11JapanTimeIsAffectedAndWaitsUntilFebruary24() {
    for (RuleSet rules : List.of(fromFile(), inCode())) {
      CertificateRecord c = cert("fx-forward", LAST_AFFECTED_START);

      Verdict before = rules.evaluate(c, LAST_BEFORE);
      assertThat(before).isInstanceOf(Verdict.AffectedWaitUntil.class);
      Verdict.AffectedWaitUntil wait = (Verdict.AffectedWaitUntil) before;
      assertThat(wait.reacquireFrom()).isEqualTo(CHANGE);
      assertThat(wait.unusableFrom()).isEqualTo(CHANGE);
      assertThat(wait.usableNow()).isTrue();
      assertThat(wait.rule().id()).isEqualTo("notice-2021-fx-forward");
      assertThat(wait.suggestedWindow()).isEqualTo(SuggestedWindow.at(CHANGE));

      assertThat(rules.checkLogin(c, LAST_BEFORE)).isInstanceOfSatisfying(
          LoginDecision.Allowed.class, a -> assertThat(a.unusableFrom()).isEqualTo(CHANGE));
      assertThat(rules.checkReacquisition(c, LAST_BEFORE)).isEqualTo(
          new ReacquisitionDecision.NotYet(
              ReacquisitionDecision.NotYet.Reason.CAMPAIGN_NOT_OPEN, CHANGE, before));

      Verdict at = rules.evaluate(c, CHANGE);
      assertThat(at).isInstanceOfSatisfying(Verdict.EligibleNow.class, e -> {
        assertThat(e.reasons()).containsExactly(Verdict.EligibleNow.Reason.REACQUISITION_OPEN);
        assertThat(e.usableNow()).isFalse();
        assertThat(e.selfServiceUntil()).isNull();
        assertThat(e.unusableFrom()).isEqualTo(CHANGE);
      });
      assertThat(rules.checkLogin(c, CHANGE)).isInstanceOfSatisfying(
          LoginDecision.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(LoginDecision.Reason.REACQUIRE_REQUIRED);
            assertThat(r.since()).isEqualTo(CHANGE);
            assertThat(r.next()).isInstanceOf(ReacquisitionDecision.Allowed.class);
          });
      assertThat(rules.checkReacquisition(c, CHANGE))
          .isEqualTo(new ReacquisitionDecision.Allowed(at));
    }
  }

  @Test
  void startAtMidnightOfNovember12JapanTimeIsUnaffected() {
    for (RuleSet rules : List.of(fromFile(), inCode())) {
      CertificateRecord c = cert("fx-forward", FIRST_UNAFFECTED_START);
      for (Instant now : List.of(LAST_BEFORE, CHANGE)) {
        Verdict v = rules.evaluate(c, now);
        assertThat(v).isInstanceOf(Verdict.Unaffected.class);
        assertThat(v.usableNow()).isTrue();
        assertThat(rules.checkLogin(c, now)).isInstanceOf(LoginDecision.Allowed.class);
        assertThat(rules.checkReacquisition(c, now))
            .isInstanceOf(ReacquisitionDecision.Allowed.class);
      }
    }
  }

  @Test
  void otherServicesAreNotAffected() {
    CertificateRecord c = cert("fx-spot", LAST_AFFECTED_START);
    for (RuleSet rules : List.of(fromFile(), inCode())) {
      assertThat(rules.evaluate(c, LAST_BEFORE)).isInstanceOf(Verdict.Unaffected.class);
      assertThat(rules.evaluate(c, CHANGE)).isInstanceOf(Verdict.Unaffected.class);
    }
  }

  @Test
  void theReacquiredCertificateIsUnaffectedAndTheOldOneSuperseded() {
    RuleSet rules = fromFile();
    CertificateRecord old = cert("fx-forward", LAST_AFFECTED_START);
    CertificateRecord fresh = cert("fx-forward", CHANGE.plusSeconds(600));
    CertificateRecord replaced = Records.superseded(old, fresh.serial(), CHANGE.plusSeconds(600));
    Instant later = CHANGE.plusSeconds(3600);
    assertThat(rules.evaluate(fresh, later)).isInstanceOf(Verdict.Unaffected.class);
    assertThat(rules.checkLogin(replaced, later)).isInstanceOfSatisfying(
        LoginDecision.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(LoginDecision.Reason.SUPERSEDED));
  }
}
