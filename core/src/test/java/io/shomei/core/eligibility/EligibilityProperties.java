package io.shomei.core.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.shomei.spi.CertificateRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Properties of the evaluator over generated certificates, rule sets and instants. Certificates
 * carry a placeholder DER: the generated rules only use criteria the record answers.
 */
class EligibilityProperties {
  static final Instant BASE = Instant.parse("2018-01-01T00:00:00Z");
  static final long SPAN = Duration.ofDays(365L * 8).toSeconds();
  static final List<String> SERVICES = List.of("fx-forward", "fx-spot", "fx-option");
  static final List<String> ZONES = List.of("UTC", "Asia/Tokyo", "America/Los_Angeles",
      "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London", "Australia/Lord_Howe");

  record Scenario(CertificateRecord cert, List<Rule> rules, Instant t1, Instant t2) {
    RuleSet ruleSet() {
      return RuleSet.of(rules);
    }

    @Override
    public String toString() {
      return "cert " + cert + "\n rules " + rules + "\n t1=" + t1 + " t2=" + t2;
    }
  }

  static long between(RandomnessSource in, long min, long max) {
    return in.next(Constraint.between(min, max));
  }

  static Instant instant(RandomnessSource in) {
    // whole seconds, sometimes a nanosecond off, to probe the inclusive ends
    return BASE.plusSeconds(between(in, 0, SPAN)).plusNanos(between(in, -1, 1));
  }

  static ReacquisitionRule campaign(RandomnessSource in, int i, boolean withUntil) {
    CertificateSelector.Builder s = CertificateSelector.builder();
    if (between(in, 0, 1) == 1) {
      s.services(SERVICES.get((int) between(in, 0, SERVICES.size() - 1)));
    }
    long bound = between(in, 0, 3);
    Instant b = instant(in);
    if (bound == 1) {
      s.validityStart(TimeRange.onOrBefore(b));
    } else if (bound == 2) {
      s.validityStart(TimeRange.onOrAfter(b));
    } else if (bound == 3) {
      s.validityEnd(TimeRange.onOrBefore(b));
    }
    Instant unusable = instant(in);
    Instant from = instant(in);
    Instant until = withUntil && between(in, 0, 1) == 1
        ? from.plusSeconds(between(in, 0, SPAN / 4)) : null;
    return new ReacquisitionRule("c" + i, s.build(), unusable, from, until, "C" + i, null);
  }

  static RenewalRule renewal(RandomnessSource in, int i) {
    CertificateSelector s = between(in, 0, 1) == 1
        ? CertificateSelector.builder().services(SERVICES.get((int) between(in, 0, 2))).build()
        : CertificateSelector.any();
    Integer grace = between(in, 0, 1) == 1 ? (int) between(in, 0, 60) : null;
    return RenewalRule.days("r" + i, s, (int) between(in, 0, 120), grace, "R" + i);
  }

  static Gen<Scenario> scenarios(boolean renewals, boolean withUntil) {
    return in -> {
      Instant nb = BASE.plusSeconds(between(in, 0, SPAN));
      Instant na = nb.plusSeconds(between(in, 0, SPAN / 2));
      CertificateRecord cert = Records.of(SERVICES.get((int) between(in, 0, 2)), nb, na);
      List<Rule> rules = new ArrayList<>();
      int n = (int) between(in, 0, 4);
      for (int i = 0; i < n; i++) {
        rules.add(renewals && between(in, 0, 1) == 1 ? renewal(in, i) : campaign(in, i, withUntil));
      }
      Instant a = instant(in);
      Instant b = instant(in);
      return new Scenario(cert, rules, a.isBefore(b) ? a : b, a.isBefore(b) ? b : a);
    };
  }

  static boolean reacquisitionAllowed(RuleSet rules, CertificateRecord c, Instant t) {
    return rules.checkReacquisition(c, t) instanceof ReacquisitionDecision.Allowed;
  }

  @Test
  void suggestedWindowStartIsNeverAfterItsEnd() {
    qt().withExamples(3000).forAll(scenarios(true, true)).checkAssert(s -> {
      for (Instant t : List.of(s.t1, s.t2, s.cert.notBefore(), s.cert.notAfter())) {
        SuggestedWindow w = s.ruleSet().evaluate(s.cert, t).suggestedWindow();
        if (w.end().isBefore(w.start())) {
          throw new AssertionError("window " + w + " at " + t);
        }
      }
    });
  }

