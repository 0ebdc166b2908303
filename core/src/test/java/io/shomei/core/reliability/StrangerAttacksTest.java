package io.shomei.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AccountCertificate;
import io.shomei.core.AcquisitionRefusal;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadResult;
import io.shomei.core.LoginResult;
import io.shomei.core.OperatorOutcome;
import io.shomei.core.PendingLogin;
import io.shomei.core.Shomei;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import io.shomei.testing.MutableClock;
import io.shomei.testing.fault.Call;
import io.shomei.testing.fault.Fault;
import io.shomei.testing.fault.FaultPlan;
import io.shomei.testing.fault.Faults;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a stranger (no certificate, at most a user ID and what leaked) can do to an account, and
 * what a customer's revoked or reset credentials still allow. Each regression is named after the
 * attack (issue 18).
 */
class StrangerAttacksTest {
  static final int THRESHOLD = 5;
  /** The documented defaults ({@code CredentialLockout}), spelled out so the attack reads alone. */
  static final Duration FIRST_DELAY = Duration.ofMinutes(1);
  static final Duration MAX_DELAY = Duration.ofHours(1);
  static final int NIST_CEILING = 100;

  final MutableClock clock = MutableClock.at("2026-05-01T00:00:00Z");
  final Rig.Stores stores = Rig.Stores.inMemory();
  final Shomei shomei = Rig.shomei(stores, clock, THRESHOLD, null, b -> b);

  private CredentialRecord credentials(String userId) {
    return stores.credentials().find(new AccountKey(userId, Rig.FX)).orElseThrow();
  }

  /** Enrolls, acquires, downloads and completes the first login (temporary password changed). */
  private X509Certificate customerWithCertificate(Shomei bank, LetterFields letter, String own) {
    AcquisitionResult.Acquired a = Rig.cast(Rig.acquire(bank, letter),
        AcquisitionResult.Acquired.class);
    Rig.cast(bank.acquisition().download(java.util.Objects.requireNonNull(a.ticket()).id()), DownloadResult.Downloaded.class);
    PendingLogin p = Rig.cast(bank.login().presentCertificate(Rig.FX, List.of(a.certificate())),
        LoginResult.PasswordRequired.class).pending();
    LoginResult.ChangeRequired change = Rig.cast(bank.login().password(p,
        Rig.copy(letter.temporaryPassword())), LoginResult.ChangeRequired.class);
    Rig.cast(bank.login().changePassword(change.pending(), Rig.copy(letter.temporaryPassword()),
        Secret.of(own)), LoginResult.Authenticated.class);
    return a.certificate();
  }

  // ------------------------------------------------------------------ item 1

  @Test
  void strangerCannotLockCertificateLogin() {
    LetterFields letter = Rig.enroll(shomei, "60000001");
    X509Certificate certificate = customerWithCertificate(shomei, letter, "Own-Pass-2026");
    // a stranger with the user ID only: many wrong acquisitions, no certificate
    for (int i = 0; i < 3 * THRESHOLD; i++) {
      Rig.acquire(shomei, "60000001", Secret.of("login-" + i), Secret.of("acq-" + i));
    }
    CredentialRecord r = credentials("60000001");
    assertThat(r.loginFailures()).as("the acquisition path never counts against login").isZero();
    assertThat(r.loginLockedAt()).isNull();
    // the customer logs in with the certificate as usual
    PendingLogin p = Rig.cast(shomei.login().presentCertificate(Rig.FX, List.of(certificate)),
        LoginResult.PasswordRequired.class).pending();
    assertThat(shomei.login().password(p, Secret.of("Own-Pass-2026")))
        .isInstanceOf(LoginResult.Authenticated.class);
    letter.close();
  }

