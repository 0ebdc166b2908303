package io.shomei.core.eligibility;

import io.shomei.core.identity.CertificatePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.testing.ca.KeyType;
import io.shomei.testing.ca.TestCa;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.lang.reflect.Executable;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RuleSetTest {
  static final Instant NB = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant NA = Instant.parse("2024-12-31T23:59:59Z");
  static final AccountKey ACCOUNT = new AccountKey("12345678", "fx-forward");
  static final TestCa CA = TestCa.root("Shomei Rules CA");

  static ReacquisitionRule campaign(String id, CertificateSelector s, String from) {
    return new ReacquisitionRule(id, s, Instant.parse(from), Instant.parse(from), null, "CODE",
        null);
  }

  static RenewalRule renewal(int days, @Nullable Integer grace) {
    return RenewalRule.days("renew", CertificateSelector.any(), days, grace, "RENEWAL");
  }

  @Test
  void renewalWalksThroughNotDueEligibleGraceAndOperator() {
    RuleSet rules = RuleSet.of(renewal(30, 14));
    CertificateRecord c = Records.of("fx-forward", NB, NA);
    Instant due = NA.minus(Duration.ofDays(30));
    Instant graceEnd = NA.plus(Duration.ofDays(14));

    Verdict early = rules.evaluate(c, due.minusNanos(1));
    assertThat(early).isEqualTo(new Verdict.RenewalNotDueUntil(renewal(30, 14), due.minusNanos(1),
        due, new SuggestedWindow(due, NA)));
    assertThat(early.usableNow()).isTrue();

    assertThat(rules.evaluate(c, due)).isInstanceOfSatisfying(Verdict.EligibleNow.class, e -> {
      assertThat(e.reasons()).containsExactly(Verdict.EligibleNow.Reason.RENEWAL_WINDOW_OPEN);
      assertThat(e.usableNow()).isTrue();
      assertThat(e.selfServiceUntil()).isEqualTo(graceEnd);
    });
    // notAfter is inclusive
    assertThat(rules.evaluate(c, NA).usableNow()).isTrue();
    assertThat(rules.evaluate(c, NA.plusNanos(1))).isEqualTo(new Verdict.ExpiredSelfServiceUntil(
        renewal(30, 14), NA.plusNanos(1), NA, graceEnd, new SuggestedWindow(NA, graceEnd)));
    assertThat(rules.evaluate(c, graceEnd)).isInstanceOf(Verdict.ExpiredSelfServiceUntil.class);
    assertThat(rules.evaluate(c, graceEnd.plusNanos(1))).isInstanceOfSatisfying(
        Verdict.OperatorRequired.class,
        o -> assertThat(o.cause()).isEqualTo(Verdict.OperatorRequired.Cause.GRACE_OVER));
    assertThat(rules.checkReacquisition(c, graceEnd.plusNanos(1))).isInstanceOf(
        ReacquisitionDecision.OperatorRequired.class);
    assertThat(rules.checkLogin(c, NA.plusNanos(1))).isInstanceOfSatisfying(
        LoginDecision.Refused.class, r -> {
          assertThat(r.reason()).isEqualTo(LoginDecision.Reason.EXPIRED);
          assertThat(r.since()).isEqualTo(NA);
          assertThat(r.next()).isEqualTo(new ReacquisitionDecision.Allowed(
              rules.evaluate(c, NA.plusNanos(1))));
        });
  }

  @Test
  void renewalWithoutGraceNeedsAnOperatorRightAfterExpiry() {
    RuleSet rules = RuleSet.of(renewal(30, null));
    CertificateRecord c = Records.of("fx-forward", NB, NA);
    assertThat(rules.evaluate(c, NA.plusSeconds(1))).isInstanceOfSatisfying(
        Verdict.OperatorRequired.class,
        o -> assertThat(o.cause()).isEqualTo(Verdict.OperatorRequired.Cause.EXPIRED));
  }

  @Test
  void aCampaignsNotBeforeBeatsAnOpenRenewalWindow() {
    ReacquisitionRule notBefore = campaign("c", CertificateSelector.any(), "2024-12-20T00:00:00Z");
    RuleSet rules = RuleSet.of(renewal(30, 14), notBefore);
    CertificateRecord c = Records.of("fx-forward", NB, NA);
    Instant inWindow = Instant.parse("2024-12-10T00:00:00Z");
    assertThat(rules.evaluate(c, inWindow)).isInstanceOf(Verdict.AffectedWaitUntil.class);
    assertThat(rules.checkReacquisition(c, inWindow)).isInstanceOfSatisfying(
        ReacquisitionDecision.NotYet.class,
        n -> assertThat(n.from()).isEqualTo(Instant.parse("2024-12-20T00:00:00Z")));
    // once open, the open renewal window is added to the reasons
    assertThat(rules.evaluate(c, Instant.parse("2024-12-21T00:00:00Z"))).isInstanceOfSatisfying(
        Verdict.EligibleNow.class, e -> {
          assertThat(e.rule()).isEqualTo(notBefore);
          assertThat(e.reasons()).containsExactlyInAnyOrder(
              Verdict.EligibleNow.Reason.REACQUISITION_OPEN,
              Verdict.EligibleNow.Reason.RENEWAL_WINDOW_OPEN);
        });
  }

  @Test
  void theFirstMatchingCampaignInOrderWins() {
    ReacquisitionRule a = campaign("a", CertificateSelector.any(), "2024-06-01T00:00:00Z");
    ReacquisitionRule b = campaign("b", CertificateSelector.any(), "2024-03-01T00:00:00Z");
    CertificateRecord c = Records.of("fx-forward", NB, NA);
    assertThat(RuleSet.of(a, b).evaluate(c, NB).rule()).isEqualTo(a);
    assertThat(RuleSet.of(b, a).evaluate(c, NB).rule()).isEqualTo(b);
  }

  @Test
  void campaignWithAnEndClosesSelfServiceAfterIt() {
    Instant from = Instant.parse("2024-03-01T00:00:00Z");
    Instant until = Instant.parse("2024-03-31T23:59:59Z");
    ReacquisitionRule r = new ReacquisitionRule("c", CertificateSelector.any(),
        Instant.parse("2024-04-01T00:00:00Z"), from, until, "CODE", null);
    RuleSet rules = RuleSet.of(r);
    CertificateRecord c = Records.of("fx-forward", NB, NA);
    assertThat(rules.evaluate(c, until)).isInstanceOfSatisfying(Verdict.EligibleNow.class, e -> {
      assertThat(e.suggestedWindow()).isEqualTo(new SuggestedWindow(from, until));
      assertThat(e.usableNow()).isTrue();
    });
    Verdict closed = rules.evaluate(c, until.plusNanos(1));
    assertThat(closed).isInstanceOfSatisfying(Verdict.OperatorRequired.class, o -> {
      assertThat(o.cause()).isEqualTo(Verdict.OperatorRequired.Cause.REACQUISITION_CLOSED);
      assertThat(o.usableNow()).isTrue();
    });
    assertThat(rules.checkReacquisition(c, until.plusNanos(1))).isEqualTo(
        new ReacquisitionDecision.OperatorRequired(
            ReacquisitionDecision.OperatorRequired.Reason.REACQUISITION_CLOSED, closed));
  }

  @Test
  void stateBeatsEveryRule() {
    RuleSet rules = RuleSet.of(campaign("c", CertificateSelector.any(), "2024-03-01T00:00:00Z"));
    CertificateRecord c = Records.of("fx-forward", NB, NA);
    Instant at = Instant.parse("2024-02-01T00:00:00Z");
    CertificateRecord sup = Records.superseded(c, BigInteger.valueOf(99), at);
    assertThat(rules.evaluate(sup, at.plusSeconds(1))).isEqualTo(
        new Verdict.Superseded(at.plusSeconds(1), BigInteger.valueOf(99), at,
            SuggestedWindow.at(at)));
    CertificateRecord rev = Records.revoked(c, at);
    assertThat(rules.evaluate(rev, at)).isInstanceOf(Verdict.Revoked.class);
    assertThat(rules.checkReacquisition(rev, at)).isInstanceOf(
        ReacquisitionDecision.OperatorRequired.class);
    assertThat(rules.checkLogin(rev, at)).isInstanceOfSatisfying(LoginDecision.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(LoginDecision.Reason.REVOKED));
  }

  @Test
  void notYetValidAndNoRuleExpiry() {
    RuleSet rules = RuleSet.of();
    CertificateRecord c = Records.of("fx-forward", NB, NA);
    assertThat(rules.evaluate(c, NB.minusNanos(1))).isInstanceOf(Verdict.NotYetValid.class);
    assertThat(rules.checkLogin(c, NB.minusNanos(1))).isInstanceOfSatisfying(
        LoginDecision.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(LoginDecision.Reason.NOT_YET_VALID));
    assertThat(rules.evaluate(c, NB)).isInstanceOf(Verdict.Unaffected.class);
    assertThat(rules.evaluate(c, NA.plusNanos(1))).isInstanceOf(Verdict.OperatorRequired.class);
    assertThat(rules.checkReacquisition(null, NB)).isEqualTo(new ReacquisitionDecision.Allowed(null));
  }

  @Test
  void statusSelectorLimitsTheRule() {
    CertificateSelector onlyActive = CertificateSelector.builder()
        .statuses(CertificateStatus.ACTIVE).build();
    RuleSet rules = RuleSet.of(campaign("c", onlyActive, "2024-03-01T00:00:00Z"));
    CertificateRecord issued = Records.of("fx-forward", NB, NA);
    assertThat(rules.evaluate(issued, NB)).isInstanceOf(Verdict.Unaffected.class);
  }

  // --- selectors on DER facts, with real certificates ---

  static CertificateRecord record(TestCa.Issued i) {
    return i.record(ACCOUNT, NB);
  }

  static boolean affected(CertificateSelector s, CertificateRecord c) {
    return RuleSet.of(campaign("c", s, "2030-01-01T00:00:00Z")).evaluate(c, NB)
        instanceof Verdict.AffectedWaitUntil;
  }

  @Test
  void keyRefusedByPolicySelectsTheCertificatesLoginWouldRefuseUnderTheRuleSetsPolicy() {
    CertificateSelector refused = CertificateSelector.builder().keyRefusedByPolicy().build();
    CertificateRecord rsa2048 = record(CA.leaf().keyType(KeyType.RSA_2048).validity(NB, NA).issue());
    CertificateRecord ec = record(CA.leaf().validity(NB, NA).issue());
    RuleSet rules = RuleSet.of(campaign("c", refused, "2030-01-01T00:00:00Z"));
    assertThat(rules.evaluate(rsa2048, NB)).isInstanceOf(Verdict.Unaffected.class);
    RuleSet tightened = rules.withCertificatePolicy(
        CertificatePolicy.bankDefault().withRsaKeys(3072, 8192));
    assertThat(tightened.evaluate(rsa2048, NB)).isInstanceOf(Verdict.AffectedWaitUntil.class);
    assertThat(tightened.evaluate(ec, NB)).isInstanceOf(Verdict.Unaffected.class);
    assertThat(RuleSet.parse("""
        shomei-rules 1
        zone = Asia/Tokyo

        [campaign tightened]
        key-policy = refused
        unusable-from = 2030-01-01
        reacquire-from = 2029-01-01
        explanation-code = POLICY
        """, "t.rules").withCertificatePolicy(CertificatePolicy.bankDefault().withoutRsaKeys())
        .evaluate(rsa2048, NB)).isInstanceOf(Verdict.AffectedWaitUntil.class);
  }

  @Test
  void keyAlgorithmAndSizeSelectWeakKeys() {
    CertificateSelector weakRsa = CertificateSelector.builder()
        .keyAlgorithm("RSA").keySizes(0, 2047).build();
    CertificateRecord rsa1024 = record(CA.leaf().keyType(KeyType.RSA_1024).validity(NB, NA).issue());
    CertificateRecord rsa2048 = record(CA.leaf().keyType(KeyType.RSA_2048).validity(NB, NA).issue());
    CertificateRecord ec = record(CA.leaf().validity(NB, NA).issue());
    assertThat(affected(weakRsa, rsa1024)).isTrue();
    assertThat(affected(weakRsa, rsa2048)).isFalse();
    assertThat(affected(weakRsa, ec)).isFalse();
    assertThat(affected(CertificateSelector.builder().keyAlgorithm("EC").keySizes(256, 256)
        .build(), ec)).isTrue();
    assertThat(affected(CertificateSelector.builder().keyAlgorithm("EC").keySizes(384, 521)
        .build(), ec)).isFalse();
  }

  @Test
  void signatureAlgorithmSelectsByOidWhateverTheName() {
    CertificateRecord sha1 = record(CA.leaf().signatureAlgorithm("SHA1withECDSA")
        .validity(NB, NA).issue());
    CertificateRecord sha256 = record(CA.leaf().validity(NB, NA).issue());
    CertificateSelector byName = CertificateSelector.builder()
        .signatureAlgorithms("SHA1withECDSA").build();
    CertificateSelector byOid = CertificateSelector.builder()
        .signatureAlgorithms("1.2.840.10045.4.1").build();
    assertThat(affected(byName, sha1)).isTrue();
    assertThat(affected(byOid, sha1)).isTrue();
    assertThat(affected(byName, sha256)).isFalse();
  }

  @Test
  void policyOidSelectsCertificatesAssertingIt() {
    CertificateRecord withPolicy = record(CA.leaf().policy("1.2.392.99.1").policy("1.2.392.99.2")
        .validity(NB, NA).issue());
    CertificateRecord without = record(CA.leaf().validity(NB, NA).issue());
    CertificateSelector s = CertificateSelector.builder().policyOids("1.2.392.99.2").build();
    assertThat(affected(s, withPolicy)).isTrue();
    assertThat(affected(s, without)).isFalse();
  }

  @Test
  void issuerByDistinguishedNameAndByKeyIdentifier() throws Exception {
    TestCa other = TestCa.root("Another CA");
    CertificateRecord mine = record(CA.leaf().validity(NB, NA).issue());
    CertificateRecord theirs = record(other.leaf().validity(NB, NA).issue());
    CertificateSelector byDn = CertificateSelector.builder()
        .issuerDn("cn=shomei rules ca, o=Shomei Test").build();
    assertThat(affected(byDn, mine)).isTrue();
    assertThat(affected(byDn, theirs)).isFalse();

    X509Certificate caCert = CA.rootCertificate();
    String keyId = HexFormat.of().formatHex(SubjectKeyIdentifier.fromExtensions(
        new JcaX509CertificateHolder(caCert).getExtensions()).getKeyIdentifier());
    CertificateSelector byKeyId = CertificateSelector.builder().issuerKeyId(keyId).build();
    assertThat(affected(byKeyId, mine)).isTrue();
    assertThat(affected(byKeyId, theirs)).isFalse();
  }

  @Test
  void issuerDnSelectorIsNotFooledByACommaInsideTheCommonName() {
    // issuer O=Shomei Test, CN="Rules CA,O=Shomei Test": one CN that contains ",O=..."
    TestCa spoof = TestCa.root("Rules CA,O=Shomei Test");
    CertificateRecord spoofed = record(spoof.leaf().validity(NB, NA).issue());
    CertificateSelector s = CertificateSelector.builder()
        .issuerDn("CN=Rules CA,O=Shomei Test,O=Shomei Test").build();
    assertThat(affected(s, spoofed)).isFalse();
    CertificateSelector exact = CertificateSelector.builder()
        .issuerDn("CN=Rules CA\\,O=Shomei Test,O=Shomei Test").build();
    assertThat(affected(exact, spoofed)).isTrue();
  }

  @Test
  void issuerDnSelectorDoesNotMatchTheReversedName() {
    CertificateRecord mine = record(CA.leaf().validity(NB, NA).issue());
    CertificateSelector reversed = CertificateSelector.builder()
        .issuerDn("O=Shomei Test,CN=Shomei Rules CA").build();
    assertThat(affected(reversed, mine)).isFalse();
  }

  @Test
  void unparseableDerIsAnErrorOnlyWhenARuleNeedsIt() {
    CertificateRecord broken = Records.of("fx-forward", NB, NA);
    RuleSet cheap = RuleSet.of(campaign("c", CertificateSelector.builder().services("fx-forward")
        .build(), "2030-01-01T00:00:00Z"));
    assertThat(cheap.evaluate(broken, NB)).isInstanceOf(Verdict.AffectedWaitUntil.class);
    RuleSet needsDer = RuleSet.of(campaign("weak", CertificateSelector.builder()
        .keyAlgorithm("RSA").build(), "2030-01-01T00:00:00Z"));
    assertThatThrownBy(() -> needsDer.evaluate(broken, NB))
        .isInstanceOf(EligibilityException.class)
        .hasMessageContaining("rule weak")
        .hasMessageContaining(broken.serial().toString(16));
    // a cheap criterion that fails first means the DER is never read
    RuleSet otherService = RuleSet.of(campaign("weak", CertificateSelector.builder()
        .services("fx-spot").keyAlgorithm("RSA").build(), "2030-01-01T00:00:00Z"));
    assertThat(otherService.evaluate(broken, NB)).isInstanceOf(Verdict.Unaffected.class);
  }

  @Test
  void duplicateRuleIdsAreRefused() {
    assertThatThrownBy(() -> RuleSet.of(renewal(1, null), renewal(2, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate rule id");
  }

  @Test
  void noPublicApiTakesAZonelessLocalDate() {
    List<Class<?>> api = List.of(ZonedDate.class, TimeRange.class, CertificateSelector.class,
        CertificateSelector.Builder.class, ReacquisitionRule.class, RenewalRule.class,
        RuleSet.class, Campaign.class, Campaign.Builder.class, CampaignCsv.class,
        Eligibility.class);
    for (Class<?> type : api) {
      List<Executable> all = new ArrayList<>(List.of(type.getConstructors()));
      all.addAll(List.of(type.getMethods()));
      for (Executable e : all) {
        List<Class<?>> params = List.of(e.getParameterTypes());
        if (params.contains(LocalDate.class)) {
          assertThat(params).as(e.toString()).contains(ZoneId.class);
        }
      }
    }
  }
}
