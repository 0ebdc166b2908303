package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.account;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore.RevocationResult;
import io.shomei.spi.DownloadTicket;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.TestCa;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A serial is unique per issuer only: an adopted CA's certificate may carry the serial of one the
 * bank's CA issued. A download ticket names its certificate by issuer and serial, so what the
 * engine does to one certificate's tickets never reaches the other's file, and a resume never
 * hands out the other issuer's file.
 */
class SharedSerialTicketsTest {
  static final Instant NOW = Instant.parse("2021-03-01T00:00:00Z");
  static final TestCa ADOPTED = TestCa.root("Shared Serial Adopted CA");
  static final AccountKey CUSTOMER = account("12345678");
  static final AccountKey OTHER = account("87654321");

  /** An adopted CA's certificate for {@code account} with {@code serial}, recorded ISSUED. */
  private static CertificateRecord adopted(ShomeiBank bank, AccountKey account, BigInteger serial) {
    CertificateRecord r = ADOPTED.leaf().commonName(account.userId()).serial(serial).issue()
        .record(account, bank.clock.instant());
    bank.memoryCertificates.record(r);
    return r;
  }

  /** A ticket of a certificate's file, created now, as the engine would have stored it. */
  private static DownloadTicket ticketOf(ShomeiBank bank, CertificateRecord c, String id) {
    Instant now = bank.clock.instant();
    DownloadTicket t = new DownloadTicket(id, c.account(), c.issuer(), c.serial(),
        new byte[] {0x30, 0x03, 0x02, 0x01, 0x07}, now, now.plus(Duration.ofHours(1)), 3);
    assertThat(bank.memoryTickets.put(t)).isTrue();
    return t;
  }

  private static String ticketId(AcquisitionResult.Acquired a) {
    return a.downloadTicket().orElseThrow().id();
  }

  @Test
  void revokingACertificateLeavesTheFileOfAnotherIssuersCertificateWithItsSerial() {
    revokingLeavesTheOtherFile(new ShomeiBank(NOW));
  }

  @Test
  void revokingACertificateWithNoticesLeavesTheFileOfAnotherIssuersCertificateWithItsSerial() {
    revokingLeavesTheOtherFile(new ShomeiBank(NOW, b -> b.notices(NoticeSettings.bankDefault())));
  }

  /**
   * The customer's file waits for its download; the other account's adopted certificate has its
   * serial and is revoked by an operator: the customer still downloads the file.
   */
  private static void revokingLeavesTheOtherFile(ShomeiBank bank) {
    try (LetterFields letter = bank.enroll(CUSTOMER.userId(), FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      CertificateRecord theirs = adopted(bank, OTHER, a.serial());
      bank.memoryCertificates.activate(theirs.issuer(), a.serial(), null, bank.clock.instant());

      assertThat(bank.shomei.operator("branch-042/tanaka")
          .revokeActive(OTHER, RevocationReason.KEY_COMPROMISE).orElseThrow())
          .isInstanceOf(RevocationResult.Revoked.class);
      assertThat(bank.memoryTickets.find(ticketId(a))).isPresent();
      assertThat(bank.shomei.acquisition().download(ticketId(a)))
          .isInstanceOf(DownloadResult.Downloaded.class);
    }
  }

  /**
   * The other account's file was packed under an acquisition password an operator has since
   * replaced: its download is refused and its tickets deleted, the customer's file of the same
   * serial (another issuer) stays.
   */
  @Test
  void aFileRefusedForAReplacedPasswordTakesNoOtherIssuersFileWithIt() {
    ShomeiBank bank = new ShomeiBank(NOW);
    try (LetterFields letter = bank.enroll(CUSTOMER.userId(), FX);
        LetterFields other = bank.enroll(OTHER.userId(), FX)) {
      assertThat(other.userId()).isEqualTo(OTHER.userId());
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      DownloadTicket stale = ticketOf(bank, adopted(bank, OTHER, a.serial()),
          "stale-ticket-of-the-adopted-file");
      bank.clock.advance(Duration.ofMinutes(1));
      bank.shomei.operator("branch-042/tanaka").resetAcquisitionPassword(OTHER);

      assertThat(bank.shomei.acquisition().download(stale.id()))
          .isEqualTo(new DownloadResult.Refused(DownloadRefusal.NOT_FOUND));
      assertThat(bank.memoryTickets.find(stale.id())).isEmpty();
      assertThat(bank.shomei.acquisition().download(ticketId(a)))
          .isInstanceOf(DownloadResult.Downloaded.class);
    }
  }

  /**
   * The customer's active certificate has no download left; a ticket of the account's adopted
   * certificate with the same serial is live. A second acquisition does not resume with that file
   * (it holds another certificate than the active one): it issues a new certificate.
   */
  @Test
  void aResumeNeverHandsOutAnotherIssuersFileWithTheActiveSerial() {
    ShomeiBank bank = new ShomeiBank(NOW);
    try (LetterFields letter = bank.enroll(CUSTOMER.userId(), FX)) {
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      bank.memoryTickets.deleteForCertificate(ShomeiBank.ISSUER, a.serial());
      DownloadTicket foreign = ticketOf(bank, adopted(bank, CUSTOMER, a.serial()),
          "ticket-of-the-adopted-certificate");

      // not resumed: the active certificate has no file left and was never used, so it is
      // replaced (AcquisitionEngine's step 3b); the superseded one's tickets only are deleted
      AcquisitionResult.Acquired again = acquired(bank.acquire(letter, FX));
      assertThat(again.resumed()).as("resumed with the other issuer's file").isFalse();
      assertThat(ticketId(again)).isNotEqualTo(foreign.id());
      assertThat(again.superseded()).isEqualTo(a.serial());
      assertThat(bank.memoryTickets.find(foreign.id())).isPresent();
    }
  }
}
