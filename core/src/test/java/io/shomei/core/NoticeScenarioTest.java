package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static io.shomei.core.ShomeiBank.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.Secret;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.CertificateStatus;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bank's notice of 2021 replayed end to end through {@link io.shomei.core.Shomei} with a
 * controllable clock and the shipped rule file {@code examples/rules/notice-2021.rules}: customer A's
 * certificate starts before the cutoff (2020-11-11 JST), customer B's after; A's stops working on
 * 2021-02-24 JST and A re-acquires it that day, not before; B needs nothing (MISSION R1-R6, A1-A5,
 * L1-L5).
 */
class NoticeScenarioTest {
  static Instant jst(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ShomeiBank.TOKYO).toInstant();
  }

  final ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"));

  /** L1-L5: certificate, then password (and the first-login change when asked). */
  private LoginResult login(X509Certificate certificate, Secret password,
      @org.jspecify.annotations.Nullable Secret newPassword) {
    LoginResult.CertificateStep step =
        bank.shomei.login().presentCertificate(FX, List.of(certificate));
    if (!(step instanceof LoginResult.PasswordRequired required)) {
      return step;
    }
    LoginResult.PasswordStep p = bank.shomei.login().password(required.pending(), ShomeiBank.copy(password));
    if (p instanceof LoginResult.ChangeRequired change && newPassword != null) {
      return bank.shomei.login().changePassword(change.pending(), ShomeiBank.copy(password),
          ShomeiBank.copy(newPassword));
    }
    return p;
  }

  private static X509Certificate certificateIn(byte[] pkcs12, Secret password) throws Exception {
    KeyStore ks = ShomeiBank.open(pkcs12, password);
    return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
  }

  private X509Certificate download(AcquisitionResult.Acquired a, Secret password) throws Exception {
    DownloadResult d = bank.shomei.acquisition().download(a.downloadTicket().orElseThrow().id());
    return certificateIn(((DownloadResult.Downloaded) d).pkcs12(), password);
  }

  @Test
  void theWholeNotice() throws Exception {
    try (LetterFields a = bank.enroll("10000001", FX);
        LetterFields b = bank.enroll("10000002", FX);
        Secret aPassword = Secret.of("Kawase#2020a");
        Secret bPassword = Secret.of("Yoyaku#2020b")) {

      // A1-A5: A gets a certificate on 2020-10-01 (affected: starts before 2020-11-12 JST)
      AcquisitionResult.Acquired aFirst = acquired(bank.acquire(a, FX));
      X509Certificate aOld = download(aFirst, a.acquisitionPassword());
      assertThat(aOld.getNotBefore().toInstant()).isBefore(jst("2020-11-12T00:00:00"));

      // L4-L5: A's first login uses the temporary password and must change it
      LoginResult first = login(aOld, a.temporaryPassword(), aPassword);
      assertThat(first).isInstanceOf(LoginResult.Authenticated.class);
      assertThat(((LoginResult.Authenticated) first).passwordChanged()).isTrue();

      // B gets a certificate on 2020-11-12 JST (not affected) and logs in
      bank.clock.set(jst("2020-11-12T00:00:00"));
      X509Certificate bCert = download(acquired(bank.acquire(b, FX)), b.acquisitionPassword());
      assertThat(login(bCert, b.temporaryPassword(), bPassword))
          .isInstanceOf(LoginResult.Authenticated.class);

      // the last second of 2021-02-23 JST: A still logs in, with a warning date
      bank.clock.set(jst("2021-02-23T23:59:59"));
      LoginResult stillOk = login(aOld, aPassword, null);
      assertThat(stillOk).isInstanceOf(LoginResult.Authenticated.class);
      assertThat(((LoginResult.Authenticated) stillOk).certificateUnusableFrom())
          .isEqualTo(jst("2021-02-24T00:00:00"));

      // R5: re-acquisition before 2021-02-24 is not possible; the refusal carries the date
      AcquisitionResult.Refused early = refused(
          bank.acquire("10000001", FX, aPassword, a.acquisitionPassword()));
      assertThat(early.reason()).isEqualTo(AcquisitionRefusal.NOT_YET_ELIGIBLE);
      assertThat(early.availableFrom()).isEqualTo(jst("2021-02-24T00:00:00"));

      // R2: from 2021-02-24 00:00 JST A's old certificate no longer logs in; B's still does
      bank.clock.set(jst("2021-02-24T00:00:00"));
      LoginResult refusedOld = login(aOld, aPassword, null);
      assertThat(refusedOld).isInstanceOf(LoginResult.Refused.class);
      assertThat(((LoginResult.Refused) refusedOld).reason()).isEqualTo(LoginRefusal.REACQUIRE_REQUIRED);
      assertThat(((Refusal.MustReacquire) ((LoginResult.Refused) refusedOld).refusal())
          .reacquireNow()).isTrue();
      assertThat(login(bCert, bPassword, null)).isInstanceOf(LoginResult.Authenticated.class);

      // R5-R6: on the day A re-acquires with login ID, (changed) password and acquisition password
      bank.clock.set(jst("2021-02-24T09:30:00"));
      AcquisitionResult.Acquired aSecond = acquired(
          bank.acquire("10000001", FX, aPassword, a.acquisitionPassword()));
      assertThat(aSecond.superseded()).isEqualTo(aFirst.serial());
      X509Certificate aNew = download(aSecond, a.acquisitionPassword());
      assertThat(aNew.getSerialNumber()).isEqualTo(aSecond.serial());
      assertThat(bank.memoryCertificates.findBySerial(aFirst.serial()).orElseThrow())
          .satisfies(old -> {
            // replaced in the normal course: superseded, never revoked for cause
            assertThat(old.status()).isEqualTo(CertificateStatus.SUPERSEDED);
            assertThat(old.revocationReason()).isNull();
            assertThat(old.supersededBy()).isEqualTo(aSecond.serial());
          });

      // B, unaffected, cannot re-acquire: nothing makes B eligible
      bank.memoryTickets.deleteExpired(jst("2030-01-01T00:00:00"));
      assertThat(refused(bank.acquire("10000002", FX, bPassword, b.acquisitionPassword())).reason())
          .isEqualTo(AcquisitionRefusal.NOT_ELIGIBLE);

      // the old certificate is refused afterwards, the new one accepted with the changed password
      LoginResult oldAfter = login(aOld, aPassword, null);
      assertThat(oldAfter).isInstanceOf(LoginResult.Refused.class);
      LoginResult newLogin = login(aNew, aPassword, null);
      assertThat(newLogin).isInstanceOf(LoginResult.Authenticated.class);
      assertThat(((LoginResult.Authenticated) newLogin).certificateUnusableFrom()).isNull();
    }
    assertThat(bank.shomei.audit().verify()).isInstanceOf(ChainVerification.Intact.class);
    assertThat(bank.auditTypes()).contains("ACCOUNT_CREATED", "CERTIFICATE_ISSUED",
        "CERTIFICATE_DOWNLOADED", "PASSWORD_CHANGED", "RULE_REFUSAL", "ACQUISITION_REFUSED",
        "CERTIFICATE_SUPERSEDED").doesNotContain("CERTIFICATE_REVOKED");
  }
}
