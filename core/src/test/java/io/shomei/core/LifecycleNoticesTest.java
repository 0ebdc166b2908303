package io.shomei.core;

import static io.shomei.core.NoticeScenarioTest.jst;
import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.IssuerName;
import io.shomei.spi.Notice;
import io.shomei.spi.NoticeStore.Status;
import io.shomei.spi.NoticeStore.StoredNotice;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle notices written with their state change (issue 22 item 4): DOWNLOADED with the
 * ticket's use, FIRST_USED with the first login's credential update, REVOKED with an operator's
 * revocation, ACCOUNT_LOCKED with the failure that locks; each once per event.
 */
class LifecycleNoticesTest {
  static final String USER = "10000041";
  static final AccountKey ACCOUNT = new AccountKey(USER, FX);

  private static ShomeiBank bank() {
    return new ShomeiBank(jst("2020-10-01T10:00:00"),
        b -> b.notices(NoticeSettings.bankDefault()));
  }

  private static List<StoredNotice> of(ShomeiBank bank, Notice.Kind kind) {
    return bank.memory.noticeStore().list(Status.PENDING, 1000).stream()
        .filter(n -> n.notice().kind() == kind).toList();
  }

  /** A later login with the customer's own password. */
  private static LoginResult.PasswordStep login(ShomeiBank bank, X509Certificate c, Secret pw) {
    LoginResult.PasswordRequired p = (LoginResult.PasswordRequired)
        bank.shomei.login().presentCertificate(FX, List.of(c));
    return bank.shomei.login().password(p.pending(), ShomeiBank.copy(pw));
  }

  @Test
  void theDownloadAndTheFirstLoginWriteTheirNoticesAndALaterLoginWritesNone() throws Exception {
    ShomeiBank bank = bank();
    try (LetterFields letter = bank.enroll(USER, FX)) {
      X509Certificate c = ThreeSecretFallbackTest.inUse(bank, letter);
      String hex = c.getSerialNumber().toString(16);
      String key = NoticeKeys.certificate(IssuerName.issuerOf(c.getEncoded()), c.getSerialNumber());
      assertThat(key).isEqualTo(hex + "@"
          + IssuerName.ofCa(ShomeiBank.CA.certificate()).sha256().substring(0, 16));
      assertThat(of(bank, Notice.Kind.DOWNLOADED)).singleElement().satisfies(n -> {
        assertThat(n.key()).startsWith("downloaded:" + key + ":").endsWith(":2");
        assertThat(n.notice().account()).isEqualTo(ACCOUNT);
        assertThat(n.notice().facts()).containsEntry("serial", hex);
      });
      assertThat(of(bank, Notice.Kind.FIRST_USED)).singleElement().satisfies(n -> {
        assertThat(n.key()).isEqualTo("first-used:" + key);
        assertThat(n.notice().createdAt()).isEqualTo(bank.clock.instant());
      });

      bank.clock.advance(Duration.ofHours(1));
      assertThat(login(bank, c, ThreeSecretFallbackTest.OWN))
          .isInstanceOf(LoginResult.Authenticated.class);
      assertThat(of(bank, Notice.Kind.FIRST_USED)).as("once per certificate").hasSize(1);
      assertThat(of(bank, Notice.Kind.DOWNLOADED)).hasSize(1);
    }
  }

