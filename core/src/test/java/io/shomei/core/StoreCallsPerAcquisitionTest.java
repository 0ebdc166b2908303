package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.password.LetterFields;
import io.shomei.testing.fault.FaultPlan;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How many store calls one successful acquisition costs (server-side key path), counted per SPI
 * method through the fault injector's counters. The numbers are pinned: a change that adds a store
 * round trip to the hot path fails here and must say why.
 *
 * <p>Before {@code Storage.commitAcquisition} and {@code CredentialStore.update} (0.1, commit
 * 2646746), measured with this test's counting part: a first acquisition took 8 store calls
 * ({@code CertificateStore.record, activate, findActive}, {@code CredentialStore.find} x4,
 * {@code DownloadTicketStore.put}) plus 4 audit-log calls; one that supersedes took 11 (plus
 * {@code revoke}, {@code DownloadTicketStore.deleteForCertificate} and {@code findByAccount}) plus 8.
 */
class StoreCallsPerAcquisitionTest {
  static final Instant NOW = Instant.parse("2021-03-01T00:00:00Z");

  final FaultPlan plan = new FaultPlan();
  final ShomeiBank bank = new ShomeiBank(NOW, b -> b.voluntaryReacquisition(true), plan);

  /** The store calls (audit log apart) of what ran since the last reset, and the audit calls. */
  static Map<String, Integer> storeCalls(FaultPlan plan, String what) {
    Map<String, Integer> stores = new TreeMap<>(plan.callCounts());
    int audit = stores.entrySet().stream().filter(e -> e.getKey().startsWith("AuditLog."))
        .mapToInt(Map.Entry::getValue).sum();
    stores.keySet().removeIf(k -> k.startsWith("AuditLog."));
    System.out.println("store calls, " + what + ": " + stores.values().stream()
        .mapToInt(Integer::intValue).sum() + " " + stores + ", audit log: " + audit);
    return stores;
  }

  @Test
  void aFirstAcquisitionAndOneThatSupersedes() {
    try (LetterFields letter = bank.enroll("12345678", FX)) {
      plan.resetCounts();
      AcquisitionResult.Acquired first = acquired(bank.acquire(letter, FX));
      // findByAccount instead of findActive (issue 18): the same one read also shows a
      // certificate revoked for cause, which closes self-service until the branch acts
      assertThat(storeCalls(plan, "first acquisition")).isEqualTo(Map.of(
          "CertificateStore.findByAccount", 1,
          "CredentialStore.find", 2,
          "CredentialStore.update", 2,
          "Storage.commitAcquisition", 1));
      assertThat(plan.calls("AuditLog.append")).isEqualTo(2);

      bank.memoryTickets.deleteForCertificate(ShomeiBank.ISSUER, first.serial()); // used up: no resume
      plan.resetCounts();
      acquired(bank.acquire(letter, FX));
      assertThat(storeCalls(plan, "superseding acquisition")).isEqualTo(Map.of(
          "CertificateStore.findByAccount", 1,
          "CredentialStore.find", 2,
          "CredentialStore.update", 2,
          "DownloadTicketStore.findByAccount", 1,
          "Storage.commitAcquisition", 1));
      // issued, activated, superseded (the replaced certificate is not revoked by default)
      assertThat(plan.calls("AuditLog.append")).isEqualTo(3);
    }
  }
}
