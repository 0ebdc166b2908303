package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.account;
import static io.shomei.core.ShomeiBank.acquired;
import static io.shomei.core.ShomeiBank.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Branch operator actions (MISSION R7): each works, each is audited with the operator's identity. */
class OperatorActionsTest {
  static final Instant NOW = Instant.parse("2021-03-01T00:00:00Z");
  final ShomeiBank bank = new ShomeiBank(NOW);
  final OperatorActions operator = bank.shomei.operator("branch-042/tanaka");

  private AuditRecord lastAudit() {
    return bank.memoryAudit.last().orElseThrow();
  }

  private CredentialRecord stored(String userId) {
    return bank.memoryCredentials.find(account(userId)).orElseThrow();
  }

  @Test
  void resettingTheAcquisitionPasswordKillsTheOldOneAndClearsTheLock() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      for (int i = 0; i < 5; i++) {
        bank.acquire("12345678", FX, letter.temporaryPassword(), Secret.of("guess" + i));
      }
      assertThat(stored("12345678").acquisitionLocked()).isTrue();

      OperatorOutcome.NewPassword reset =
          (OperatorOutcome.NewPassword) operator.resetAcquisitionPassword(account("12345678"));
      assertThat(reset.state().acquisitionLockedAt()).isNull();
      assertThat(reset.state().acquisitionFailures()).isZero();
      assertThat(lastAudit().type()).isEqualTo("OPERATOR_RESET_ACQUISITION_PASSWORD");
      assertThat(lastAudit().actor()).isEqualTo("operator:branch-042/tanaka");