  @Test
  void everyDownloadOfTheFileIsToldOnce() {
    ShomeiBank bank = bank();
    try (LetterFields letter = bank.enroll(USER, FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      String ticket = a.downloadTicket().orElseThrow().id();
      assertThat(bank.shomei.acquisition().download(ticket))
          .isInstanceOf(DownloadResult.Downloaded.class);
      assertThat(bank.shomei.acquisition().download(ticket))
          .isInstanceOf(DownloadResult.Downloaded.class);
      assertThat(of(bank, Notice.Kind.DOWNLOADED)).extracting(n -> n.notice().facts()
          .get("downloadsLeft")).containsExactlyInAnyOrder("2", "1");
    }
  }

  @Test
  void anOperatorsRevocationWritesRevokedWithItAndARepeatWritesNothing() throws Exception {
    ShomeiBank bank = bank();
    try (LetterFields letter = bank.enroll(USER, FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      BigInteger serial = a.serial();
      String ticket = a.downloadTicket().orElseThrow().id();
      OperatorActions branch = bank.shomei.operator("branch-042/tanaka");
      bank.clock.advance(Duration.ofMinutes(5));
      assertThat(branch.revoke(serial, RevocationReason.KEY_COMPROMISE))
          .isInstanceOf(io.shomei.spi.CertificateStore.RevocationResult.Revoked.class);
      assertThat(of(bank, Notice.Kind.REVOKED)).singleElement().satisfies(n -> {
        assertThat(n.key()).isEqualTo("revoked:"
            + NoticeKeys.certificate(IssuerName.ofCa(ShomeiBank.CA.certificate()), serial));
        assertThat(n.notice().facts()).containsEntry("reason", "keyCompromise");
        assertThat(n.notice().createdAt()).isEqualTo(bank.clock.instant());
      });
      assertThat(bank.memoryCertificates.findBySerial(serial).orElseThrow().status())
          .isEqualTo(CertificateStatus.REVOKED);
      assertThat(bank.memoryTickets.find(ticket)).as("deleted in the same unit").isEmpty();

      assertThat(branch.revoke(serial, RevocationReason.UNSPECIFIED))
          .isInstanceOf(io.shomei.spi.CertificateStore.RevocationResult.AlreadyRevoked.class);
      assertThat(of(bank, Notice.Kind.REVOKED)).hasSize(1);
    }
  }

  @Test
  void theFailureThatLocksTheLoginPasswordWritesAccountLockedOnce() throws Exception {
    ShomeiBank bank = bank();
    try (LetterFields letter = bank.enroll(USER, FX)) {
      X509Certificate c = ThreeSecretFallbackTest.inUse(bank, letter);
      Secret wrong = Secret.of("Wrong#2020zz");
      int refused = 0;
      for (int i = 0; i < 20; i++) {
        LoginResult.CertificateStep step = bank.shomei.login().presentCertificate(FX, List.of(c));
        if (!(step instanceof LoginResult.PasswordRequired p)) {
          break; // locked: refused at the certificate step
        }
        assertThat(bank.shomei.login().password(p.pending(), ShomeiBank.copy(wrong)))
            .isInstanceOf(LoginResult.Refused.class);
        refused++;
        if (refused < 3) {
          assertThat(of(bank, Notice.Kind.ACCOUNT_LOCKED)).as("not locked yet").isEmpty();
        }
      }
      var locked = bank.memoryCredentials.find(ACCOUNT).orElseThrow().loginLockedAt();
      assertThat(locked).isNotNull();
      assertThat(of(bank, Notice.Kind.ACCOUNT_LOCKED)).singleElement().satisfies(n -> {
        assertThat(n.notice().account()).isEqualTo(ACCOUNT);
        assertThat(n.notice().createdAt()).isEqualTo(locked);
        assertThat(n.key()).startsWith("account-locked:" + FX + ":" + USER + ":");
      });
      // an operator unlocks; a new lock is a new event, told again
      assertThat(bank.shomei.operator("branch-001").unlockLogin(ACCOUNT))
          .isNotNull();
      bank.clock.advance(Duration.ofMinutes(1));
      for (int i = 0; i < 20; i++) {
        LoginResult.CertificateStep step = bank.shomei.login().presentCertificate(FX, List.of(c));
        if (!(step instanceof LoginResult.PasswordRequired p)) {
          break;
        }
        bank.shomei.login().password(p.pending(), ShomeiBank.copy(wrong));
      }
      assertThat(of(bank, Notice.Kind.ACCOUNT_LOCKED)).hasSize(2);
    }
  }

  @Test
  void withoutNoticesConfiguredTheSameChangesWriteNone() throws Exception {
    ShomeiBank bank = new ShomeiBank(jst("2020-10-01T10:00:00"));
    try (LetterFields letter = bank.enroll(USER, FX)) {
      X509Certificate c = ThreeSecretFallbackTest.inUse(bank, letter);
      bank.shomei.operator("op").revoke(c.getSerialNumber(), RevocationReason.KEY_COMPROMISE);
      assertThat(bank.memoryCertificates.findBySerial(c.getSerialNumber()).orElseThrow().status())
          .isEqualTo(CertificateStatus.REVOKED);
    }
    assertThat(bank.memory.noticeStore().list(Status.PENDING, 10)).isEmpty();
  }
}