  @Test
  void onceReacquisitionOpensItStaysOpenWithoutAnExplicitEnd() {
    qt().withExamples(3000).forAll(scenarios(false, false)).check(s -> {
      RuleSet rules = s.ruleSet();
      Verdict v1 = rules.evaluate(s.cert, s.t1);
      if (!(v1.rule() instanceof ReacquisitionRule) || !reacquisitionAllowed(rules, s.cert, s.t1)) {
        return true;
      }
      return reacquisitionAllowed(rules, s.cert, s.t2);
    });
  }

  @Test
  void reacquisitionNeverGoesBackToNotYet() {
    qt().withExamples(3000).forAll(scenarios(true, true)).check(s -> {
      RuleSet rules = s.ruleSet();
      return !reacquisitionAllowed(rules, s.cert, s.t1)
          || !(rules.checkReacquisition(s.cert, s.t2) instanceof ReacquisitionDecision.NotYet);
    });
  }

  @Test
  void aCertificateThatBecameUnusableNeverBecomesUsableAgain() {
    qt().withExamples(3000).forAll(scenarios(true, true)).check(s -> {
      if (s.t1.isBefore(s.cert.notBefore())) {
        return true;
      }
      RuleSet rules = s.ruleSet();
      return rules.evaluate(s.cert, s.t1).usableNow() || !rules.evaluate(s.cert, s.t2).usableNow();
    });
  }

  @Test
  void anUnrelatedRuleChangesNothingWhereverItIsInserted() {
    CertificateSelector unrelated = CertificateSelector.builder().services("no-such-service")
        .build();
    List<Rule> extras = List.of(
        new ReacquisitionRule("unrelated-c", unrelated, BASE, BASE, null, "U", null),
        RenewalRule.days("unrelated-r", unrelated, 400, 400, "U"));
    qt().withExamples(2000).forAll(scenarios(true, true)).checkAssert(s -> {
      Verdict expected = s.ruleSet().evaluate(s.cert, s.t1);
      for (Rule extra : extras) {
        for (int at = 0; at <= s.rules.size(); at++) {
          List<Rule> more = new ArrayList<>(s.rules);
          more.add(at, extra);
          Verdict actual = RuleSet.of(more).evaluate(s.cert, s.t1);
          if (!actual.equals(expected)) {
            throw new AssertionError(extra.id() + " at " + at + " changed " + expected + " to "
                + actual);
          }
        }
      }
    });
  }

  @Test
  void verdictsDoNotDependOnTheJvmDefaultZone() {
    TimeZone original = TimeZone.getDefault();
    try {
      qt().withExamples(1000).forAll(scenarios(true, true)).checkAssert(s -> {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Verdict utc = s.ruleSet().evaluate(s.cert, s.t1);
        @Nullable RuleSet fileUtc = notice();
        for (String zone : ZONES) {
          TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
          Verdict v = s.ruleSet().evaluate(s.cert, s.t1);
          if (!v.equals(utc)) {
            throw new AssertionError("default zone " + zone + " gave " + v + " instead of " + utc);
          }
          if (!notice().rules().equals(fileUtc.rules())) {
            throw new AssertionError("default zone " + zone + " changed the parsed rule file");
          }
        }
      });
    } finally {
      TimeZone.setDefault(original);
    }
  }

  static RuleSet notice() {
    return RuleSet.parse("""
        shomei-rules 1
        zone = Asia/Tokyo
        [campaign n]
        service = fx-forward
        validity-start <= 2020-11-11
        unusable-from = 2021-02-24
        reacquire-from = 2021-02-24
        reacquire-until = 2021-12-31
        explanation-code = N
        """, "n.rules");
  }

  @Test
  void aThirdOfAValidityPeriodIsExactlyWhatDurationDividedByGives() {
    Gen<Duration> durations = in -> Duration.ofSeconds(between(in, 0, Long.MAX_VALUE),
        between(in, 0, 999_999_999));
    Gen<Duration> periods = in -> Duration.between(instant(in), instant(in)).abs();
    qt().forAll(durations).checkAssert(d ->
        assertThat(Evaluator.third(d)).isEqualTo(d.dividedBy(3)));
    qt().forAll(periods).checkAssert(d ->
        assertThat(Evaluator.third(d)).isEqualTo(d.dividedBy(3)));
  }
}
