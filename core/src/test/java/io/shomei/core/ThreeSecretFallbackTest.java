package io.shomei.core;

import static io.shomei.core.NoticeScenarioTest.jst;
import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static io.shomei.core.ShomeiBank.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three-secret path as the fallback (issue 23): refused while a certificate that can renew is
 * held, until a branch operator flags the PC lost or replaced; or allowed with an alert.
 */
class ThreeSecretFallbackTest {
  static final Instant CHANGE = jst("2021-02-24T00:00:00");
  static final String USER = "10000001";
  static final AccountKey ACCOUNT = new AccountKey(USER, FX);
  static final Secret OWN = Secret.of("Kawase#2020a");

  final List<IssuanceAlert> alerts = new ArrayList<>();

  /** Enrolls, acquires, downloads and completes the first login (the certificate is in use). */
  static X509Certificate inUse(ShomeiBank bank, LetterFields letter) throws Exception {
    AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
    DownloadResult d = bank.shomei.acquisition().download(a.downloadTicket().orElseThrow().id());
    KeyStore ks = ShomeiBank.open(((DownloadResult.Downloaded) d).pkcs12(),
        letter.acquisitionPassword());
    X509Certificate c = (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    LoginResult.PasswordRequired p = (LoginResult.PasswordRequired)
        bank.shomei.login().presentCertificate(FX, List.of(c));
    LoginResult.ChangeRequired change = (LoginResult.ChangeRequired) bank.shomei.login()
        .password(p.pending(), ShomeiBank.copy(letter.temporaryPassword()));
    assertThat(bank.shomei.login().changePassword(change.pending(),
        ShomeiBank.copy(letter.temporaryPassword()), ShomeiBank.copy(OWN)))
        .isInstanceOf(LoginResult.Authenticated.class);
    return c;
  }

  @Test
  void refuseModeRefusesThreeCorrectSecretsWhileAProofCapableCertificateExistsAndAcceptsAfterTheOperatorsFlag()
      throws Exception {
    ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"),
        b -> b.threeSecretFallback(FX, ThreeSecretFallback.REFUSE));
    try (LetterFields letter = bank.enroll(USER, FX)) {
      X509Certificate old = inUse(bank, letter);
      bank.clock.set(CHANGE);

      AcquisitionResult.Refused r =
          refused(bank.acquire(USER, FX, OWN, letter.acquisitionPassword()));
      assertThat(r.reason()).isEqualTo(AcquisitionRefusal.RENEW_WITH_CERTIFICATE);
      assertThat(bank.memoryCertificates.findBySerial(old.getSerialNumber()).orElseThrow()
          .status()).isEqualTo(CertificateStatus.ACTIVE);

      assertThat(bank.shomei.operator("branch-001").flagDeviceLostOrReplaced(ACCOUNT))
          .isPresent();
      AuditRecord flag = bank.audit().stream()
          .filter(a -> a.type().equals("OPERATOR_FLAGGED_DEVICE_LOST_OR_REPLACED"))
          .findFirst().orElseThrow();
      assertThat(flag.actor()).isEqualTo("operator:branch-001");
      assertThat(flag.details()).containsEntry("serial", old.getSerialNumber().toString(16));
      assertThat(bank.memoryCertificates.findBySerial(old.getSerialNumber()).orElseThrow()
          .revocationReason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);

      AcquisitionResult.Acquired after =
          acquired(bank.acquire(USER, FX, OWN, letter.acquisitionPassword()));
      assertThat(after.resumed()).isFalse();
    }
  }

  @Test
  void refuseModeStillLetsTheCertificateRenewItself() throws Exception {
    ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"),
        b -> b.threeSecretFallback(FX, ThreeSecretFallback.REFUSE));
    try (LetterFields letter = bank.enroll(USER, FX)) {
      X509Certificate old = inUse(bank, letter);
      bank.clock.set(CHANGE);
      assertThat(bank.shomei.renewal().renew(RenewalRequest.handshake(FX, List.of(old),
          Secret.of("Atarashii#2021")))).isInstanceOf(RenewalResult.Renewed.class);
    }
  }

  @Test
  void allowWithAlertIssuesAuditsTheAlertAndTellsTheHostsListener() throws Exception {
    ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"),
        b -> b.threeSecretFallback(FX, ThreeSecretFallback.ALLOW_WITH_ALERT)
            .issuanceAlerts(alerts::add));
    try (LetterFields letter = bank.enroll(USER, FX)) {
      X509Certificate old = inUse(bank, letter);
      assertThat(alerts).as("a first acquisition replaces nothing").isEmpty();
      bank.clock.set(CHANGE);
      AcquisitionResult.Acquired a =
          acquired(bank.acquire(USER, FX, OWN, letter.acquisitionPassword()));
      assertThat(alerts).singleElement().satisfies(alert -> {
        assertThat(alert.account()).isEqualTo(ACCOUNT);
        assertThat(alert.serial()).isEqualTo(a.serial());
        assertThat(alert.superseded()).isEqualTo(old.getSerialNumber());
      });
      assertThat(bank.auditTypes()).contains("ISSUANCE_ALERT");
    }
  }

  @Test
  void aListenerThatFailsDoesNotFailTheAcquisition() throws Exception {
    ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"),
        b -> b.threeSecretFallback(FX, ThreeSecretFallback.ALLOW_WITH_ALERT)
            .issuanceAlerts(alert -> {
              throw new IllegalStateException("outbox down");
            }));
    try (LetterFields letter = bank.enroll(USER, FX)) {
      inUse(bank, letter);
      bank.clock.set(CHANGE);
      acquired(bank.acquire(USER, FX, OWN, letter.acquisitionPassword()));
      assertThat(bank.auditTypes()).contains("ISSUANCE_ALERT");
    }
  }

  @Test
  void aFallbackForAServiceNotAddedIsRefusedAtBuild() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ShomeiBank(CHANGE,
        b -> b.threeSecretFallback("fx-nothing", ThreeSecretFallback.REFUSE)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fx-nothing");
  }
}
