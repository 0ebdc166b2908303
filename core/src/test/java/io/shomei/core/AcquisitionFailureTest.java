package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.account;
import static io.shomei.core.ShomeiBank.acquired;
import static io.shomei.core.ShomeiBank.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.audit.ChainVerification;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.StorageException;
import io.shomei.testing.fault.Call;
import io.shomei.testing.fault.Fault;
import io.shomei.testing.fault.FaultPlan;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What an acquisition leaves behind when a store or a concurrent acquisition gets in its way
 * (DESIGN invariants 1 and 2: one active certificate; nothing handed out is lost).
 */
class AcquisitionFailureTest {
  static final Instant NOW = Instant.parse("2021-03-01T00:00:00Z");

  final FaultPlan faults = new FaultPlan();
  final ShomeiBank bank = new ShomeiBank(NOW, b -> b.voluntaryReacquisition(true), faults);

  private List<CertificateRecord> certificates() {
    return bank.memoryCertificates.findByAccount(account("12345678"));
  }

  @Test
  void aConcurrentAcquisitionThatWinsLeavesNothingOfTheLoser() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AtomicReference<AcquisitionResult> winner = new AtomicReference<>();
      faults.failNext(Call.named("Storage.commitAcquisition"),
          Fault.before(() -> winner.set(bank.acquire(letter, FX))));
      AcquisitionResult loser = bank.acquire(letter, FX);

      assertThat(refused(loser).reason()).isEqualTo(AcquisitionRefusal.CONCURRENT_ACQUISITION);
      AcquisitionResult.Acquired won = acquired(java.util.Objects.requireNonNull(winner.get()));
      CertificateRecord active = bank.memoryCertificates.findActive(account("12345678")).orElseThrow();
      assertThat(active.serial()).isEqualTo(won.serial());
      // the commit is all or nothing: the loser's certificate was signed but never recorded
      assertThat(certificates()).singleElement().extracting(CertificateRecord::serial)
          .isEqualTo(won.serial());
      assertThat(bank.memoryTickets.findByAccount(account("12345678")))
          .allMatch(t -> t.serial().equals(won.serial()));
    }
  }

  @Test
  void aCommitThatTookEffectBeforeTheConnectionDroppedIsASuccess() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      faults.failNth("Storage.commitAcquisition", 1, Fault.lostConnection());
      AcquisitionResult.Acquired a = acquired(bank.acquire(letter, FX));
      assertThat(bank.memoryCertificates.findActive(account("12345678")).orElseThrow().serial())
          .isEqualTo(a.serial());
      assertThat(bank.memoryTickets.findByAccount(account("12345678"))).hasSize(1);
    }
  }

  @Test
  void aCommitThatDidNotHappenChangesNothingAndARetryIssuesAgain() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      faults.failNth("Storage.commitAcquisition", 1, Fault.fail());
      assertThatThrownBy(() -> bank.acquire(letter, FX)).isInstanceOf(StorageException.class);
      assertThat(bank.memoryCertificates.findActive(account("12345678"))).isEmpty();
      assertThat(bank.memoryTickets.findByAccount(account("12345678"))).isEmpty();
      assertThat(certificates()).isEmpty();

      AcquisitionResult.Acquired retry = acquired(bank.acquire(letter, FX));
      assertThat(retry.resumed()).isFalse();
      assertThat(bank.memoryCertificates.findActive(account("12345678")).orElseThrow().serial())
          .isEqualTo(retry.serial());
    }
  }

  @Test
  void aCommitThatTimedOutBeforeTheStoreLeavesTheOldStateAndTheRetrySucceeds() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      faults.failNth("Storage.commitAcquisition", 1, Fault.timeout(java.time.Duration.ofMillis(5)));
      assertThatThrownBy(() -> bank.acquire(letter, FX)).isInstanceOf(StorageException.class);
      assertThat(bank.memoryCertificates.findActive(account("12345678"))).isEmpty();
      acquired(bank.acquire(letter, FX));
    }
  }

  @Test
  void aFailureAfterTheCommitIsRepairedByResumingInsteadOfIssuingASecondCertificate() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      faults.failNext(Call.named("AuditLog.append").and(c -> c.argument(0,
          io.shomei.spi.AuditRecord.class).type().equals("CERTIFICATE_ISSUED")), Fault.fail());
      assertThatThrownBy(() -> bank.acquire(letter, FX)).isInstanceOf(StorageException.class);
      CertificateRecord active = bank.memoryCertificates.findActive(account("12345678")).orElseThrow();

      AcquisitionResult.Acquired resumed = acquired(bank.acquire(letter, FX));
      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.serial()).isEqualTo(active.serial());
      assertThat(certificates()).hasSize(1);
      assertThat(bank.shomei.acquisition().download(resumed.downloadTicket().orElseThrow().id()))
          .isInstanceOf(DownloadResult.Downloaded.class);
      assertThat(bank.shomei.audit().verify()).isInstanceOf(ChainVerification.Intact.class);
    }
  }

  @Test
  void aFailedCommitHandsNothingOut() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      faults.failNth("Storage.commitAcquisition", 1, Fault.fail());
      assertThatThrownBy(() -> bank.acquire(letter, FX)).isInstanceOf(StorageException.class);
      assertThat(bank.memoryCertificates.findActive(account("12345678"))).isEmpty();
      assertThat(bank.memoryTickets.findByAccount(account("12345678"))).isEmpty();
      assertThat(bank.memoryCertificates.recordings()).isZero();
    }
  }

  /** The old certificate is superseded in the same commit: no window where only one happened. */
  @Test
  void aSupersedingCommitThatFailsLeavesTheOldCertificateActive() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
      bank.memoryTickets.deleteForCertificate(ShomeiBank.ISSUER, first.serial());
      faults.failNth("Storage.commitAcquisition", 1, Fault.fail());
      assertThatThrownBy(() -> bank.acquire(letter, FX)).isInstanceOf(StorageException.class);
      assertThat(bank.memoryCertificates.findActive(account("12345678")).orElseThrow().serial())
          .isEqualTo(first.serial());
      AcquisitionResult.Acquired second = acquired(bank.acquire(letter, FX));
      assertThat(second.superseded()).isEqualTo(first.serial());
      CertificateRecord old = bank.memoryCertificates.findBySerial(first.serial()).orElseThrow();
      assertThat(old.status()).isEqualTo(CertificateStatus.SUPERSEDED);
      assertThat(old.supersededBy()).isEqualTo(second.serial());
    }
  }
}
