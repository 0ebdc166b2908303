package io.shomei.core.ocsp;

import static io.shomei.core.ocsp.Ocsp.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.gen.Instants;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.Test;

/**
 * Rule-aware status: a campaign with a revocation reason makes the responder answer exactly what
 * login decides, at every instant around the cut-over; without one, the campaign changes nothing.
 */
class RuleAwareStatusProperties {
  static final TestCa CA = OcspResponderTest.CA;
  /** 2021-02-24T00:00+09:00: the notice's cut-over. */
  static final Instant CUT_OVER = Instant.parse("2021-02-23T15:00:00Z");
  /** The last instant of 2020-11-11 in Japan: the affected cohort starts on or before it. */
  static final Instant COHORT_END = Instant.parse("2020-11-11T14:59:59Z");
  static final String RULES = """
      shomei-rules 1
      zone = Asia/Tokyo
      [campaign notice-2021]
      service = fx-forward
      validity-start <= 2020-11-11
      unusable-from = 2021-02-24
      reacquire-from = 2021-02-24
      explanation-code = CA_STANDARD_CHANGE_2021
      """;
  static final RuleSet DECLARING =
      RuleSet.parse(RULES + "revocation-reason = cessationOfOperation\n", "declaring.rules");
  static final RuleSet SILENT = RuleSet.parse(RULES, "silent.rules");

  /** A certificate whose validity starts near the cohort boundary, stored ACTIVE. */
  record World(InMemoryCertificateStore store, CertificateRecord record, Instant now) {}

  static World world(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Instant notBefore = Instants.around(random, COHORT_END, COHORT_END.plusSeconds(1))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant notAfter = notBefore.plus(Duration.ofDays(random.nextInt(1, 800)));
    Instant now = Instants.around(random, CUT_OVER, notAfter);
    String user = Long.toString(10_000_000L + random.nextLong(89_999_999L));
    AccountKey account = new AccountKey(user, "fx-forward");
    TestCa.Issued c = CA.leaf().commonName(user).validity(notBefore, notAfter).issue();
    InMemoryCertificateStore store = new InMemoryCertificateStore();
    store.record(c.record(account, notBefore));
    store.activate(c.certificate().getSerialNumber(), null, notBefore);
    return new World(store, store.findActive(account).orElseThrow(), now);
  }

  static SingleResp answer(World w, RuleSet rules) throws Exception {
    MutableClock clock = MutableClock.at(w.now());
    OcspResponder ocsp = OcspResponder.builder().certificateStore(w.store()).keyCustody(CA)
        .clock(clock).eligibility("fx-forward", rules).build();
    BigInteger serial = w.record().serial();
    return Ocsp.single(ocsp.post(request(CA, serial)), CA.publicKey());
  }

  @Test
  void theResponderSaysRevokedExactlyWhenLoginRefusesForTheCampaign() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      World w = world(seed);
      try {
        SingleResp r = answer(w, DECLARING);
        LoginDecision login = DECLARING.checkLogin(w.record(), w.now());
        boolean campaignRefuses = login instanceof LoginDecision.Refused f
            && f.reason() == LoginDecision.Reason.REACQUIRE_REQUIRED;
        boolean inCohortAfterCutOver = !w.record().notBefore().isAfter(COHORT_END)
            && !w.now().isBefore(CUT_OVER);
        boolean valid = !w.now().isAfter(w.record().notAfter());
        if (valid) {
          // within validity login and the responder make the same decision, the rule's
          assertThat(r.getCertStatus() instanceof RevokedStatus).as("seed %s", seed)
              .isEqualTo(campaignRefuses).isEqualTo(inCohortAfterCutOver);
        }
        if (r.getCertStatus() instanceof RevokedStatus s) {
          assertThat(inCohortAfterCutOver).as("seed %s", seed).isTrue();
          assertThat(s.getRevocationReason()).isEqualTo(5); // cessationOfOperation
          assertThat(s.getRevocationTime().toInstant()).isEqualTo(CUT_OVER);
        } else if (valid && !w.record().notBefore().isAfter(COHORT_END)) {
          // affected and still good: no relying party may cache "good" past the cut-over
          assertThat(r.getNextUpdate().toInstant()).as("seed %s", seed).isBeforeOrEqualTo(CUT_OVER);
        }
      } catch (Exception e) {
        throw new AssertionError("seed " + seed, e);
      }
    });
  }

  @Test
  void aCampaignWithoutRevocationReasonChangesNoStatus() {
    qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
      World w = world(seed);
      try {
        SingleResp r = answer(w, SILENT);
        assertThat(r.getCertStatus()).as("seed %s", seed).isNull();
        assertThat(r.getNextUpdate().toInstant())
            .isEqualTo(w.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(3600));
      } catch (Exception e) {
        throw new AssertionError("seed " + seed, e);
      }
    });
  }
}
