package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.eligibility.Verdict;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.RevocationReason;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The queries a host makes without a login: an account's certificate status, the check of a
 * presented chain, and revoking the active certificate by account. Each must agree with what
 * acquisition and login then do.
 */
class CertificatesTest {
  static final Instant BEFORE_CUTOFF = Instant.parse("2020-10-01T00:00:00Z");
  static final Instant AFTER_CHANGE = Instant.parse("2021-03-01T00:00:00Z");
  static final String USER = "12345678";

  static List<X509Certificate> chain(AcquisitionResult.Acquired a) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(a.certificate());
    chain.addAll(a.caChain());
    return chain;
  }

  /** Uses up the file's downloads, as a customer whose imports kept failing would. */
  static void downloadAll(ShomeiBank bank, AcquisitionResult.Acquired a) {
    String id = a.downloadTicket().orElseThrow().id();
    while (bank.shomei.acquisition().download(id) instanceof DownloadResult.Downloaded) {
      // next
    }
  }

  @Test
  void aMalformedUserIdOrAnUnknownServiceIsUnknown() {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);
    Certificates certificates = bank.shomei.certificates();
    assertThat(certificates.status("12ab", FX)).isEqualTo(new AccountCertificate.Unknown());
    assertThat(certificates.status(USER, "no-such-service"))
        .isEqualTo(new AccountCertificate.Unknown());
  }

  @Test
  void anEnrolledAccountWithoutACertificateMayAcquire() {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);
    assertThat(bank.shomei.certificates().status(USER, FX)).isInstanceOfSatisfying(
        AccountCertificate.NotHeld.class, n -> {
          assertThat(n.account()).isEqualTo(new AccountKey(USER, FX));
          assertThat(n.enrolled()).isFalse();
        });
    try (LetterFields letter = bank.enroll(USER, FX)) {
      assertThat(bank.shomei.certificates().status(USER, FX)).isInstanceOfSatisfying(
          AccountCertificate.NotHeld.class, n -> {
            assertThat(n.enrolled()).isTrue();
            assertThat(n.selfServiceNow()).isTrue();
          });
      acquired(bank.acquire(letter, FX));
    }
  }

  @Test
  void selfServiceNowAgreesWithWhatAcquisitionThenDoesAcrossTheNotice() {
    // the notice: 2020 certificates become re-acquirable from 2021-02-24 00:00 JST
    List<Instant> instants = List.of(Instant.parse("2020-12-01T00:00:00Z"),
        Instant.parse("2021-02-23T14:59:59Z"), Instant.parse("2021-02-23T15:00:00Z"),
        Instant.parse("2021-06-01T00:00:00Z"));
    for (Instant at : instants) {
      ShomeiBank bank = new ShomeiBank(BEFORE_CUTOFF);
      try (LetterFields letter = bank.enroll(USER, FX)) {
        AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
        downloadAll(bank, first);
        bank.clock.set(at);
        AccountCertificate status = bank.shomei.certificates().status(USER, FX);
        assertThat(status).isInstanceOf(AccountCertificate.Held.class);
        AccountCertificate.Held held = (AccountCertificate.Held) status;
        assertThat(held.certificate().serialHex()).isEqualTo(first.serial().toString(16));
        boolean acquiredAgain = bank.acquire(letter, FX) instanceof AcquisitionResult.Acquired;
        assertThat(held.selfServiceNow()).as("status at %s", at).isEqualTo(acquiredAgain);
        if (held.selfServiceNow()) {
          assertThat(held.verdict()).isInstanceOf(Verdict.EligibleNow.class);
        }
      }
    }
  }

  @Test
  void aReplacedCertificateIsRefusedAsSupersededNamingItsSuccessor() {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE, o -> o.voluntaryReacquisition(true));
    try (LetterFields letter = bank.enroll(USER, FX)) {
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
      assertThat(bank.shomei.certificates().check(FX, chain(first)))
          .isInstanceOf(CertificateCheck.Usable.class);
      downloadAll(bank, first);
      AcquisitionResult.Acquired second = acquired(bank.acquire(letter, FX));
      assertThat(second.serial()).isNotEqualTo(first.serial());

      // revoked at issuance (the default retirement), yet told as "replaced", with the successor
      CertificateCheck check = bank.shomei.certificates().check(FX, chain(first));
      assertThat(check).isInstanceOfSatisfying(CertificateCheck.Refused.class, r -> {
        assertThat(r.refusal()).isInstanceOfSatisfying(Refusal.Superseded.class,
            s -> assertThat(s.successor()).isEqualTo(second.serial()));
        assertThat(r.account()).isEqualTo(new AccountKey(USER, FX));
      });
      LoginResult.CertificateStep step = bank.shomei.login().presentCertificate(FX, chain(first));
      assertThat(step).isInstanceOfSatisfying(LoginResult.Refused.class, r -> {
        assertThat(r.refusal()).isEqualTo(((CertificateCheck.Refused) check).refusal());
        assertThat(r.reason()).isEqualTo(LoginRefusal.CERTIFICATE_NOT_ACCEPTED);
        assertThat(r.certificateRefusal()).isEqualTo(AcceptanceRefusal.SUPERSEDED);
      });
      assertThat(bank.shomei.certificates().check(FX, chain(second)))
          .isInstanceOf(CertificateCheck.Usable.class);
    }
  }

  @Test
  void theCheckAnswersWhatTheLoginAnswersForALockedOrNeverEnrolledAccount() {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);
    AccountKey account = new AccountKey(USER, FX);
    AcquisitionResult.Acquired a;
    try (LetterFields letter = bank.enroll(USER, FX)) {
      a = acquired(bank.acquire(letter, FX));
    }
    // locked after too many password failures
    bank.memoryCredentials.update(account,
        r -> r.withLoginFailures(10, AFTER_CHANGE.minusSeconds(60)));
    LoginResult.CertificateStep login = bank.shomei.login().presentCertificate(FX, chain(a));
    CertificateCheck check = bank.shomei.certificates().check(FX, chain(a));
    assertThat(login).isInstanceOfSatisfying(LoginResult.Refused.class,
        l -> assertThat(check).isInstanceOfSatisfying(CertificateCheck.Refused.class, c -> {
          assertThat(c.refusal()).isEqualTo(l.refusal());
          assertThat(c.refusal().code()).isEqualTo(LoginRefusal.ACCOUNT_LOCKED);
          assertThat(c.account()).isEqualTo(account);
        }));

    // a certificate recorded for an account nobody enrolled (no credentials at all)
    AccountKey stranger = new AccountKey("12345679", FX);
    io.shomei.testing.ca.TestCa.Issued issued = ShomeiBank.CA.leaf().commonName("12345679")
        .validity(Instant.parse("2020-12-01T00:00:00Z"), Instant.parse("2022-11-30T23:59:59Z"))
        .issue();
    bank.memoryCertificates.record(issued.record(stranger, AFTER_CHANGE));
    bank.memoryCertificates.activate(issued.certificate().getSerialNumber(), null, AFTER_CHANGE);
    List<X509Certificate> strangers = List.of(issued.certificate());
    LoginResult.CertificateStep unknown = bank.shomei.login().presentCertificate(FX, strangers);
    CertificateCheck unknownCheck = bank.shomei.certificates().check(FX, strangers);
    assertThat(unknown).isInstanceOfSatisfying(LoginResult.Refused.class,
        l -> assertThat(unknownCheck).isInstanceOfSatisfying(CertificateCheck.Refused.class,
            c -> {
              assertThat(c.refusal()).isEqualTo(l.refusal());
              assertThat(c.refusal().code()).isEqualTo(LoginRefusal.NO_LOGIN_PASSWORD);
            }));
  }

  @Test
  void revokingTheActiveCertificateByAccountLeavesNoneAndIsRefusedAsRevoked() {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);
    AccountKey account = new AccountKey(USER, FX);
    try (LetterFields letter = bank.enroll(USER, FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      OperatorActions branch = bank.shomei.operator("branch-042/tanaka");
      assertThat(branch.revokeActive(account, RevocationReason.KEY_COMPROMISE))
          .hasValueSatisfying(r -> assertThat(r)
              .isInstanceOf(CertificateStore.RevocationResult.Revoked.class));
      assertThat(bank.shomei.certificates().status(USER, FX))
          .isInstanceOf(AccountCertificate.NotHeld.class);
      assertThat(bank.shomei.certificates().check(FX, chain(a)))
          .isInstanceOfSatisfying(CertificateCheck.Refused.class, r -> assertThat(r.refusal())
              .isEqualTo(new Refusal.CertificateRejected(AcceptanceRefusal.REVOKED)));
      assertThat(branch.revokeActive(account, RevocationReason.KEY_COMPROMISE)).isEmpty();
      assertThat(bank.auditTypes()).contains("CERTIFICATE_REVOKED");
    }
  }

  @Test
  void theClientTrustManagerNamesEveryServicesAnchorsAndJudgesNoServer() throws Exception {
    ShomeiBank bank = new ShomeiBank(AFTER_CHANGE);
    var tm = bank.shomei.clientTrustManager();
    X509Certificate root = ShomeiBank.CA.rootCertificate();
    assertThat(tm.getAcceptedIssuers()).containsExactly(root);
    tm.checkClientTrusted(new X509Certificate[] {root}, "EC");
    assertThatThrownBy(() -> tm.checkClientTrusted(new X509Certificate[0], "EC"))
        .isInstanceOf(java.security.cert.CertificateException.class);
    assertThatThrownBy(() -> tm.checkServerTrusted(new X509Certificate[] {root}, "EC"))
        .isInstanceOf(java.security.cert.CertificateException.class)
        .hasMessageContaining("client certificates only");
  }
}
