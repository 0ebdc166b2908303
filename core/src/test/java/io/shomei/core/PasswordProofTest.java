package io.shomei.core;

import static io.shomei.core.Bank.FX;
import static io.shomei.core.LoginFlowTest.ACQ;
import static io.shomei.core.LoginFlowTest.ALICE;
import static io.shomei.core.LoginFlowTest.NEW;
import static io.shomei.core.LoginFlowTest.START;
import static io.shomei.core.LoginFlowTest.TEMP;
import static io.shomei.core.LoginFlowTest.passwordRequired;
import static io.shomei.core.LoginFlowTest.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.audit.ChainVerification;
import io.shomei.core.password.ViolationCode;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.Secret;
import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The change step right after the password step, with the password step's proof instead of the
 * current password typed again (issue 25 item 8).
 */
class PasswordProofTest {
  final Bank bank = new Bank(START);
  final Instant tempExpires = START.plus(Duration.ofDays(14));

  TestCa.Issued enrolled() {
    bank.enroll(ALICE, TEMP, tempExpires, ACQ);
    return bank.issueActive(ALICE);
  }

  LoginResult.ChangeRequired changeRequired(LoginEngine flow, TestCa.Issued cert) {
    PendingLogin pending =
        passwordRequired(flow.presentCertificate(FX, Bank.chain(cert))).pending();
    LoginResult.PasswordStep step = flow.password(pending, Secret.of(TEMP));
    assertThat(step).isInstanceOf(LoginResult.ChangeRequired.class);
    return (LoginResult.ChangeRequired) step;
  }

  @Test
  void theCustomerWhoJustGaveTheTemporaryPasswordChangesItWithoutRetypingIt() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    LoginResult.ChangeRequired c = changeRequired(flow, cert);
    assertThat(c.proof().pending()).isEqualTo(c.pending());

