package io.shomei.core.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.testing.ca.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * A campaign can advise a re-acquisition period that ends before the hard cut-off ("please
 * re-acquire between October 1 and November 30; certificates stop working on January 1"), and a
 * certificate still not replaced after the advice is overdue while it keeps working.
 */
class AdvisoryWindowTest {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final Path README = Path.of("..", "examples", "rules", "README.md");
  static final TestCa CA = TestCa.root("Shomei Advisory CA");

  static Instant jst(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
  }

  /** The example of examples/rules/README.md, as the README shows it. */
  static RuleSet readmeExample() throws Exception {
    String readme = Files.readString(README);
    int section = readme.indexOf("## The advised window and the overdue state");
    int start = readme.indexOf("```\n", section) + 4;
    int end = readme.indexOf("```", start);
    return RuleSet.parse(readme.substring(start, end), "examples/rules/README.md");
  }

  static CertificateRecord affected() {
    return CA.leaf().commonName("12345678")
        .validity(jst("2025-04-01T00:00:00"), jst("2027-03-31T23:59:59")).issue()
        .record(new AccountKey("12345678", "fx-forward"), jst("2025-04-01T00:00:00"));
  }

  @Test
  void aCampaignCanAdviseAWindowThatEndsBeforeTheCutoffAndThenSaysOverdue() throws Exception {
    RuleSet rules = readmeExample();
    CertificateRecord c = affected();
    Instant adviceEnd = jst("2025-11-30T23:59:59").plusNanos(999_999_999);
    SuggestedWindow advised = new SuggestedWindow(jst("2025-10-01T00:00:00"), adviceEnd);

    Verdict waiting = rules.evaluate(c, jst("2025-09-15T12:00:00"));
    assertThat(waiting.kind()).isEqualTo(VerdictKind.AFFECTED_WAIT);
    assertThat(waiting.suggestedWindow()).isEqualTo(advised);
    assertThat(waiting.advisedUntil()).isEqualTo(adviceEnd);

    Verdict open = rules.evaluate(c, jst("2025-10-15T12:00:00"));
    assertThat(open).isInstanceOfSatisfying(Verdict.EligibleNow.class, e -> {
      assertThat(e.overdue()).isFalse();
      assertThat(e.usableNow()).isTrue();
      assertThat(e.suggestedWindow()).isEqualTo(advised);
    });
    // the last instant of the advice is not overdue yet, the next one is
    assertThat(((Verdict.EligibleNow) rules.evaluate(c, adviceEnd)).overdue()).isFalse();

    Verdict overdue = rules.evaluate(c, adviceEnd.plusNanos(1));
    assertThat(overdue).isInstanceOfSatisfying(Verdict.EligibleNow.class, e -> {
      assertThat(e.overdue()).isTrue();
      assertThat(e.reasons()).contains(Verdict.EligibleNow.Reason.OVERDUE,
          Verdict.EligibleNow.Reason.REACQUISITION_OPEN);
      assertThat(e.usableNow()).isTrue();
      assertThat(e.unusableFrom()).isEqualTo(jst("2026-01-01T00:00:00"));
      assertThat(e.suggestedWindow()).isEqualTo(advised);
    });
    assertThat(rules.checkLogin(c, jst("2025-12-10T12:00:00")))
        .isInstanceOf(LoginDecision.Allowed.class);
    assertThat(rules.checkReacquisition(c, jst("2025-12-10T12:00:00")))
        .isInstanceOf(ReacquisitionDecision.Allowed.class);

    // the cut-off is where the login stops, not the advice's end
    assertThat(rules.checkLogin(c, jst("2026-01-02T00:00:00"))).isInstanceOfSatisfying(
        LoginDecision.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(LoginDecision.Reason.REACQUIRE_REQUIRED));
  }

  @Test
  void anAdviceOutsideTheSelfServicePeriodIsAProblemOfTheFile() {
    String file = """
        shomei-rules 1
        zone = Asia/Tokyo
        [campaign c]
        reacquire-from = 2025-10-01
        advise-until = 2025-09-30
        unusable-from = 2026-01-01
        explanation-code = X
        """;
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> RuleSet.parse(file, "f")))
        .isInstanceOf(RuleFileException.class).hasMessageContaining("advise-until");
  }

  @Test
  void theNoticesOwnRuleFileLoadsUnchangedAndAdvisesNothing() {
    RuleSet notice = RuleSet.load(NoticeRuleTest.NOTICE_FILE);
    assertThat(notice.rules()).singleElement().isInstanceOfSatisfying(ReacquisitionRule.class,
        r -> {
          assertThat(r.advisedUntil()).isNull();
          assertThat(r).isEqualTo(NoticeRuleTest.inCode().rules().get(0));
          assertThat(r.suggestedWindow()).isEqualTo(SuggestedWindow.at(r.unusableFrom()));
        });
  }
}