  @Test
  void acquisitionGuessingIsBoundedByALockThatDecays() {
    LetterFields letter = Rig.enroll(shomei, "60000002");
    for (int i = 0; i < THRESHOLD; i++) {
      Rig.acquire(shomei, "60000002", Secret.of("login-" + i), Secret.of("acq-" + i));
    }
    CredentialRecord r = credentials("60000002");
    assertThat(r.acquisitionFailures()).isEqualTo(THRESHOLD);
    assertThat(r.acquisitionLockedAt()).isNotNull();
    // while locked, even the right passwords get the one answer, and nothing more is counted
    assertThat(Rig.acquire(shomei, letter))
        .isEqualTo(AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED));
    assertThat(credentials("60000002").acquisitionFailures()).isEqualTo(THRESHOLD);
    // the lock lapses by itself: after the first delay the customer acquires
    clock.advance(FIRST_DELAY);
    assertThat(Rig.acquire(shomei, letter)).isInstanceOf(AcquisitionResult.Acquired.class);
    assertThat(credentials("60000002").acquisitionFailures()).isZero();
    letter.close();
  }

  @Test
  void persistentGuessingEndsInALockOnlyTheBranchLiftsAtTheNistCeiling() {
    LetterFields letter = Rig.enroll(shomei, "60000003");
    Instant start = clock.instant();
    int guesses = 0;
    for (; guesses < NIST_CEILING; guesses++) {
      Rig.acquire(shomei, "60000003", Secret.of("login-" + guesses), Secret.of("acq-" + guesses));
      clock.advance(MAX_DELAY); // waits out every lock
    }
    assertThat(credentials("60000003").acquisitionFailures()).as("every guess counted")
        .isEqualTo(NIST_CEILING);
    assertThat(credentials("60000003").loginLockedAt()).isNull();
    clock.advance(Duration.ofDays(365));
    assertThat(Rig.acquire(shomei, letter)).as("no longer decays")
        .isEqualTo(AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED));
    assertThat(credentials("60000003").acquisitionFailures())
        .isEqualTo(NIST_CEILING);
    System.out.println("StrangerAttacksTest: " + guesses + " acquisition guesses, one every "
        + MAX_DELAY.toMinutes() + " min over "
        + Duration.between(start, clock.instant()).minusDays(365).toHours()
        + " h, before only the branch could lift the lock");
    letter.close();
  }

  // ------------------------------------------------------------------ item 5

  @Test
  void lockedAcquisitionPathDoesNotConfirmAGuessedLoginPassword() {
    LetterFields letter = Rig.enroll(shomei, "60000005");
    for (int i = 0; i < THRESHOLD; i++) {
      Rig.acquire(shomei, "60000005", letter.temporaryPassword(), Secret.of("acq-" + i));
    }
    assertThat(credentials("60000005").acquisitionLockedAt()).isNotNull();
    AcquisitionResult rightLogin =
        Rig.acquire(shomei, "60000005", letter.temporaryPassword(), Secret.of("any"));
    AcquisitionResult wrongLogin =
        Rig.acquire(shomei, "60000005", Secret.of("a guess"), Secret.of("any"));
    assertThat(rightLogin).isEqualTo(wrongLogin)
        .isEqualTo(AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED));
    letter.close();
  }

  // ------------------------------------------------------------------ item 6

  @Test
  void overlongPasswordsCostTheSameStoreWorkForKnownAndUnknownUserIds() {
    FaultPlan plan = new FaultPlan();
    Shomei bank = Rig.shomei(stores.faulty(plan), clock, THRESHOLD, null, b -> b);
    LetterFields letter = Rig.enroll(bank, "60000006");
    Secret overlong = Secret.of("x".repeat(PasswordHasher.MAX_PASSWORD_LENGTH + 1));
    List<Map<String, Integer>> calls = new ArrayList<>();
    for (String userId : List.of("60000006", "69999999")) {
      plan.resetCounts();
      assertThat(Rig.acquire(bank, userId, overlong, letter.acquisitionPassword()))
          .isEqualTo(AcquisitionResult.Refused.of(AcquisitionRefusal.AUTHENTICATION_FAILED));
      Map<String, Integer> c = new TreeMap<>(plan.callCounts());
      c.keySet().removeIf(k -> k.startsWith("AuditLog."));
      calls.add(c);
    }
    assertThat(calls.get(0)).as("a known user ID").isEqualTo(calls.get(1));
    assertThat(calls.get(0)).as("refused before the account is looked up, uncounted")
        .doesNotContainKeys("CredentialStore.find", "CredentialStore.update");
    assertThat(credentials("60000006").acquisitionFailures()).isZero();
    letter.close();
  }

  // ------------------------------------------------------------------ item 2

  @Test
  void revokedForKeyCompromiseNeedsOperatorBeforeReacquisition() {
    LetterFields letter = Rig.enroll(shomei, "60000007");
    AccountKey account = new AccountKey("60000007", Rig.FX);
    customerWithCertificate(shomei, letter, "Own-Pass-2026");
    clock.advance(Duration.ofDays(3));
    assertThat(shomei.operator("branch-1").revokeActive(account, RevocationReason.KEY_COMPROMISE))
        .containsInstanceOf(CertificateStore.RevocationResult.Revoked.class);
    clock.advance(Duration.ofMinutes(5));
    // malware captured both passwords: they do not get a fresh certificate
    AcquisitionResult again = Rig.acquire(shomei, "60000007", Secret.of("Own-Pass-2026"),
        letter.acquisitionPassword());
    assertThat(again).isEqualTo(AcquisitionResult.Refused.of(AcquisitionRefusal.OPERATOR_REQUIRED));
    assertThat(Rig.cast(shomei.certificates().status("60000007", Rig.FX),
        AccountCertificate.NotHeld.class).selfServiceNow()).as("the page says: the branch")
        .isFalse();
    // the operator step: a new acquisition password (a new letter)
    clock.advance(Duration.ofDays(1));
    OperatorOutcome.NewPassword reset = Rig.cast(
        shomei.operator("branch-1").resetAcquisitionPassword(account),
        OperatorOutcome.NewPassword.class);
    assertThat(Rig.acquire(shomei, "60000007", Secret.of("Own-Pass-2026"),
        letter.acquisitionPassword())).as("the old acquisition password is retired")
        .isInstanceOf(AcquisitionResult.Refused.class);
    assertThat(Rig.acquire(shomei, "60000007", Secret.of("Own-Pass-2026"), reset.newPassword()))
        .isInstanceOf(AcquisitionResult.Acquired.class);
    letter.close();
  }

  @Test
  void certificatesEndedForNoCauseOfTheCustomerNeedNoBranchVisit() {
    for (RevocationReason reason : List.of(RevocationReason.CESSATION_OF_OPERATION,
        RevocationReason.SUPERSEDED)) {
      String userId = reason == RevocationReason.SUPERSEDED ? "60000008" : "60000009";
      LetterFields letter = Rig.enroll(shomei, userId);
      customerWithCertificate(shomei, letter, "Own-Pass-2026");
      clock.advance(Duration.ofDays(3));
      assertThat(shomei.operator("branch-1").revokeActive(new AccountKey(userId, Rig.FX), reason))
          .containsInstanceOf(CertificateStore.RevocationResult.Revoked.class);
      clock.advance(Duration.ofMinutes(5));
      assertThat(Rig.acquire(shomei, userId, Secret.of("Own-Pass-2026"),
          letter.acquisitionPassword())).as(reason.name())
          .isInstanceOf(AcquisitionResult.Acquired.class);
      letter.close();
    }
  }

  // ------------------------------------------------------------------ item 8

  @Test
  void pendingLoginForgedFromPublicCertificateDataCannotSkipTheCertificateStep() throws Exception {
    LetterFields letter = Rig.enroll(shomei, "60000010");
    X509Certificate certificate = customerWithCertificate(shomei, letter, "Own-Pass-2026");
    CertificateRecord record = stores.certificates()
        .findByFingerprint(CertificateRecord.fingerprintOf(certificate.getEncoded()))
        .orElseThrow();
    // the attacker knows the password (phished) and the certificate (public), not the key
    List<Object> forged = new ArrayList<>();
    for (Constructor<?> c : PendingLogin.class.getConstructors()) {
      forged.add(c.newInstance(record.account(), record.serial(), record.sha256Fingerprint(),
          clock.instant()));
    }
    for (Method m : PendingLogin.class.getMethods()) {
      assertThat(Modifier.isStatic(m.getModifiers())
          && PendingLogin.class.isAssignableFrom(m.getReturnType()))
          .as("a public factory of pending logins: " + m).isFalse();
    }
    for (Object p : forged) {
      assertThat(shomei.login().password((PendingLogin) p, Secret.of("Own-Pass-2026")))
          .as("password-only login with a forged pending login")
          .isInstanceOf(LoginResult.Refused.class);
    }
    assertThat(PendingLogin.class.getConstructors()).as("public constructors").isEmpty();
    letter.close();
  }

  @Test
  void pendingLoginEditedInASerializedSessionIsRefused() throws Exception {
    LetterFields mallory = Rig.enroll(shomei, "60000014");
    X509Certificate own = customerWithCertificate(shomei, mallory, "Own-Pass-2026");
    LetterFields victim = Rig.enroll(shomei, "60000015");
    customerWithCertificate(shomei, victim, "Victim-Pass-26");
    PendingLogin genuine = Rig.cast(shomei.login().presentCertificate(Rig.FX, List.of(own)),
        LoginResult.PasswordRequired.class).pending();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(genuine);
    }
    byte[] session = bytes.toByteArray();
    String text = new String(session, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("60000014");
    assertThat(at).isPositive();
    byte[] edited = session.clone();
    System.arraycopy("60000015".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, edited,
        at, 8);
    PendingLogin forged;
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new ByteArrayInputStream(edited))) {
      forged = (PendingLogin) in.readObject();
    }
    assertThat(forged.account().userId()).isEqualTo("60000015");
    LoginResult.Refused refused = Rig.cast(shomei.login().password(forged,
        Secret.of("Victim-Pass-26")), LoginResult.Refused.class);
    assertThat(refused.refusal()).isInstanceOf(io.shomei.core.Refusal.StartAgain.class);
    mallory.close();
    victim.close();
  }

  @Test
  void pendingLoginsCrossNodesOnlyWithTheSharedKey() throws Exception {
    javax.crypto.SecretKey shared = new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256");
    Shomei nodeA = Rig.shomei(stores, clock, THRESHOLD, null, b -> b.pendingLoginKey(shared));
    Shomei nodeB = Rig.shomei(stores, clock, THRESHOLD, null, b -> b.pendingLoginKey(shared));
    LetterFields letter = Rig.enroll(nodeA, "60000016");
    X509Certificate certificate = customerWithCertificate(nodeA, letter, "Own-Pass-2026");
    PendingLogin pending = Rig.cast(nodeA.login().presentCertificate(Rig.FX,
        List.of(certificate)), LoginResult.PasswordRequired.class).pending();
    assertThat(Rig.cast(shomei.login().password(pending, Secret.of("Own-Pass-2026")),
        LoginResult.Refused.class).refusal()).as("an engine with its own random key")
        .isInstanceOf(io.shomei.core.Refusal.StartAgain.class);
    assertThat(nodeB.login().password(pending, Secret.of("Own-Pass-2026")))
        .isInstanceOf(LoginResult.Authenticated.class);
    letter.close();
  }

  // ------------------------------------------------------------------ item 17

  @Test
  void resetAcquisitionPasswordIsHonouredInsteadOfResumingTheOldFile() throws Exception {
    Shomei bank = Rig.builder(stores, Rig.CA, clock, Rig.CHEAP, THRESHOLD, Rig.noRules())
        .build(); // no voluntary re-acquisition
    LetterFields letter = Rig.enroll(bank, "60000011");
    AccountKey account = new AccountKey("60000011", Rig.FX);
    AcquisitionResult.Acquired first = Rig.cast(Rig.acquire(bank, letter),
        AcquisitionResult.Acquired.class);
    // the customer lost the letter before opening the file; the branch issues a new password
    clock.advance(Duration.ofMinutes(10));
    OperatorOutcome.NewPassword reset = Rig.cast(
        bank.operator("branch-1").resetAcquisitionPassword(account),
        OperatorOutcome.NewPassword.class);
    clock.advance(Duration.ofMinutes(10));
    AcquisitionResult.Acquired second = Rig.cast(Rig.acquire(bank, "60000011",
        letter.temporaryPassword(), reset.newPassword()), AcquisitionResult.Acquired.class);
    assertThat(second.resumed()).as("not the file packed under the old password").isFalse();
    assertThat(second.serial()).isNotEqualTo(first.serial());
    DownloadResult.Downloaded file = Rig.cast(bank.acquisition().download(
        java.util.Objects.requireNonNull(second.ticket()).id()),
        DownloadResult.Downloaded.class);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(new ByteArrayInputStream(file.pkcs12()), Rig.string(reset.newPassword()).toCharArray());
    assertThat(ks.size()).isEqualTo(1);
    assertThat(bank.acquisition().download(
        java.util.Objects.requireNonNull(first.ticket()).id()))
        .as("the old file is not handed out any more")
        .isInstanceOf(DownloadResult.Refused.class);
    letter.close();
  }

  // ------------------------------------------------------------------ item 18

  @Test
  void racingOneTimeAcquisitionsLeaveNoUnaccountedSignature() {
    FaultPlan plan = new FaultPlan();
    SigningLedger ledger = new SigningLedger(Rig.CA);
    KeyCustody custody = Faults.wrap(KeyCustody.class, ledger, plan);
    Shomei bank = Rig.builder(stores, custody, clock, Rig.CHEAP, THRESHOLD, Rig.noRules())
        .voluntaryReacquisition(true).acquisitionMode(AcquisitionMode.ONE_TIME).build();
    LetterFields letter = Rig.enroll(bank, "60000012");
    AtomicReference<AcquisitionResult> first = new AtomicReference<>();
    // the second request of a double submission signs after the first one completed
    plan.failNext(Call.named("KeyCustody.sign"),
        Fault.before(() -> first.set(Rig.acquire(bank, letter))));
    AcquisitionResult second = Rig.acquire(bank, letter);
    assertThat(first.get()).isInstanceOf(AcquisitionResult.Acquired.class);
    assertThat(second).isEqualTo(AcquisitionResult.Refused.of(
        AcquisitionRefusal.ACQUISITION_PASSWORD_USED));
    Set<BigInteger> accounted = new HashSet<>();
    stores.certificates().findByAccount(new AccountKey("60000012", Rig.FX))
        .forEach(c -> accounted.add(c.serial()));
    for (AuditRecord e : stores.auditRecords()) {
      if (e.type().equals("CERTIFICATE_DISCARDED")) {
        accounted.add(new BigInteger(e.details().get("serial"), 16));
      }
    }
    assertThat(ledger.certificates()).as("every certificate the CA signed is in the store or "
        + "in the trail").hasSize(2).allSatisfy(s -> assertThat(accounted).contains(s));
    letter.close();
  }

  // ------------------------------------------------------------------ item 16

  @Test
  void migratedNonConformingCertificateHolderCanReacquireByThemselves() {
    Shomei bank = Rig.builder(stores, Rig.CA, clock, Rig.CHEAP, THRESHOLD, Rig.noRules())
        .build(); // no voluntary re-acquisition
    LetterFields letter = Rig.enroll(bank, "60000013");
    AccountKey account = new AccountKey("60000013", Rig.FX);
    // a legacy certificate whose subject does not carry the user ID, imported as non-conforming
    X509Certificate legacy = Rig.CA.leaf().commonName("LEGACY HOLDER")
        .validity(clock.instant().minus(Duration.ofDays(30)), clock.instant().plus(Duration.ofDays(300)))
        .issue().certificate();
    CertificateRecord imported;
    try {
      imported = CertificateRecord.issued(legacy.getSerialNumber(), account,
          legacy.getNotBefore().toInstant(), legacy.getNotAfter().toInstant(), legacy.getEncoded(),
          clock.instant(), false, null);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new AssertionError(e);
    }
    assertThat(stores.certificates().record(imported))
        .isInstanceOf(CertificateStore.RecordResult.Recorded.class);
    assertThat(stores.certificates().activate(imported.serial(), null, clock.instant()))
        .isInstanceOf(CertificateStore.ActivationResult.Activated.class);
    // it cannot log in ...
    assertThat(bank.login().presentCertificate(Rig.FX, List.of(legacy)))
        .isInstanceOf(LoginResult.Refused.class);
    // ... so the page offers self-service, and the acquisition does it
    assertThat(Rig.cast(bank.certificates().status("60000013", Rig.FX),
        AccountCertificate.Held.class).selfServiceNow()).isTrue();
    AcquisitionResult.Acquired a = Rig.cast(Rig.acquire(bank, letter),
        AcquisitionResult.Acquired.class);
    assertThat(a.superseded()).isEqualTo(imported.serial());
    assertThat(bank.login().presentCertificate(Rig.FX, List.of(a.certificate())))
        .isInstanceOf(LoginResult.PasswordRequired.class);
    letter.close();
  }
}