    bank.clock.advance(Duration.ofMinutes(2));
    LoginResult.ChangeStep step = flow.changePassword(c.proof(), Secret.of(NEW));
    assertThat(step).isInstanceOf(LoginResult.Authenticated.class);
    assertThat(((LoginResult.Authenticated) step).passwordChanged()).isTrue();
    assertThat(bank.loginPassword(ALICE).temporary()).isFalse();
    assertThat(bank.auditOf("PASSWORD_CHANGED")).singleElement()
        .satisfies(r -> assertThat(r.details()).containsEntry("verified_by", "proof"));
    assertThat(bank.audit.verify()).isInstanceOf(ChainVerification.Intact.class);
    for (AuditRecord r : bank.auditRecords()) {
      assertThat(r.details().toString()).doesNotContain(TEMP).doesNotContain(NEW);
    }
    // the new password is the login password from now on
    PendingLogin next = passwordRequired(flow.presentCertificate(FX, Bank.chain(cert))).pending();
    assertThat(flow.password(next, Secret.of(NEW))).isInstanceOf(LoginResult.Authenticated.class);
  }

  @Test
  void aProofServesForOneChangeOnly() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    PasswordProof proof = changeRequired(flow, cert).proof();
    assertThat(flow.changePassword(proof, Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);

    // replayed from the session: the stored password is no longer the one it proves
    LoginResult.Refused again = refused(flow.changePassword(proof, Secret.of("Other5pass")));
    assertThat(again.refusal()).isEqualTo(new Refusal.StartAgain());
    assertThat(bank.auditOf("LOGIN_PASSWORD_REFUSED")).last()
        .satisfies(r -> assertThat(r.details()).containsEntry("cause", "proof-stale"));
    PendingLogin next = passwordRequired(flow.presentCertificate(FX, Bank.chain(cert))).pending();
    assertThat(flow.password(next, Secret.of(NEW))).isInstanceOf(LoginResult.Authenticated.class);
  }

  @Test
  void aTemporaryPasswordReissuedByTheBranchMeanwhileVoidsTheProof() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    PasswordProof proof = changeRequired(flow, cert).proof();
    bank.lockout.resetLoginPassword(ALICE, new LoginPassword(Bank.hash("Tmp8Rw2Yv"), true,
        bank.clock.instant(), bank.clock.instant().plus(Duration.ofDays(7))));

    assertThat(refused(flow.changePassword(proof, Secret.of(NEW))).refusal())
        .isEqualTo(new Refusal.StartAgain());
    assertThat(bank.loginPassword(ALICE).temporary()).isTrue();
    assertThat(bank.credential(ALICE).loginFailures()).isZero();
  }

  @Test
  void aLockEngagedFromAnotherSessionVoidsTheProof() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    PasswordProof proof = changeRequired(flow, cert).proof();
    PendingLogin other = passwordRequired(flow.presentCertificate(FX, Bank.chain(cert))).pending();
    for (int i = 0; i < 5; i++) {
      flow.password(other, Secret.of("Wrong" + i + "pass"));
    }
    assertThat(bank.credential(ALICE).loginLocked()).isTrue();

    assertThat(refused(flow.changePassword(proof, Secret.of(NEW))).refusal())
        .isEqualTo(new Refusal.StartAgain());
    assertThat(bank.auditOf("LOGIN_PASSWORD_REFUSED")).last()
        .satisfies(r -> assertThat(r.details()).containsEntry("cause", "login-locked"));
    assertThat(bank.loginPassword(ALICE).temporary()).isTrue();
  }

  @Test
  void aProofIsNoGoodAfterThePendingLoginTimedOut() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    LoginResult.ChangeRequired c = changeRequired(flow, cert);
    bank.clock.set(c.pending().issuedAt().plus(LoginEngine.DEFAULT_PENDING_LOGIN_TIMEOUT)
        .plusNanos(1));
    assertThat(refused(flow.changePassword(c.proof(), Secret.of(NEW))).reason())
        .isEqualTo(LoginRefusal.PENDING_LOGIN_EXPIRED);
    assertThat(bank.loginPassword(ALICE).temporary()).isTrue();
  }

  @Test
  void aTemporaryPasswordThatExpiredOnTheChangeScreenIsRefusedWithItsReason() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    bank.clock.set(tempExpires.minusSeconds(30));
    PasswordProof proof = changeRequired(flow, cert).proof();
    bank.clock.set(tempExpires);
    assertThat(refused(flow.changePassword(proof, Secret.of(NEW))).reason())
        .isEqualTo(LoginRefusal.TEMPORARY_PASSWORD_EXPIRED);
  }

  @Test
  void theNewPasswordMustStillDifferFromTheTemporaryAndAcquisitionPasswordAndMayBeRetried() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    PasswordProof proof = changeRequired(flow, cert).proof();
    assertThat(((LoginResult.PolicyViolations) flow.changePassword(proof, Secret.of(TEMP)))
        .violations()).extracting(v -> v.code())
        .contains(ViolationCode.SAME_AS_TEMPORARY_PASSWORD);
    assertThat(((LoginResult.PolicyViolations) flow.changePassword(proof, Secret.of(ACQ)))
        .violations()).extracting(v -> v.code())
        .contains(ViolationCode.SAME_AS_ACQUISITION_PASSWORD);
    assertThat(flow.changePassword(proof, Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
    assertThat(bank.credential(ALICE).loginFailures()).isZero();
  }

  @Test
  void anEditedProofIsRefused() throws Exception {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    PasswordProof proof = changeRequired(flow, cert).proof();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(proof);
    }
    byte[] b = bytes.toByteArray();
    byte[] seal = proof.seal();
    int at = indexOf(b, seal);
    assertThat(at).isNotNegative();
    b[at + seal.length - 1] ^= 1; // one bit of the seal
    PasswordProof edited;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      edited = (PasswordProof) in.readObject();
    }
    assertThat(edited).isNotEqualTo(proof);
    assertThat(refused(flow.changePassword(edited, Secret.of(NEW))).refusal())
        .isEqualTo(new Refusal.StartAgain());
    assertThat(bank.loginPassword(ALICE).temporary()).isTrue();
    // the untouched one still works
    assertThat(flow.changePassword(proof, Secret.of(NEW)))
        .isInstanceOf(LoginResult.Authenticated.class);
  }

  @Test
  void aChangeRequiredCannotCarryTheProofOfAnotherPendingLogin() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    LoginResult.ChangeRequired a = changeRequired(flow, cert);
    bank.clock.advance(Duration.ofSeconds(1));
    LoginResult.ChangeRequired b = changeRequired(flow, cert);
    assertThatThrownBy(() -> new LoginResult.ChangeRequired(a.pending(), a.reason(), b.proof()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theNewPasswordIsDestroyedWhateverTheOutcome() {
    TestCa.Issued cert = enrolled();
    LoginEngine flow = bank.flow();
    PasswordProof proof = changeRequired(flow, cert).proof();
    Secret violating = Secret.of(TEMP);
    flow.changePassword(proof, violating);
    assertThat(violating.isDestroyed()).isTrue();
    Secret good = Secret.of(NEW);
    flow.changePassword(proof, good);
    assertThat(good.isDestroyed()).isTrue();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
