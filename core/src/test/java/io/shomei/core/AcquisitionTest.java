package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.account;
import static io.shomei.core.ShomeiBank.acquired;
import static io.shomei.core.ShomeiBank.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.Secret;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.issue.IssuanceRefusal;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.LetterFields;
import io.shomei.core.pkcs12.Pkcs12Profile;
import io.shomei.core.testkit.Csrs;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.RevocationReason;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Acquisition (MISSION A1-A5, R5-R6): success paths and every refusal. */
class AcquisitionTest {
  static final Instant AFTER_CHANGE = Instant.parse("2021-03-01T00:00:00Z");
  static final Instant BEFORE_CUTOFF = Instant.parse("2020-10-01T00:00:00Z");

  final ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);

  @Test
  void firstAcquisitionWithTheTemporaryPasswordGivesAnActiveCertificateAndADownloadableFile()
      throws Exception {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      assertThat(a.resumed()).isFalse();
      assertThat(a.superseded()).isNull();
      assertThat(a.certificate().getSubjectX500Principal().getName()).contains("CN=12345678");
      CertificateRecord active = bank.memoryCertificates.findActive(account("12345678")).orElseThrow();
      assertThat(active.serial()).isEqualTo(a.serial());
      DownloadTicketInfo ticket = a.downloadTicket().orElseThrow();
      assertThat(ticket.id()).matches("[A-Za-z0-9_-]{32}");
      assertThat(ticket.toString()).doesNotContain(ticket.id());
      assertThat(ticket.downloadsLeft()).isEqualTo(3);
      assertThat(ticket.expiresAt()).isEqualTo(AFTER_CHANGE.plus(Duration.ofHours(24)));

      DownloadResult.Downloaded d =
          (DownloadResult.Downloaded) bank.shomei.acquisition().download(ticket.id());
      assertThat(d.fileName()).isEqualTo("12345678.p12");
      assertThat(d.contentType()).isEqualTo("application/x-pkcs12");
      assertThat(d.downloadsLeft()).isEqualTo(2);
      KeyStore ks = ShomeiBank.open(d.pkcs12(), letter.acquisitionPassword());
      String alias = ks.aliases().nextElement();
      assertThat(((X509Certificate) ks.getCertificate(alias)).getSerialNumber()).isEqualTo(a.serial());
      assertThat(ks.isKeyEntry(alias)).isTrue();
    }
    assertThat(bank.auditTypes()).containsSubsequence("ACCOUNT_CREATED", "ACQUISITION_ATTEMPTED",
        "CERTIFICATE_ISSUED", "CERTIFICATE_DOWNLOADED");
    assertThat(bank.shomei.audit().verify()).isInstanceOf(ChainVerification.Intact.class);
  }

  @Test
  void theRequestSecretsAreDestroyedWhateverTheOutcome() {
    Secret login = Secret.of("wrong-login");
    Secret acq = Secret.of("wrong-acquisition");
    bank.shomei.acquisition().acquire(AcquisitionRequest.of("99999999", FX, login, acq));
    assertThat(login.isDestroyed()).isTrue();
    assertThat(acq.isDestroyed()).isTrue();
  }

  @Test
  void unknownServiceIsRefused() {
    AcquisitionResult r = bank.acquire("12345678", "nope", Secret.of("a"), Secret.of("b"));
    assertThat(refused(r).reason()).isEqualTo(AcquisitionRefusal.UNKNOWN_SERVICE);
  }

  @Test
  void anUnknownUserGetsTheSameRefusalAsAWrongPassword() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult unknown = bank.acquire("87654321", FX, letter.temporaryPassword(),
          letter.acquisitionPassword());
      AcquisitionResult wrong = bank.acquire("12345678", FX, Secret.of("not-it"),
          letter.acquisitionPassword());
      assertThat(unknown).isEqualTo(wrong);
      assertThat(refused(unknown).reason()).isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
    }
  }

  @Test
  void aWrongLoginPasswordCountsAgainstTheAcquisitionPathNotTheLoginPassword() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult r = bank.acquire("12345678", FX, Secret.of("not-it"),
          letter.acquisitionPassword());
      assertThat(refused(r).reason()).isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
      CredentialRecord c = bank.memoryCredentials.find(account("12345678")).orElseThrow();
      assertThat(c.loginFailures()).isZero();
      assertThat(c.acquisitionFailures()).isEqualTo(1);
      assertThat(bank.memoryCertificates.count()).isZero();
    }
  }

  @Test
  void aWrongAcquisitionPasswordCountsAgainstTheAcquisitionPasswordOnly() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult r = bank.acquire("12345678", FX, letter.temporaryPassword(),
          Secret.of("not-it-either"));
      assertThat(refused(r).reason()).isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
      CredentialRecord c = bank.memoryCredentials.find(account("12345678")).orElseThrow();
      assertThat(c.loginFailures()).isZero();
      assertThat(c.acquisitionFailures()).isEqualTo(1);
    }
  }

  @Test
  void twoWrongPasswordsCountOnceAgainstTheAcquisitionPathAndASuccessResetsIt() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      bank.acquire("12345678", FX, Secret.of("x"), Secret.of("y"));
      CredentialRecord c = bank.memoryCredentials.find(account("12345678")).orElseThrow();
      assertThat(c.loginFailures()).isZero();
      assertThat(c.acquisitionFailures()).isEqualTo(1);
      acquired(bank.acquire(letter, FX));
      c = bank.memoryCredentials.find(account("12345678")).orElseThrow();
      assertThat(c.loginFailures()).isZero();
      assertThat(c.acquisitionFailures()).isZero();
    }
  }

  @Test
  void bruteForcingTheAcquisitionPasswordLocksThePathAndThenEvenTheRightOneIsRefused() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      for (int i = 0; i < 5; i++) {
        assertThat(refused(bank.acquire("12345678", FX, letter.temporaryPassword(),
            Secret.of("guess-" + i))).reason()).isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
      }
      assertThat(refused(bank.acquire(letter, FX)).reason())
          .isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
      assertThat(bank.auditTypes()).contains("ACQUISITION_PASSWORD_LOCKED");
      assertThat(bank.memoryCertificates.count()).isZero();
      // until the lock lapses
      bank.clock.advance(io.shomei.core.password.CredentialLockout.DEFAULT_FIRST_ACQUISITION_DELAY);
      acquired(bank.acquire(letter, FX));
    }
  }

  @Test
  void anExpiredTemporaryPasswordIsRefusedWithItsOwnCode() {
    ShomeiBank b = new ShomeiBank(AFTER_CHANGE, o -> o.temporaryPasswordValidity(Duration.ofDays(14)));
    try (LetterFields letter = b.enroll("12345678", FX)) {
      b.clock.advance(Duration.ofDays(14));
      assertThat(refused(b.acquire(letter, FX)).reason())
          .isEqualTo(AcquisitionRefusal.LOGIN_PASSWORD_EXPIRED);
    }
  }

  @Test
  void aOneTimeAcquisitionPasswordWorksOnce() {
    ShomeiBank b = new ShomeiBank(BEFORE_CUTOFF, o -> o.acquisitionMode(AcquisitionMode.ONE_TIME));
    try (LetterFields letter = b.enroll("12345678", FX)) {
      acquired(b.acquire(letter, FX));
      b.clock.set(AFTER_CHANGE);
      assertThat(refused(b.acquire(letter, FX)).reason())
          .isEqualTo(AcquisitionRefusal.ACQUISITION_PASSWORD_USED);
      AcquisitionPassword stored = java.util.Objects.requireNonNull(
          b.memoryCredentials.find(account("12345678")).orElseThrow().acquisitionPassword());
      assertThat(stored.consumedAt()).isNotNull();
    }
  }

  @Test
  void earlyReacquisitionIsRefusedWithTheDate() {
    ShomeiBank b = new ShomeiBank(BEFORE_CUTOFF);
    try (LetterFields letter = b.enroll("12345678", FX)) {
      acquired(b.acquire(letter, FX));
      b.clock.set(Instant.parse("2021-02-23T14:59:59Z"));
      AcquisitionResult.Refused r = refused(b.acquire(letter, FX));
      assertThat(r.reason()).isEqualTo(AcquisitionRefusal.NOT_YET_ELIGIBLE);
      assertThat(r.availableFrom()).isEqualTo(Instant.parse("2021-02-23T15:00:00Z"));
      assertThat(b.auditTypes()).contains("RULE_REFUSAL");
    }
  }

  @Test
  void aCustomerWithAUsableUnaffectedCertificateIsNotEligible() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
      // while its download ticket lives, acquiring again hands back the same file
      AcquisitionResult.Acquired again = acquired(bank.acquire(letter, FX));
      assertThat(again.resumed()).isTrue();
      assertThat(again.serial()).isEqualTo(first.serial());
      assertThat(again.downloadTicket()).isEqualTo(first.downloadTicket());
      // the certificate logs in once: from then on it is the customer's, in use
      logInFirstTime(first, letter);
      bank.memoryTickets.deleteForCertificate(ShomeiBank.ISSUER, first.serial());
      assertThat(refused(bank.acquire(letter.userId(), FX, Secret.of(NEW_PASSWORD),
          letter.acquisitionPassword())).reason()).isEqualTo(AcquisitionRefusal.NOT_ELIGIBLE);
      assertThat(bank.memoryCertificates.count()).isEqualTo(1);
    }
  }

  static final String NEW_PASSWORD = "Kawase2021x";

  /** The first certificate login: the certificate, the temporary password, the change. */
  private void logInFirstTime(AcquisitionResult.Acquired a, LetterFields letter) {
    LoginResult.CertificateStep step =
        bank.shomei.login().presentCertificate(FX, CertificatesTest.chain(a));
    PendingLogin pending = ((LoginResult.PasswordRequired) step).pending();
    assertThat(bank.shomei.login().password(pending, ShomeiBank.copy(letter.temporaryPassword())))
        .isInstanceOf(LoginResult.ChangeRequired.class);
    assertThat(bank.shomei.login().changePassword(pending,
        ShomeiBank.copy(letter.temporaryPassword()), Secret.of(NEW_PASSWORD)))
        .isInstanceOf(LoginResult.Authenticated.class);
  }

  @Test
  void aCertificateNeverUsedForLoginWhoseDownloadsRanOutCanBeAcquiredAgain() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
      CertificatesTest.downloadAll(bank, first);
      // the status a host shows says so before the customer tries
      assertThat(bank.shomei.certificates().status("12345678", FX)).isInstanceOfSatisfying(
          AccountCertificate.Held.class, h -> assertThat(h.selfServiceNow()).isTrue());

      AcquisitionResult.Acquired second = acquired(bank.acquire(letter, FX));
      assertThat(second.resumed()).isFalse();
      assertThat(second.superseded()).isEqualTo(first.serial());
      assertThat(second.downloadTicket().orElseThrow().downloadsLeft()).isEqualTo(3);
      assertThat(bank.memoryCertificates.findBySerial(first.serial()).orElseThrow().status())
          .isEqualTo(CertificateStatus.SUPERSEDED);
      assertThat(bank.audit()).filteredOn(r -> r.type().equals("CERTIFICATE_ISSUED"))
          .last().satisfies(r -> assertThat(r.details())
              .containsEntry("supersedes", first.serial().toString(16))
              .containsEntry("replaces_because", "never-used-no-download-left"));
      assertThat(bank.shomei.audit().verify()).isInstanceOf(ChainVerification.Intact.class);
    }
  }

  @Test
  void aCertificateNeverUsedForLoginWhoseFileExpiredCanBeAcquiredAgain() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
      bank.clock.advance(Duration.ofHours(25));
      AcquisitionResult.Acquired second = acquired(bank.acquire(letter, FX));
      assertThat(second.superseded()).isEqualTo(first.serial());
    }
  }

  @Test
  void aCertificateThatLoggedInIsNotReplacedWhenItsDownloadsRunOut() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
      logInFirstTime(first, letter);
      CertificatesTest.downloadAll(bank, first);
      assertThat(bank.shomei.certificates().status("12345678", FX)).isInstanceOfSatisfying(
          AccountCertificate.Held.class, h -> assertThat(h.selfServiceNow()).isFalse());
      assertThat(refused(bank.acquire(letter.userId(), FX, Secret.of(NEW_PASSWORD),
          letter.acquisitionPassword())).reason()).isEqualTo(AcquisitionRefusal.NOT_ELIGIBLE);
      assertThat(bank.memoryCertificates.count()).isEqualTo(1);
    }
  }

  @Test
  void underRetirementAtIssuanceVoluntaryReacquisitionSupersedesAndRevokesTheOldCertificate() {
    ShomeiBank b = new ShomeiBank(AFTER_CHANGE, o -> o.voluntaryReacquisition(true)
        .retirementPolicy(RetirementPolicy.AT_ISSUANCE));
    try (LetterFields letter = b.enroll("12345678", FX)) {
      AcquisitionResult.Acquired first = acquired(b.acquire(letter, FX));
      // the first ticket is used up, so the next acquisition is a new one, not a resume
      b.memoryTickets.deleteForCertificate(ShomeiBank.ISSUER, first.serial());
      AcquisitionResult.Acquired second = acquired(b.acquire(letter, FX));
      assertThat(second.superseded()).isEqualTo(first.serial());
      CertificateRecord old = b.memoryCertificates.findBySerial(first.serial()).orElseThrow();
      assertThat(old.status()).isEqualTo(CertificateStatus.REVOKED);
      assertThat(old.revocationReason()).isEqualTo(RevocationReason.SUPERSEDED);
      assertThat(old.supersededBy()).isEqualTo(second.serial());
      assertThat(b.auditTypes()).contains("CERTIFICATE_SUPERSEDED", "CERTIFICATE_REVOKED");
    }
  }

  @Test
  void underRetirementAtFirstLoginTheOldCertificateStaysSuperseded() {
    ShomeiBank b = new ShomeiBank(AFTER_CHANGE, o -> o.voluntaryReacquisition(true)
        .retirementPolicy(RetirementPolicy.AT_FIRST_LOGIN));
    try (LetterFields letter = b.enroll("12345678", FX)) {
      AcquisitionResult.Acquired first = acquired(b.acquire(letter, FX));
      b.memoryTickets.deleteForCertificate(ShomeiBank.ISSUER, first.serial());
      acquired(b.acquire(letter, FX));
      assertThat(b.memoryCertificates.findBySerial(first.serial()).orElseThrow().status())
          .isEqualTo(CertificateStatus.SUPERSEDED);
    }
  }

  @Test
  void anExpiredCertificateWithoutARuleSendsTheCustomerToTheBranch() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      acquired(bank.acquire(letter, FX));
      bank.clock.advance(Duration.ofDays(400));
      assertThat(refused(bank.acquire(letter, FX)).reason())
          .isEqualTo(AcquisitionRefusal.OPERATOR_REQUIRED);
    }
  }

  @Test
  void aNonAsciiAcquisitionPasswordIsRefusedBeforeAnythingIsSigned() {
    AccountKey account = account("12345678");
    Secret login = Secret.of("Temp0rary-pw");
    Secret acquisition = Secret.of("äöü-not-ascii-password");
    bank.memoryCredentials.create(CredentialRecord.create(account,
        new LoginPassword(ShomeiBank.HASHER.hash(login), true, AFTER_CHANGE, null),
        new AcquisitionPassword(ShomeiBank.HASHER.hash(acquisition), AFTER_CHANGE, null)));
    assertThat(refused(bank.acquire("12345678", FX, login, acquisition)).reason())
        .isEqualTo(AcquisitionRefusal.UNSUITABLE_PKCS12_PASSWORD);
    assertThat(bank.memoryCertificates.count()).isZero();
  }

  @Test
  void aMalformedCsrIsRefusedWithTheIssuersReason() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult r = bank.shomei.acquisition().acquire(AcquisitionRequest.of("12345678", FX,
          ShomeiBank.copy(letter.temporaryPassword()), ShomeiBank.copy(letter.acquisitionPassword()))
          .withCsr(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
      AcquisitionResult.Refused refused = refused(r);
      assertThat(refused.reason()).isEqualTo(AcquisitionRefusal.ISSUANCE_REFUSED);
      assertThat(refused.issuanceRefusal()).isEqualTo(IssuanceRefusal.CSR_MALFORMED);
      assertThat(bank.memoryCertificates.count()).isZero();
    }
  }

  @Test
  void aCsrGetsACertificateForItsKeyAndNoPkcs12() {
    var kp = Csrs.ec("secp256r1");
    byte[] csr = Csrs.der(kp, "SHA256withECDSA");
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.shomei.acquisition().acquire(
          AcquisitionRequest.of("12345678", FX, ShomeiBank.copy(letter.temporaryPassword()),
              ShomeiBank.copy(letter.acquisitionPassword())).withCsr(csr)));
      assertThat(a.certificate().getPublicKey()).isEqualTo(kp.getPublic());
      assertThat(a.downloadTicket()).isEmpty();
      assertThat(bank.memoryCertificates.findActive(account("12345678"))).isPresent();
    }
  }

  @Test
  void theModernProfileCanBeChosenPerRequest() throws Exception {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired a = acquired(bank.shomei.acquisition().acquire(
          AcquisitionRequest.of("12345678", FX, ShomeiBank.copy(letter.temporaryPassword()),
              ShomeiBank.copy(letter.acquisitionPassword())).withPkcs12Profile(Pkcs12Profile.MODERN)));
      DownloadResult.Downloaded d = (DownloadResult.Downloaded) bank.shomei.acquisition()
          .download(a.downloadTicket().orElseThrow().id());
      KeyStore ks = ShomeiBank.open(d.pkcs12(), letter.acquisitionPassword());
      assertThat(ks.isKeyEntry(ks.aliases().nextElement())).isTrue();
    }
  }

  @Test
  void theSameAccountIsIndependentPerService() {
    try (LetterFields fx = bank.enroll("12345678", FX);
        LetterFields spot = bank.enroll("12345678", ShomeiBank.SPOT)) {
      acquired(bank.acquire(fx, FX));
      acquired(bank.acquire(spot, ShomeiBank.SPOT));
      assertThat(bank.memoryCertificates.findActive(new AccountKey("12345678", ShomeiBank.SPOT)))
          .isPresent();
      // the fx-forward letter does not open the fx-spot account
      assertThat(refused(bank.acquire(fx, ShomeiBank.SPOT)).reason())
          .isEqualTo(AcquisitionRefusal.AUTHENTICATION_FAILED);
    }
  }

  @Test
  void downloadsAreBoundedInCountAndTime() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      String id = acquired(bank.acquire(letter, FX)).downloadTicket().orElseThrow().id();
      for (int left = 2; left >= 0; left--) {
        assertThat(((DownloadResult.Downloaded) bank.shomei.acquisition().download(id))
            .downloadsLeft()).isEqualTo(left);
      }
      assertThat(bank.shomei.acquisition().download(id))
          .isEqualTo(new DownloadResult.Refused(DownloadRefusal.NOT_FOUND));
    }
    try (LetterFields letter = bank.enroll("12345679", FX)) {
      String id = acquired(bank.acquire(letter, FX)).downloadTicket().orElseThrow().id();
      bank.clock.advance(Duration.ofHours(24));
      assertThat(bank.shomei.acquisition().download(id))
          .isEqualTo(new DownloadResult.Refused(DownloadRefusal.EXPIRED));
    }
  }

  @Test
  void aGuessedOrMalformedTicketIdFindsNothing() {
    assertThat(bank.shomei.acquisition().download("../../etc/passwd"))
        .isEqualTo(new DownloadResult.Refused(DownloadRefusal.NOT_FOUND));
    assertThat(bank.shomei.acquisition().download("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .isEqualTo(new DownloadResult.Refused(DownloadRefusal.NOT_FOUND));
  }

  @Test
  void expiredTicketsCanBePurged() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      acquired(bank.acquire(letter, FX));
      bank.clock.advance(Duration.ofDays(2));
      assertThat(bank.shomei.acquisition().deleteExpiredTickets(bank.clock.instant())).isEqualTo(1);
    }
  }

  @Test
  void requestToStringRedactsBothSecrets() {
    AcquisitionRequest r = AcquisitionRequest.of("12345678", FX, Secret.of("LoginSecret1"),
        Secret.of("AcqSecret2"));
    assertThat(r.toString()).doesNotContain("LoginSecret1").doesNotContain("AcqSecret2")
        .contains("<redacted>");
  }
}