      assertThat(refused(bank.acquire(letter, FX)).reason())
          .isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
      try (Secret fresh = reset.newPassword()) {
        acquired(bank.acquire("12345678", FX, letter.temporaryPassword(), fresh));
      }
    }
  }

  @Test
  void unlockingTheLoginKeepsThePasswordAndClearsTheCounter() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      // locked at the password step of a certificate login (the acquisition path cannot lock it)
      assertThat(bank.memoryCredentials.update(account("12345678"),
          c -> c.withLoginFailures(5, bank.clock.instant())))
          .isInstanceOf(io.shomei.spi.CredentialStore.UpdateResult.Updated.class);
      // acquisition never tells that a login password is locked (see AcquisitionRefusal)
      assertThat(refused(bank.acquire(letter, FX)).reason())
          .isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
      assertThat(bank.memoryCredentials.find(account("12345678")).orElseThrow().loginLockedAt())
          .isNotNull();
      OperatorOutcome.Done done = (OperatorOutcome.Done) operator.unlockLogin(account("12345678"));
      assertThat(done.state().loginLockedAt()).isNull();
      assertThat(done.state().loginFailures()).isZero();
      assertThat(lastAudit().type()).isEqualTo("OPERATOR_UNLOCKED_LOGIN");
      acquired(bank.acquire(letter, FX));
    }
  }

  @Test
  void resettingTheTemporaryPasswordReplacesTheLoginPassword() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      OperatorOutcome.NewPassword reset =
          (OperatorOutcome.NewPassword) operator.resetTemporaryPassword(account("12345678"));
      assertThat(reset.state().loginPasswordTemporary()).isTrue();
      assertThat(lastAudit().type()).isEqualTo("OPERATOR_RESET_TEMPORARY_PASSWORD");
      assertThat(refused(bank.acquire(letter, FX)).reason())
          .isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
      try (Secret temporary = reset.newPassword()) {
        acquired(bank.acquire("12345678", FX, temporary, letter.acquisitionPassword()));
      }
    }
  }

  @Test
  void revokingTheActiveCertificateForNoCauseLetsTheCustomerAcquireAgainBySelfService() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      RevocationResult r = operator.revoke(a.serial(), RevocationReason.CESSATION_OF_OPERATION);
      assertThat(r).isInstanceOf(RevocationResult.Revoked.class);
      assertThat(bank.memoryCertificates.findBySerial(a.serial()).orElseThrow().status())
          .isEqualTo(CertificateStatus.REVOKED);
      assertThat(bank.memoryTickets.findByAccount(account("12345678"))).isEmpty();
      assertThat(lastAudit().type()).isEqualTo("CERTIFICATE_REVOKED");
      assertThat(lastAudit().details()).containsEntry("reason_code", "5");

      assertThat(operator.revoke(a.serial(), RevocationReason.UNSPECIFIED))
          .isInstanceOf(RevocationResult.AlreadyRevoked.class);
      assertThat(operator.revoke(BigInteger.TEN, RevocationReason.UNSPECIFIED))
          .isInstanceOf(RevocationResult.NotFound.class);
      AcquisitionResult.Acquired again = acquired(bank.acquire(letter, FX));
      assertThat(again.superseded()).isNull();
    }
  }

  /**
   * An adopted CA issued a certificate with the serial of the customer's active one (a serial is
   * unique per issuer only). Revoking the account's active certificate and flagging the device
   * still revoke that very certificate, never the other issuer's; a serial alone names neither,
   * the issuer names one.
   */
  @Test
  void revocationsFindTheAccountsCertificateWhenAnotherIssuerUsedItsSerial() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      AccountKey adopted = account("87654321");
      io.shomei.testing.ca.TestCa.Issued theirs = io.shomei.testing.ca.TestCa.root("Adopted CA")
          .leaf().commonName("87654321").serial(a.serial()).issue();
      bank.memoryCertificates.record(theirs.record(adopted, NOW));
      io.shomei.spi.IssuerName theirIssuer = theirs.record(adopted, NOW).issuer();

      assertThat(operator.revoke(a.serial(), RevocationReason.UNSPECIFIED))
          .isInstanceOf(RevocationResult.NotFound.class);
      RevocationResult r = operator.revokeActive(account("12345678"),
          RevocationReason.CESSATION_OF_OPERATION).orElseThrow();
      assertThat(r).isInstanceOf(RevocationResult.Revoked.class);
      assertThat(lastAudit().details()).containsEntry("sha256",
          ((RevocationResult.Revoked) r).revoked().sha256Fingerprint());
      assertThat(bank.memoryCertificates.findActive(account("12345678"))).isEmpty();
      assertThat(bank.memoryCertificates.findBySerial(theirIssuer, a.serial()).orElseThrow()
          .status()).isEqualTo(CertificateStatus.ISSUED);
      assertThat(operator.revoke(theirIssuer, a.serial(), RevocationReason.KEY_COMPROMISE))
          .isInstanceOf(RevocationResult.Revoked.class);
    }
  }

  @Test
  void theAccountViewShowsStatesAndCertificatesButNoHash() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      acquired(bank.acquire(letter, FX));
      AccountView v = operator.view(account("12345678")).orElseThrow();
      assertThat(v.certificates()).singleElement()
          .extracting(c -> c.status()).isEqualTo(CertificateStatus.ACTIVE);
      assertThat(v.credentials().loginPasswordTemporary()).isTrue();
      assertThat(v.liveDownloadTickets()).isEqualTo(1);
      assertThat(v.toString()).doesNotContain("$argon2");
      assertThat(lastAudit().type()).isEqualTo("OPERATOR_VIEWED_ACCOUNT");
    }
    assertThat(operator.view(new AccountKey("00000000", FX))).isEmpty();
  }

  @Test
  void theAccountViewTellsWhenTheTemporaryPasswordWasIssuedSoItsAgeCanBeShown() {
    bank.enroll("12345678", FX).close();
    assertThat(operator.view(account("12345678")).orElseThrow().credentials()
        .loginPasswordSetAt()).isEqualTo(NOW);
    bank.clock.set(NOW.plusSeconds(3_600));
    OperatorOutcome.NewPassword reset =
        (OperatorOutcome.NewPassword) operator.resetTemporaryPassword(account("12345678"));
    reset.newPassword().destroy();
    assertThat(reset.state().loginPasswordSetAt()).isEqualTo(NOW.plusSeconds(3_600));
    assertThat(operator.view(account("12345678")).orElseThrow().credentials()
        .loginPasswordSetAt()).isEqualTo(NOW.plusSeconds(3_600));
  }

  @Test
  void actionsOnAMissingAccountChangeNothing() {
    AccountKey nobody = new AccountKey("00000000", FX);
    assertThat(operator.unlockLogin(nobody)).isEqualTo(new OperatorOutcome.NoAccount(nobody));
    assertThat(operator.resetAcquisitionPassword(nobody)).isEqualTo(new OperatorOutcome.NoAccount(nobody));
    assertThat(operator.resetTemporaryPassword(nobody)).isEqualTo(new OperatorOutcome.NoAccount(nobody));
    assertThat(bank.memoryAudit.last()).isEmpty();
  }

  @Test
  void anOperatorNeedsAnIdentity() {
    assertThatThrownBy(() -> bank.shomei.operator(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bank.shomei.operator("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bank.shomei.operator("x".repeat(120)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(bank.shomei.operator("x".repeat(119)).operatorId()).hasSize(119);
  }
}
