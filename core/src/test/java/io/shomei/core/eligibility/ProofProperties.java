package io.shomei.core.eligibility;

import static org.quicktheories.QuickTheory.qt;

import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.gen.Instants;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * "May prove possession" ({@link Eligibility#checkProof}) against "usable for login"
 * ({@link Verdict#usableNow()}) over generated rules, instants and certificate states, in three JVM
 * default zones: the two differ exactly where a campaign declares it, never elsewhere.
 */
class ProofProperties {
  static final Instant BASE = Instant.parse("2019-01-01T00:00:00Z");
  static final List<String> JVM_ZONES = List.of("UTC", "Asia/Tokyo", "America/Los_Angeles");
  static final List<String> SERVICES = List.of("fx-forward", "fx-spot");

  record Case(CertificateRecord cert, List<Rule> rules, Instant now, long seed) {
    @Override
    public String toString() {
      return "seed " + seed + "\n cert " + cert + "\n rules " + rules + "\n now " + now;
    }
  }

  /** A case from a seeded random source (the fixtures' instant generator near every boundary). */
  static Case generate(long seed) {
    Random r = new Random(seed);
    Instant nb = Instants.betweenSeconds(r, BASE, BASE.plus(Duration.ofDays(3 * 365)));
    Instant na = nb.plus(Duration.ofDays(1 + r.nextInt(2 * 365)));
    CertificateRecord cert = Records.of(SERVICES.get(r.nextInt(2)), nb, na);
    List<Instant> boundaries = new ArrayList<>(List.of(nb, na));
    List<Rule> rules = new ArrayList<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      CertificateSelector.Builder s = CertificateSelector.builder();
      if (r.nextBoolean()) {
        s.services(SERVICES.get(r.nextInt(2)));
      }
      if (r.nextBoolean()) {
        s.validityStart(TimeRange.onOrBefore(Instants.around(r, nb)));
      }
      if (r.nextInt(4) == 0) {
        rules.add(RenewalRule.days("r" + i, s.build(), r.nextInt(90),
            r.nextBoolean() ? null : r.nextInt(30), "R" + i));
        continue;
      }
      Instant unusable = Instants.around(r, nb, na);
      Instant from = Instants.around(r, unusable);
      Instant until = r.nextBoolean() ? null : from.plus(Duration.ofDays(r.nextInt(400)));
      rules.add(new ReacquisitionRule("c" + i, s.build(), unusable, from, until, "C" + i, null,
          null, null, r.nextBoolean()));
      boundaries.add(unusable);
      boundaries.add(from);
    }
    CertificateRecord state = switch (r.nextInt(5)) {
      case 0 -> cert.withStatus(CertificateStatus.ACTIVE, nb, null, null);
      case 1 -> Records.superseded(cert, BigInteger.valueOf(7), Instants.around(r, nb));
      case 2 -> Records.revoked(cert, Instants.around(r, nb));
      case 3 -> cert.withStatus(CertificateStatus.REVOKED, Instants.around(r, nb),
          BigInteger.valueOf(7), RevocationReason.SUPERSEDED);
      default -> cert;
    };
    return new Case(state, rules, Instants.around(r, boundaries.toArray(new Instant[0])), seed);
  }

  static Gen<Case> cases() {
    return in -> generate(in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE)));
  }

  @Test
  void mayProvePossessionDiffersFromUsableForLoginOnlyWhereACampaignDeclaresIt() {
    TimeZone original = TimeZone.getDefault();
    try {
      qt().withExamples(4000).forAll(cases()).checkAssert(c -> {
        ProofDecision first = null;
        for (String zone : JVM_ZONES) {
          TimeZone.setDefault(TimeZone.getTimeZone(zone));
          RuleSet rules = RuleSet.of(c.rules());
          Verdict v = rules.evaluate(c.cert(), c.now());
          ProofDecision p = rules.checkProof(c.cert(), c.now());
          check(c, v, p, zone);
          if (first == null) {
            first = p;
          } else if (!first.equals(p)) {
            throw new AssertionError("default zone " + zone + " gave " + p + " instead of "
                + first + "\n" + c);
          }
        }
      });
    } finally {
      TimeZone.setDefault(original);
    }
  }

  private static void check(Case c, Verdict v, ProofDecision p, String zone) {
    String where = " (JVM zone " + zone + ")\n" + c + "\n verdict " + v + "\n proof " + p;
    CertificateRecord cert = c.cert();
    Instant now = c.now();
    boolean current = cert.status() == CertificateStatus.ACTIVE
        || cert.status() == CertificateStatus.ISSUED;
    boolean valid = !now.isBefore(cert.notBefore()) && !now.isAfter(cert.notAfter());
    if (v.usableNow()) {
      if (!(p instanceof ProofDecision.Allowed a)
          || a.basis() != ProofDecision.Basis.USABLE_FOR_LOGIN) {
        throw new AssertionError("usable for login but may not prove possession" + where);
      }
      return;
    }
    boolean campaignCut = v.rule() instanceof ReacquisitionRule campaign
        && !now.isBefore(campaign.unusableFrom());
    boolean declared = v.rule() instanceof ReacquisitionRule campaign
        && campaign.proofAfterUnusable();
    if (p instanceof ProofDecision.Allowed a) {
      if (a.basis() != ProofDecision.Basis.CAMPAIGN_ALLOWS_PROOF || !campaignCut || !current
          || !valid || !declared) {
        throw new AssertionError("proves possession beyond what the rule declares" + where);
      }
      return;
    }
    if (current && valid && campaignCut && declared) {
      throw new AssertionError("the campaign lets it prove possession, the decision refuses"
          + where);
    }
    ProofDecision.Reason reason = ((ProofDecision.Refused) p).reason();
    if ((reason == ProofDecision.Reason.NOT_CURRENT) == current) {
      throw new AssertionError("NOT_CURRENT must say exactly superseded or revoked" + where);
    }
    if (reason == ProofDecision.Reason.CAMPAIGN_REFUSES_PROOF && !(campaignCut && valid)) {
      throw new AssertionError("a campaign refusal without the campaign's cut" + where);
    }
  }

  @Test
  void theNoticeLetsA2020CertificateProveAfterTheCutOverUntilItExpires() {
    RuleSet notice = RuleSet.load(java.nio.file.Path.of("..", "examples", "rules",
        "notice-2021.rules"));
    Instant nb = Instant.parse("2020-11-10T01:00:00Z");
    Instant na = Instant.parse("2022-11-10T14:59:59Z");
    CertificateRecord cert = Records.of("fx-forward", nb, na);
    Instant cut = Instant.parse("2021-02-23T15:00:00Z");
    ProofDecision before = notice.checkProof(cert, cut.minusNanos(1));
    ProofDecision after = notice.checkProof(cert, cut);
    ProofDecision expired = notice.checkProof(cert, na.plusSeconds(1));
    org.assertj.core.api.Assertions.assertThat(before).isInstanceOfSatisfying(
        ProofDecision.Allowed.class,
        a -> org.assertj.core.api.Assertions.assertThat(a.basis())
            .isEqualTo(ProofDecision.Basis.USABLE_FOR_LOGIN));
    org.assertj.core.api.Assertions.assertThat(after).isInstanceOfSatisfying(
        ProofDecision.Allowed.class,
        a -> org.assertj.core.api.Assertions.assertThat(a.basis())
            .isEqualTo(ProofDecision.Basis.CAMPAIGN_ALLOWS_PROOF));
    org.assertj.core.api.Assertions.assertThat(after.explanation())
        .contains("notice-2021-fx-forward").contains("still prove possession");
    org.assertj.core.api.Assertions.assertThat(notice.evaluate(cert, cut).usableNow()).isFalse();
    org.assertj.core.api.Assertions.assertThat(expired).isInstanceOfSatisfying(
        ProofDecision.Refused.class,
        r -> org.assertj.core.api.Assertions.assertThat(r.reason())
            .isEqualTo(ProofDecision.Reason.EXPIRED));
  }

  @Test
  void aCampaignAgainstTheKeyItselfRefusesProofFromItsCutOver() {
    RuleSet weakKey = RuleSet.parse("""
        shomei-rules 1
        zone = Asia/Tokyo
        [campaign weak-keys]
        service = fx-forward
        unusable-from = 2021-02-24
        reacquire-from = 2021-02-24
        proof-after-unusable = refused
        explanation-code = WEAK_KEY
        """, "weak.rules");
    CertificateRecord cert = Records.of("fx-forward", Instant.parse("2020-11-10T01:00:00Z"),
        Instant.parse("2022-11-10T14:59:59Z"));
    ProofDecision p = weakKey.checkProof(cert, Instant.parse("2021-02-23T15:00:00Z"));
    org.assertj.core.api.Assertions.assertThat(p).isInstanceOfSatisfying(
        ProofDecision.Refused.class,
        r -> org.assertj.core.api.Assertions.assertThat(r.reason())
            .isEqualTo(ProofDecision.Reason.CAMPAIGN_REFUSES_PROOF));
    org.assertj.core.api.Assertions.assertThat(p.explanation()).contains("weak-keys")
        .contains("does not let");
  }

  @Test
  void aMisspelledProofDeclarationIsAProblemOfTheFile() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSet.parse("""
        shomei-rules 1
        [campaign c]
        unusable-from = 2021-02-24T00:00:00Z
        reacquire-from = 2021-02-24T00:00:00Z
        proof-after-unusable = yes
        explanation-code = C
        """, "bad.rules")).isInstanceOf(RuleFileException.class)
        .hasMessageContaining("proof-after-unusable").hasMessageContaining("allowed or refused");
  }
}
