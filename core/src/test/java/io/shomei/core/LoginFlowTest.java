package io.shomei.core;

import static io.shomei.core.Bank.FX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.OperatorResult;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.ViolationCode;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.TestCa;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class LoginFlowTest {
  static final Instant START = Instant.parse("2024-06-01T01:00:00Z");
  static final String TEMP = "Tmp4Kq9Zr";
  static final String NEW = "Kx7mQ2vLp9";
  static final String ACQ = "Acq7Wn3Xh";
  static final AccountKey ALICE = new AccountKey("31415926", FX);

  final Bank bank = new Bank(START);

  TestCa.Issued enrolled(AccountKey account) {
    bank.enroll(account, TEMP, START.plus(Duration.ofDays(14)), ACQ);
    return bank.issueActive(account);
  }

  static LoginResult.PasswordRequired passwordRequired(LoginResult.CertificateStep step) {
    assertThat(step).isInstanceOf(LoginResult.PasswordRequired.class);
    return (LoginResult.PasswordRequired) step;
  }

  static LoginResult.Refused refused(LoginResult result) {
    assertThat(result).isInstanceOf(LoginResult.Refused.class);
    return (LoginResult.Refused) result;
  }

  PendingLogin certificateStep(LoginEngine flow, TestCa.Issued cert, String service) {
    return passwordRequired(flow.presentCertificate(service, Bank.chain(cert))).pending();
  }

  @Test
  void theCertificateStepTellsHowManyPasswordAttemptsAreLeftBeforeTheLock() {
    TestCa.Issued cert = enrolled(ALICE);
    LoginEngine flow = bank.flow();
    assertThat(passwordRequired(flow.presentCertificate(FX, Bank.chain(cert)))
        .passwordAttemptsLeft()).hasValue(5);
    for (int wrong = 1; wrong <= 4; wrong++) {
      PendingLogin p = certificateStep(flow, cert, FX);
      assertThat(refused(flow.password(p, Secret.of("Wrong" + wrong + "pass"))).refusal())
          .as("the password step's answer stays one answer")
          .isEqualTo(new Refusal.InvalidCredentials());
      assertThat(passwordRequired(flow.presentCertificate(FX, Bank.chain(cert)))
          .passwordAttemptsLeft()).hasValue(5 - wrong);
    }
    // the fifth locks: the certificate step then says so
    refused(flow.password(certificateStep(flow, cert, FX), Secret.of("Wrong5pass")));
    assertThat(refused(flow.presentCertificate(FX, Bank.chain(cert))).reason())
        .isEqualTo(LoginRefusal.ACCOUNT_LOCKED);
  }

  // ---------------------------------------------------------------- happy path

  @Test
  void firstLoginWithTemporaryPasswordThenChangeThenNormalLogin() {
    TestCa.Issued cert = enrolled(ALICE);
    LoginEngine flow = bank.flow();

    LoginResult.PasswordRequired p = passwordRequired(flow.presentCertificate(FX, Bank.chain(cert)));
    assertThat(p.pending().account()).isEqualTo(ALICE);
    assertThat(p.pending().certificateSerial()).isEqualTo(cert.certificate().getSerialNumber());
    assertThat(p.certificate().commonName()).isEqualTo(ALICE.userId());
    assertThat(p.unusableFrom()).isNull();

    LoginResult.PasswordStep s = flow.password(p.pending(), Secret.of(TEMP));
    assertThat(s).isInstanceOf(LoginResult.ChangeRequired.class);
    assertThat(((LoginResult.ChangeRequired) s).pending()).isEqualTo(p.pending());
    assertThat(((LoginResult.ChangeRequired) s).reason())
        .isEqualTo(LoginResult.ChangeRequired.Reason.TEMPORARY_PASSWORD);

    bank.clock.advance(Duration.ofMinutes(1));
    LoginResult.ChangeStep c = flow.changePassword(p.pending(), Secret.of(TEMP), Secret.of(NEW));
    assertThat(c).isInstanceOf(LoginResult.Authenticated.class);
    LoginResult.Authenticated first = (LoginResult.Authenticated) c;
    assertThat(first.account()).isEqualTo(ALICE);
    assertThat(first.firstLogin()).isTrue();
    assertThat(first.passwordChanged()).isTrue();
    assertThat(first.authenticatedAt()).isEqualTo(bank.clock.instant());
    assertThat(first.certificate().sha256Fingerprint()).isEqualTo(p.pending().sha256Fingerprint());

    CredentialRecord stored = bank.credential(ALICE);
    LoginPassword pw = java.util.Objects.requireNonNull(stored.loginPassword());
    assertThat(pw.temporary()).isFalse();
    assertThat(pw.expiresAt()).isNull();
    assertThat(stored.passwordHistory()).as("a temporary password is not history").isEmpty();
    assertThat(stored.lastLoginAt()).isEqualTo(first.authenticatedAt());
    try (Secret n = Secret.of(NEW)) {
      assertThat(Bank.HASHER.verify(n, pw.hash())).isTrue();
    }

    // the next day: certificate + chosen password, no change
    bank.clock.advance(Duration.ofDays(1));
    PendingLogin again = certificateStep(flow, cert, FX);
    LoginResult.PasswordStep second = flow.password(again, Secret.of(NEW));
    assertThat(second).isInstanceOf(LoginResult.Authenticated.class);
    LoginResult.Authenticated a = (LoginResult.Authenticated) second;
    assertThat(a.firstLogin()).isFalse();
    assertThat(a.previousLoginAt()).isEqualTo(first.authenticatedAt());
    assertThat(a.passwordChanged()).isFalse();
    assertThat(bank.credential(ALICE).lastLoginAt()).isEqualTo(bank.clock.instant());

    // the temporary password no longer works
    LoginResult.Refused old = refused(flow.password(certificateStep(flow, cert, FX), Secret.of(TEMP)));
    assertThat(old.reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS);

    assertThat(bank.audit.verify()).isInstanceOf(ChainVerification.Intact.class);
    assertThat(bank.auditOf("PASSWORD_CHANGED")).hasSize(1);
    assertThat(bank.auditOf("LOGIN_CERTIFICATE_ACCEPTED")).hasSize(3);
    assertThat(bank.auditOf("LOGIN_SUCCEEDED")).extracting(r -> r.details().get("outcome"))
        .containsExactly("CHANGE_REQUIRED", "AUTHENTICATED", "AUTHENTICATED");
    assertNoSecretsInAudit(TEMP, NEW, ACQ);
  }

  void assertNoSecretsInAudit(String... secrets) {
    for (AuditRecord r : bank.auditRecords()) {
      for (String v : r.details().values()) {
        for (String s : secrets) {
          assertThat(v).doesNotContain(s);
        }
      }
    }
  }

  @Test
  void secretsAreDestroyedAfterEveryStep() {
    TestCa.Issued cert = enrolled(ALICE);
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, cert, FX);
    Secret wrong = Secret.of("nope");
    flow.password(pending, wrong);
    assertThat(wrong.isDestroyed()).isTrue();
    Secret temp = Secret.of(TEMP);
    flow.password(pending, temp);
    assertThat(temp.isDestroyed()).isTrue();
    Secret current = Secret.of(TEMP);
    Secret tooShort = Secret.of("a1");
    assertThat(flow.changePassword(pending, current, tooShort))
        .isInstanceOf(LoginResult.PolicyViolations.class);
    assertThat(current.isDestroyed()).isTrue();
    assertThat(tooShort.isDestroyed()).isTrue();
  }

  @Test
  void passwordsAreCaseSensitive() {
    TestCa.Issued aliceCert = enrolledPermanent();
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, aliceCert, FX);
    assertThat(refused(flow.password(pending, Secret.of(NEW.toLowerCase(Locale.ROOT)))).reason())
        .isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
    assertThat(refused(flow.password(pending, Secret.of(NEW.toUpperCase(Locale.ROOT)))).reason())
        .isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
    assertThat(bank.credential(ALICE).loginFailures()).isEqualTo(2);
    assertThat(flow.password(pending, Secret.of(NEW))).isInstanceOf(LoginResult.Authenticated.class);
    assertThat(bank.credential(ALICE).loginFailures()).isZero();
  }

  TestCa.Issued enrolledPermanent() {
    bank.enrollPermanent(ALICE, NEW, START.minus(Duration.ofDays(3)));
    return bank.issueActive(ALICE);
  }

  // ---------------------------------------------------------------- lockout

  @Test
  void sixtyFourConcurrentWrongPasswordsLockAtExactlyTheThreshold() {
    TestCa.Issued aliceCert = enrolledPermanent();
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, aliceCert, FX);
    List<LoginResult.PasswordStep> results = java.util.Collections.synchronizedList(new ArrayList<>());
    io.shomei.testing.contract.Concurrently.run(64, Duration.ofSeconds(60),
        i -> results.add(flow.password(pending, Secret.of("wrong-" + i))));

    assertThat(results).hasSize(64).allSatisfy(r ->
        assertThat(refused(r).reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS));
    CredentialRecord after = bank.credential(ALICE);
    assertThat(after.loginFailures()).isEqualTo(5);
    assertThat(after.loginLocked()).isTrue();
    assertThat(bank.auditOf("LOGIN_LOCKED")).hasSize(1);
    assertThat(bank.auditOf("LOGIN_PASSWORD_REFUSED"))
        .filteredOn(r -> r.details().containsKey("failures"))
        .extracting(r -> r.details().get("failures"))
        .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
    assertThat(bank.auditOf("LOGIN_PASSWORD_REFUSED")).hasSize(64);
    assertThat(bank.audit.verify()).isInstanceOf(ChainVerification.Intact.class);

    // locked: the right password is refused the same way; the certificate step says locked
    assertThat(refused(flow.password(pending, Secret.of(NEW))).reason())
        .isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
    LoginResult.Refused atCertificate = refused(flow.presentCertificate(FX, Bank.chain(aliceCert)));
    assertThat(atCertificate.reason()).isEqualTo(LoginRefusal.ACCOUNT_LOCKED);
    assertThat(atCertificate.detail()).contains("+09:00");
    assertThat(bank.credential(ALICE).loginFailures()).isEqualTo(5);

    // the branch unlocks
    assertThat(bank.lockout.unlockLogin(ALICE)).isInstanceOf(OperatorResult.Done.class);
    PendingLogin fresh = certificateStep(flow, aliceCert, FX);
    assertThat(flow.password(fresh, Secret.of(NEW))).isInstanceOf(LoginResult.Authenticated.class);
  }

  @Test
  void lockedUnknownAndWrongPasswordAreIndistinguishableAndCostOneHashEach() {
    PasswordHasher spy = Mockito.spy(Bank.HASHER);
    LoginEngine flow = bank.builder(spy).build();

    // wrong password on a healthy account
    TestCa.Issued aliceCert = enrolledPermanent();
    PendingLogin alice = certificateStep(flow, aliceCert, FX);
    // locked account, right password
    AccountKey bob = new AccountKey("27182818", FX);
    bank.enrollPermanent(bob, NEW, START);
    TestCa.Issued bobCert = bank.issueActive(bob);
    PendingLogin bobPending = certificateStep(flow, bobCert, FX);
    for (int i = 0; i < 5; i++) {
      bank.lockout.recordFailure(bob, io.shomei.core.password.PasswordKind.LOGIN);
    }
    // unknown account: an active certificate but no credentials (step 1 would refuse it; a
    // pending login for it reaches step 2 only through a host bug or an account removed meanwhile)
    AccountKey carol = new AccountKey("16180339", FX);
    TestCa.Issued carolCert = bank.issueActive(carol);
    CertificateRecord carolRecord = bank.certificates.findActive(carol).orElseThrow();
    PendingLogin carolPending = bank.seal.issue(carol, carolRecord.serial(),
        carolRecord.sha256Fingerprint(), bank.clock.instant());
    assertThat(refused(flow.presentCertificate(FX, Bank.chain(carolCert))).reason())
        .isEqualTo(LoginRefusal.NO_LOGIN_PASSWORD);

    Mockito.clearInvocations(spy);
    LoginResult.Refused wrong = refused(flow.password(alice, Secret.of("Wrong0ne!")));
    Mockito.verify(spy, Mockito.times(1)).verifyAndUpgrade(Mockito.any(), Mockito.anyString());
    Mockito.verify(spy, Mockito.never()).dummyVerify(Mockito.any());

    Mockito.clearInvocations(spy);
    LoginResult.Refused locked = refused(flow.password(bobPending, Secret.of(NEW)));
    Mockito.verify(spy, Mockito.times(1)).dummyVerify(Mockito.any());
    Mockito.verify(spy, Mockito.never()).verifyAndUpgrade(Mockito.any(), Mockito.anyString());

    Mockito.clearInvocations(spy);
    LoginResult.Refused unknown = refused(flow.password(carolPending, Secret.of(NEW)));
    Mockito.verify(spy, Mockito.times(1)).dummyVerify(Mockito.any());
    Mockito.verify(spy, Mockito.never()).verifyAndUpgrade(Mockito.any(), Mockito.anyString());

    for (LoginResult.Refused r : List.of(locked, unknown)) {
      assertThat(r.reason()).isEqualTo(wrong.reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
      assertThat(r.detail()).isEqualTo(wrong.detail());
      assertThat(r.certificate()).isNull();
      assertThat(r.certificateRefusal()).isNull();
      assertThat(r.refusal()).isEqualTo(new Refusal.InvalidCredentials());
    }
    assertThat(wrong.certificate()).isNull();
    // the locked account's counter does not move
    assertThat(bank.credential(bob).loginFailures()).isEqualTo(5);
  }

  // ---------------------------------------------------------------- re-check at step 2

  @Test
  void certificateSupersededAfterTheCertificateStepIsRefusedAtThePasswordStep() {
    TestCa.Issued aliceCert = enrolledPermanent();
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, aliceCert, FX);
    bank.clock.advance(Duration.ofMinutes(1));
    bank.issueActive(ALICE); // re-acquired elsewhere: the presented one is now SUPERSEDED

    LoginResult.Refused r = refused(flow.password(pending, Secret.of(NEW)));
    assertThat(r.reason()).isEqualTo(LoginRefusal.CERTIFICATE_NOT_ACCEPTED);
    assertThat(r.certificateRefusal()).isEqualTo(AcceptanceRefusal.SUPERSEDED);
    assertThat(bank.credential(ALICE).loginFailures()).isZero();
    assertThat(bank.credential(ALICE).lastLoginAt()).isEqualTo(START.minus(Duration.ofDays(3)));
    LoginResult.Refused c = refused(flow.changePassword(pending, Secret.of(NEW), Secret.of("Other9pass")));
    assertThat(c.certificateRefusal()).isEqualTo(AcceptanceRefusal.SUPERSEDED);
  }

  @Test
  void certificateRevokedAfterTheCertificateStepIsRefusedAtThePasswordStep() {
    TestCa.Issued aliceCert = enrolledPermanent();
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, aliceCert, FX);
    bank.certificates.revoke(pending.certificateSerial(), RevocationReason.KEY_COMPROMISE,
        bank.clock.instant());
    LoginResult.Refused r = refused(flow.password(pending, Secret.of(NEW)));
    assertThat(r.reason()).isEqualTo(LoginRefusal.CERTIFICATE_NOT_ACCEPTED);
    assertThat(r.certificateRefusal()).isEqualTo(AcceptanceRefusal.REVOKED);
  }

  @Test
  void pendingLoginForAnotherAccountIsRefused() {
    TestCa.Issued aliceCert = enrolledPermanent();
    AccountKey bob = new AccountKey("27182818", FX);
    bank.enrollPermanent(bob, NEW, START);
    bank.issueActive(bob);
    LoginEngine flow = bank.flow();
    PendingLogin alice = certificateStep(flow, aliceCert, FX);
    // made with the engine's own key (a host bug, not a forgery): the binding still refuses it
    PendingLogin forged = bank.seal.issue(bob, alice.certificateSerial(),
        alice.sha256Fingerprint(), alice.issuedAt());
    LoginResult.Refused r = refused(flow.password(forged, Secret.of(NEW)));
    assertThat(r.certificateRefusal()).isEqualTo(AcceptanceRefusal.OTHER_ACCOUNT);
  }

  @Test
  void pendingLoginExpires() {
    TestCa.Issued aliceCert = enrolledPermanent();
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, aliceCert, FX);
    Instant deadline = pending.issuedAt().plus(LoginEngine.DEFAULT_PENDING_LOGIN_TIMEOUT);
    bank.clock.set(deadline.plusNanos(1));
    LoginResult.Refused r = refused(flow.password(pending, Secret.of(NEW)));
    assertThat(r.reason()).isEqualTo(LoginRefusal.PENDING_LOGIN_EXPIRED);
    bank.clock.set(deadline);
    assertThat(flow.password(pending, Secret.of(NEW))).isInstanceOf(LoginResult.Authenticated.class);
  }

  // ---------------------------------------------------------------- restart

  @Test
  void loginSurvivesARestartBetweenSteps() {
    TestCa.Issued cert = enrolled(ALICE);
    PendingLogin pending = certificateStep(bank.flow(), cert, FX);

    LoginEngine afterRestart = bank.flow(); // same stores, new flow: nothing held in memory
    assertThat(afterRestart.password(pending, Secret.of("bad1"))).isInstanceOf(LoginResult.Refused.class);
    assertThat(afterRestart.password(pending, Secret.of(TEMP)))
        .isInstanceOf(LoginResult.ChangeRequired.class);

    LoginEngine afterAnother = bank.flow();
    assertThat(afterAnother.changePassword(pending, Secret.of(TEMP), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    // failures counted by one instance are seen by the next
    LoginEngine a = bank.flow();
    PendingLogin p2 = certificateStep(a, cert, FX);
    for (int i = 0; i < 3; i++) {
      a.password(p2, Secret.of("bad" + i));
    }
    LoginEngine b = bank.flow();
    b.password(p2, Secret.of("bad-b1"));
    b.password(p2, Secret.of("bad-b2"));
    assertThat(bank.credential(ALICE).loginLocked()).isTrue();
    assertThat(refused(bank.flow().presentCertificate(FX, Bank.chain(cert))).reason())
        .isEqualTo(LoginRefusal.ACCOUNT_LOCKED);
  }

  // ---------------------------------------------------------------- temporary password rules

  @Test
  void expiredTemporaryPasswordIsRefusedWithItsOwnReasonOnlyWhenCorrect() {
    Instant expires = START.plus(Duration.ofDays(7));
    bank.enroll(ALICE, TEMP, expires, ACQ);
    TestCa.Issued cert = bank.issueActive(ALICE);
    LoginEngine flow = bank.flow();

    bank.clock.set(expires.minusSeconds(1));
    assertThat(flow.password(certificateStep(flow, cert, FX), Secret.of(TEMP)))
        .isInstanceOf(LoginResult.ChangeRequired.class);

    bank.clock.set(expires);
    PendingLogin pending = certificateStep(flow, cert, FX);
    LoginResult.Refused r = refused(flow.password(pending, Secret.of(TEMP)));
    assertThat(r.reason()).isEqualTo(LoginRefusal.TEMPORARY_PASSWORD_EXPIRED);
    assertThat(r.detail()).contains("2024-06-08T10:00:00+09:00");
    LoginResult.Refused wrong = refused(flow.password(pending, Secret.of("Tmp4Kq9Zx")));
    assertThat(wrong.reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
    assertThat(bank.credential(ALICE).loginFailures()).isEqualTo(1);
    assertThat(refused(flow.changePassword(pending, Secret.of(TEMP), Secret.of(NEW))).reason())
        .isEqualTo(LoginRefusal.TEMPORARY_PASSWORD_EXPIRED);
    assertThat(bank.loginPassword(ALICE).temporary()).isTrue();

    // the branch issues a new temporary password: the customer can go on
    bank.lockout.resetLoginPassword(ALICE, new LoginPassword(Bank.hash("Tmp8Rw2Yv"), true,
        bank.clock.instant(), bank.clock.instant().plus(Duration.ofDays(7))));
    assertThat(flow.changePassword(pending, Secret.of("Tmp8Rw2Yv"), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
  }

  @Test
  void acquisitionPasswordIsRefusedAsLoginPassword() {
    TestCa.Issued cert = enrolled(ALICE);
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, cert, FX);
    LoginResult.Refused r = refused(flow.password(pending, Secret.of(ACQ)));
    assertThat(r.reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
    assertThat(bank.credential(ALICE).loginFailures()).isEqualTo(1);
    assertThat(refused(flow.changePassword(pending, Secret.of(ACQ), Secret.of(NEW))).reason())
        .isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
    assertThat(bank.credential(ALICE).loginFailures()).isEqualTo(2);
  }

  @Test
  void temporaryPasswordEqualToAcquisitionPasswordIsNeverAccepted() {
    bank.enroll(ALICE, ACQ, null, ACQ); // a set-up error
    TestCa.Issued cert = bank.issueActive(ALICE);
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, cert, FX);
    assertThat(refused(flow.password(pending, Secret.of(ACQ))).reason())
        .isEqualTo(LoginRefusal.TEMPORARY_PASSWORD_UNUSABLE);
    assertThat(refused(flow.changePassword(pending, Secret.of(ACQ), Secret.of(NEW))).reason())
        .isEqualTo(LoginRefusal.TEMPORARY_PASSWORD_UNUSABLE);
    assertThat(bank.loginPassword(ALICE).temporary()).isTrue();
  }

  // ---------------------------------------------------------------- the change step

  @Test
  void newPasswordMustPassThePolicyAndDifferFromTemporaryAndAcquisition() {
    TestCa.Issued cert = enrolled(ALICE);
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, cert, FX);

    LoginResult.PolicyViolations same = violations(flow.changePassword(pending, Secret.of(TEMP), Secret.of(TEMP)));
    assertThat(same.violations()).extracting(v -> v.code())
        .contains(ViolationCode.SAME_AS_TEMPORARY_PASSWORD);
    LoginResult.PolicyViolations acq = violations(flow.changePassword(pending, Secret.of(TEMP), Secret.of(ACQ)));
    assertThat(acq.violations()).extracting(v -> v.code())
        .containsOnlyOnce(ViolationCode.SAME_AS_ACQUISITION_PASSWORD);
    LoginResult.PolicyViolations weak = violations(flow.changePassword(pending, Secret.of(TEMP), Secret.of("abc")));
    assertThat(weak.violations()).extracting(v -> v.code()).contains(ViolationCode.TOO_SHORT);
    assertThat(weak.messages(Locale.JAPANESE)).isNotEmpty();
    LoginResult.PolicyViolations userId = violations(flow.changePassword(pending, Secret.of(TEMP),
        Secret.of("x" + ALICE.userId() + "Q")));
    assertThat(userId.violations()).extracting(v -> v.code()).contains(ViolationCode.CONTAINS_USER_ID);

    assertThat(bank.loginPassword(ALICE).temporary()).isTrue();
    assertThat(bank.credential(ALICE).loginFailures()).isZero();

    LoginResult.Refused wrongCurrent = refused(flow.changePassword(pending, Secret.of("Tmp4Kq9ZR"), Secret.of(NEW)));
    assertThat(wrongCurrent.reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
    assertThat(bank.credential(ALICE).loginFailures()).isEqualTo(1);
    assertThat(flow.changePassword(pending, Secret.of(TEMP), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    assertThat(bank.credential(ALICE).loginFailures()).isZero();
  }

  @Test
  void flowRefusesTheAcquisitionAndTemporaryPasswordEvenWithALaxPolicy() {
    Bank lax = new Bank(START, 7); // policy: only a length rule
    lax.enroll(ALICE, TEMP, null, ACQ);
    TestCa.Issued cert = lax.issueActive(ALICE);
    LoginEngine flow = lax.flow();
    PendingLogin pending = passwordRequired(flow.presentCertificate(FX, Bank.chain(cert))).pending();
    assertThat(violations(flow.changePassword(pending, Secret.of(TEMP), Secret.of(ACQ))).violations())
        .extracting(v -> v.code()).containsExactly(ViolationCode.SAME_AS_ACQUISITION_PASSWORD);
    assertThat(violations(flow.changePassword(pending, Secret.of(TEMP), Secret.of(TEMP))).violations())
        .extracting(v -> v.code()).containsExactly(ViolationCode.SAME_AS_TEMPORARY_PASSWORD);
  }

  static LoginResult.PolicyViolations violations(LoginResult.ChangeStep r) {
    assertThat(r).isInstanceOf(LoginResult.PolicyViolations.class);
    return (LoginResult.PolicyViolations) r;
  }

  @Test
  void expiredOwnPasswordRequiresAChangeAndGoesToTheCappedHistory() {
    List<String> history = new ArrayList<>();
    for (int i = 0; i < CredentialRecord.MAX_HISTORY; i++) {
      history.add(Bank.hash("Old" + i + "pass"));
    }
    String oldHash = Bank.hash(NEW);
    bank.credentials.create(CredentialRecord.create(ALICE,
            new LoginPassword(oldHash, false, START.minus(Duration.ofDays(400)), START), null)
        .withLogin(new LoginPassword(oldHash, false, START.minus(Duration.ofDays(400)), START),
            history, 0, null)
        .withLastLogin(START.minus(Duration.ofDays(2))));
    TestCa.Issued cert = bank.issueActive(ALICE);
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, cert, FX);
    assertThat(flow.password(pending, Secret.of(NEW)))
        .isInstanceOfSatisfying(LoginResult.ChangeRequired.class, c -> {
          assertThat(c.pending()).isEqualTo(pending);
          assertThat(c.reason()).isEqualTo(LoginResult.ChangeRequired.Reason.PASSWORD_EXPIRED);
        });
    assertThat(violations(flow.changePassword(pending, Secret.of(NEW), Secret.of(NEW))).violations())
        .extracting(v -> v.code()).contains(ViolationCode.REUSED_PASSWORD);

    String chosen = "Fresh8pass";
    assertThat(flow.changePassword(pending, Secret.of(NEW), Secret.of(chosen)))
        .isInstanceOf(LoginResult.Authenticated.class);
    CredentialRecord after = bank.credential(ALICE);
    assertThat(after.passwordHistory()).hasSize(CredentialRecord.MAX_HISTORY);
    assertThat(after.passwordHistory().get(0)).isEqualTo(oldHash);
    assertThat(after.passwordHistory().subList(1, CredentialRecord.MAX_HISTORY))
        .isEqualTo(history.subList(0, CredentialRecord.MAX_HISTORY - 1));
  }

  @Test
  void firstLoginWithAPermanentPasswordRequiresAChangeUnlessTurnedOff() {
    bank.enrollPermanent(ALICE, NEW, null);
    TestCa.Issued cert = bank.issueActive(ALICE);
    LoginEngine strict = bank.flow();
    assertThat(strict.password(certificateStep(strict, cert, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.ChangeRequired.class)
        .extracting(r -> ((LoginResult.ChangeRequired) r).reason())
        .isEqualTo(LoginResult.ChangeRequired.Reason.FIRST_LOGIN);
    LoginEngine lax = bank.builder().requireChangeAtFirstLogin(false).build();
    assertThat(lax.password(certificateStep(lax, cert, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
  }

  @Test
  void weakHashIsUpgradedAtLogin() {
    PasswordHasher old = PasswordHasher.insecureForTestsOnly(new HashParameters.Pbkdf2Sha256(10),
        new SecureRandom());
    String weak;
    try (Secret s = Secret.of(NEW)) {
      weak = old.hash(s);
    }
    bank.credentials.create(CredentialRecord.create(ALICE,
        new LoginPassword(weak, false, START, null), null).withLastLogin(START));
    TestCa.Issued cert = bank.issueActive(ALICE);
    LoginEngine flow = bank.flow();
    assertThat(flow.password(certificateStep(flow, cert, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    String upgraded = bank.loginPassword(ALICE).hash();
    assertThat(upgraded).isNotEqualTo(weak).startsWith("$argon2id$");
    assertThat(Bank.HASHER.needsRehash(upgraded)).isFalse();
    assertThat(flow.password(certificateStep(flow, cert, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
  }

  // ---------------------------------------------------------------- first use of a new certificate

  @Test
  void firstLoginWithANewCertificateRetiresItsPredecessorAndDeletesItsTickets() {
    TestCa.Issued aliceCert = enrolledPermanent();
    BigInteger oldSerial = aliceCert.certificate().getSerialNumber();
    bank.clock.advance(Duration.ofDays(1));
    TestCa.Issued renewed = bank.issueActive(ALICE);
    BigInteger newSerial = renewed.certificate().getSerialNumber();
    bank.tickets.put(new DownloadTicket("ticket-aaaaaaaaaaaaaaaa", ALICE,
        io.shomei.spi.IssuerName.of(renewed.certificate().getIssuerX500Principal()), newSerial,
        new byte[] {1},
        bank.clock.instant(), bank.clock.instant().plus(Duration.ofDays(3)), 2));
    LoginEngine flow = bank.flow();

    // the old certificate is refused (superseded) and nothing is retired by that
    assertThat(refused(flow.presentCertificate(FX, Bank.chain(aliceCert))).certificateRefusal())
        .isEqualTo(AcceptanceRefusal.SUPERSEDED);
    assertThat(bank.certificates.findBySerial(oldSerial).orElseThrow().status())
        .isEqualTo(CertificateStatus.SUPERSEDED);

    assertThat(flow.password(certificateStep(flow, renewed, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    CertificateRecord old = bank.certificates.findBySerial(oldSerial).orElseThrow();
    assertThat(old.status()).isEqualTo(CertificateStatus.REVOKED);
    assertThat(old.revocationReason()).isEqualTo(RevocationReason.SUPERSEDED);
    assertThat(old.supersededBy()).isEqualTo(newSerial);
    assertThat(bank.tickets.findByAccount(ALICE)).isEmpty();
    assertThat(bank.auditOf("CERTIFICATE_REVOKED")).hasSize(1);

    // later logins change nothing more
    assertThat(flow.password(certificateStep(flow, renewed, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    assertThat(bank.auditOf("CERTIFICATE_REVOKED")).hasSize(1);
  }

  /**
   * An adopted CA's certificate carries the serial of the customer's superseded one (a serial is
   * unique per issuer only): the first login with the new certificate still retires the account's
   * own predecessor, and leaves the other issuer's certificate alone.
   */
  @Test
  void firstLoginRetiresThePredecessorWhenAnotherIssuerUsedItsSerial() {
    TestCa.Issued aliceCert = enrolledPermanent();
    BigInteger oldSerial = aliceCert.certificate().getSerialNumber();
    CertificateRecord theirs = TestCa.root("Adopted CA").leaf().commonName("87654321")
        .serial(oldSerial).issue()
        .record(new io.shomei.spi.AccountKey("87654321", FX), bank.clock.instant());
    bank.certificates.record(theirs);
    bank.clock.advance(Duration.ofDays(1));
    TestCa.Issued renewed = bank.issueActive(ALICE);
    LoginEngine flow = bank.flow();
    assertThat(flow.password(certificateStep(flow, renewed, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    io.shomei.spi.IssuerName ours = io.shomei.spi.IssuerName.issuerOf(
        aliceCert.record(ALICE, bank.clock.instant()).der());
    CertificateRecord old = bank.certificates.findBySerial(ours, oldSerial).orElseThrow();
    assertThat(old.status()).isEqualTo(CertificateStatus.REVOKED);
    assertThat(old.revocationReason()).isEqualTo(RevocationReason.SUPERSEDED);
    assertThat(bank.certificates.findBySerial(theirs.issuer(), oldSerial).orElseThrow().status())
        .isEqualTo(CertificateStatus.ISSUED);
  }

  /**
   * An adopted CA's certificate of another account carries the serial of the customer's new one,
   * and its file waits for a download. The first login with the new certificate deletes the new
   * certificate's tickets only: the other issuer's file stays.
   */
  @Test
  void aFirstLoginLeavesTheFileOfAnotherIssuersCertificateWithItsSerial() {
    enrolledPermanent();
    bank.clock.advance(Duration.ofDays(1));
    TestCa.Issued renewed = bank.issueActive(ALICE);
    BigInteger newSerial = renewed.certificate().getSerialNumber();
    bank.tickets.put(new DownloadTicket("ticket-cccccccccccccccc", ALICE,
        io.shomei.spi.IssuerName.of(renewed.certificate().getIssuerX500Principal()), newSerial,
        new byte[] {1}, bank.clock.instant(), bank.clock.instant().plus(Duration.ofDays(3)), 2));
    io.shomei.spi.AccountKey bob = new io.shomei.spi.AccountKey("87654321", FX);
    CertificateRecord theirs = TestCa.root("Adopted CA").leaf().commonName(bob.userId())
        .serial(newSerial).issue().record(bob, bank.clock.instant());
    bank.certificates.record(theirs);
    DownloadTicket theirFile = new DownloadTicket("ticket-dddddddddddddddd", bob,
        theirs.issuer(), newSerial, new byte[] {2}, bank.clock.instant(),
        bank.clock.instant().plus(Duration.ofDays(3)), 2);
    bank.tickets.put(theirFile);
    LoginEngine flow = bank.flow();

    assertThat(flow.password(certificateStep(flow, renewed, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    assertThat(bank.tickets.findByAccount(ALICE)).isEmpty();
    assertThat(bank.tickets.findByAccount(bob)).containsExactly(theirFile);
  }

  @Test
  void firstUseHousekeepingCanBeTurnedOff() {
    TestCa.Issued aliceCert = enrolledPermanent();
    BigInteger oldSerial = aliceCert.certificate().getSerialNumber();
    TestCa.Issued renewed = bank.issueActive(ALICE);
    BigInteger newSerial = renewed.certificate().getSerialNumber();
    bank.tickets.put(new DownloadTicket("ticket-bbbbbbbbbbbbbbbb", ALICE,
        io.shomei.spi.IssuerName.of(renewed.certificate().getIssuerX500Principal()), newSerial,
        new byte[] {1},
        bank.clock.instant(), bank.clock.instant().plus(Duration.ofDays(3)), 2));
    LoginEngine flow = bank.builder().retireSupersededAtFirstLogin(false)
        .deleteDownloadTicketsAtFirstLogin(false).build();
    assertThat(flow.password(certificateStep(flow, renewed, FX), Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    assertThat(bank.certificates.findBySerial(oldSerial).orElseThrow().status())
        .isEqualTo(CertificateStatus.SUPERSEDED);
    assertThat(bank.tickets.findByAccount(ALICE)).hasSize(1);
  }

  // ---------------------------------------------------------------- certificate step refusals

  @Test
  void certificateOfAnotherCaIsRefusedAtTheCertificateStep() {
    TestCa.Issued genuine = enrolledPermanent();
    assertThat(bank.flow().presentCertificate(FX, Bank.chain(genuine)))
        .isInstanceOf(LoginResult.PasswordRequired.class);
    TestCa stranger = TestCa.root("Shomei Flow Root");
    TestCa.Issued fake = stranger.leaf().commonName(ALICE.userId())
        .validity(START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(9))).issue();
    List<java.security.cert.X509Certificate> chain = new ArrayList<>();
    chain.add(fake.certificate());
    chain.addAll(stranger.certificateChain());
    LoginResult.Refused r = refused(bank.flow().presentCertificate(FX, chain));
    assertThat(r.reason()).isEqualTo(LoginRefusal.CERTIFICATE_NOT_ACCEPTED);
    assertThat(r.certificateRefusal()).isEqualTo(AcceptanceRefusal.UNTRUSTED_CHAIN);
    assertThat(r.account()).isNull();
    assertThat(bank.auditOf("LOGIN_CERTIFICATE_REFUSED")).hasSize(1);
  }

  @Test
  void certificateThatExpiredBetweenTheStepsIsRefusedAtThePasswordStep() {
    bank.enrollPermanent(ALICE, NEW, START.minus(Duration.ofDays(3)));
    TestCa.Issued shortLived = bank.issueActive(ALICE, START.minus(Duration.ofDays(1)),
        START.plusSeconds(60));
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, shortLived, FX);
    bank.clock.set(START.plusSeconds(60));
    assertThat(flow.password(pending, Secret.of(NEW))).isInstanceOf(LoginResult.Authenticated.class);
    bank.clock.set(START.plusSeconds(61));
    LoginResult.Refused r = refused(flow.password(pending, Secret.of(NEW)));
    assertThat(r.certificateRefusal()).isEqualTo(AcceptanceRefusal.EXPIRED);
    assertThat(r.detail()).contains("+09:00");
  }

  @Test
  void concurrentFirstLoginChangesStoreExactlyOnePassword() {
    TestCa.Issued cert = enrolled(ALICE);
    LoginEngine flow = bank.flow();
    PendingLogin pending = certificateStep(flow, cert, FX);
    LoginResult.ChangeStep[] results = new LoginResult.ChangeStep[8];
    io.shomei.testing.contract.Concurrently.run(8, Duration.ofSeconds(60),
        i -> results[i] = flow.changePassword(pending, Secret.of(TEMP), Secret.of("Choice" + i + "xq")));
    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (results[i] instanceof LoginResult.Authenticated) {
        winners.add(i);
      } else {
        assertThat(refused(results[i]).reason()).isEqualTo(LoginRefusal.INVALID_CREDENTIALS);
      }
    }
    assertThat(winners).hasSize(1);
    assertThat(bank.auditOf("PASSWORD_CHANGED")).hasSize(1);
    LoginPassword stored = bank.loginPassword(ALICE);
    assertThat(stored.temporary()).isFalse();
    try (Secret winner = Secret.of("Choice" + winners.get(0) + "xq")) {
      assertThat(Bank.HASHER.verify(winner, stored.hash())).isTrue();
    }
    // A loser that read the record after the change gave a wrong current password: counted like
    // any failure (so a host should stop double submits); none was counted twice.
    assertThat(bank.credential(ALICE).loginFailures()).isBetween(0, bank.threshold);
  }

  // ---------------------------------------------------------------- builder

  @Test
  void engineRefusesAPolicyAndLockoutThatDisagreeAndANonPositiveTimeout() {
    LoginEngine.LoginOptions options = new LoginEngine.LoginOptions(true, true, true,
        Login.DEFAULT_PENDING_LOGIN_TIMEOUT);
    assertThatThrownBy(() -> new LoginEngine(Bank.acceptance(bank.certificates), Map.of(),
        bank.credentials, bank.certificates, bank.tickets, Bank.HASHER,
        PasswordPolicy.nist80063b(), bank.lockout,
        new SecretCheck(bank.lockout, Bank.HASHER, bank.credentials), bank.audit, bank.clock,
        Bank.TOKYO, options))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("locks after 10");
    assertThatThrownBy(() -> new LoginEngine.LoginOptions(true, true, true, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bank.builder().eligibility(FX, io.shomei.core.eligibility.RuleSet.of())
            .eligibility(FX, io.shomei.core.eligibility.RuleSet.of()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(bank.flow().toString()).contains("retireSupersededAtFirstLogin=true");
  }

  @Test
  void auditEventTypesAreThoseOfTheTrail() {
    // guards the names this test class filters on
    assertThat(List.of(AuditEventType.values()).stream().map(Enum::name))
        .contains("LOGIN_LOCKED", "LOGIN_PASSWORD_REFUSED", "LOGIN_SUCCEEDED", "PASSWORD_CHANGED",
            "CERTIFICATE_REVOKED", "LOGIN_CERTIFICATE_ACCEPTED", "LOGIN_CERTIFICATE_REFUSED",
            "RULE_REFUSAL");
  }
}
