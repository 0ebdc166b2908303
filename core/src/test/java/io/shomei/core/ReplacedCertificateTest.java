package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.eligibility.VerdictKind;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import java.io.ByteArrayInputStream;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A certificate replaced by a re-acquisition is superseded, never revoked for cause: in the store,
 * on the CRL, in its verdict and in what login and the certificate check answer. A revocation for
 * cause may send the customer to the branch; a re-acquisition must not.
 */
class ReplacedCertificateTest {
  static final Instant AT = Instant.parse("2021-03-01T00:00:00Z");
  static final String USER = "12345678";

  /** Acquires twice; returns the first (replaced) certificate's record. */
  private static CertificateRecord replacedIn(ShomeiBank bank) {
    try (LetterFields letter = bank.enroll(USER, FX)) {
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
      CertificatesTest.downloadAll(bank, first);
      AcquisitionResult.Acquired second = acquired(bank.acquire(letter, FX));
      assertThat(second.superseded()).isEqualTo(first.serial());
      return bank.memoryCertificates.findBySerial(first.serial()).orElseThrow();
    }
  }

  @Test
  void aNaturallyReplacedCertificateIsSupersededNotRevokedForCause() throws Exception {
    ShomeiBank bank = new ShomeiBank(AT, o -> o.voluntaryReacquisition(true));
    CertificateRecord old = replacedIn(bank);

    // the store: SUPERSEDED, no revocation reason
    assertThat(old.status()).isEqualTo(CertificateStatus.SUPERSEDED);
    assertThat(old.revocationReason()).isNull();

    // the CRL: listed with reason superseded
    X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(bank.shomei.crl().issue().der()));
    assertThat(crl.getRevokedCertificate(old.serial()).getRevocationReason())
        .isEqualTo(CRLReason.SUPERSEDED);

    // the verdict and the re-acquisition it implies
    Eligibility rules = RuleSet.load(ShomeiBank.NOTICE_FILE);
    assertThat(rules.evaluate(old, AT).kind()).isEqualTo(VerdictKind.SUPERSEDED);
    assertThat(rules.checkReacquisition(old, AT))
        .isNotInstanceOf(ReacquisitionDecision.OperatorRequired.class);
  }

  @Test
  void aReplacedCertificateRevokedAsSupersededStillReadsAsSupersededNotRevoked() {
    // the 0.1 default: the replaced certificate is also revoked, with reason superseded
    ShomeiBank bank = new ShomeiBank(AT, o -> o.voluntaryReacquisition(true)
        .retirementPolicy(RetirementPolicy.AT_ISSUANCE));
    CertificateRecord old = replacedIn(bank);
    assertThat(old.status()).isEqualTo(CertificateStatus.REVOKED);
    assertThat(old.revocationReason()).isEqualTo(RevocationReason.SUPERSEDED);

    Eligibility rules = RuleSet.load(ShomeiBank.NOTICE_FILE);
    assertThat(rules.evaluate(old, AT).kind()).isEqualTo(VerdictKind.SUPERSEDED);
    assertThat(rules.checkReacquisition(old, AT))
        .isNotInstanceOf(ReacquisitionDecision.OperatorRequired.class);
  }

  @Test
  void aRevocationForCauseStillNeedsTheBranch() {
    ShomeiBank bank = new ShomeiBank(AT, o -> o.voluntaryReacquisition(true));
    CertificateRecord old = replacedIn(bank);
    CertificateRecord active = bank.memoryCertificates.findActive(old.account()).orElseThrow();
    bank.shomei.operator("branch-001").revoke(active.serial(), RevocationReason.KEY_COMPROMISE);
    CertificateRecord revoked = bank.memoryCertificates.findBySerial(active.serial()).orElseThrow();

    Eligibility rules = RuleSet.load(ShomeiBank.NOTICE_FILE);
    assertThat(rules.evaluate(revoked, AT).kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(rules.checkReacquisition(revoked, AT))
        .isInstanceOf(ReacquisitionDecision.OperatorRequired.class);
  }
}
