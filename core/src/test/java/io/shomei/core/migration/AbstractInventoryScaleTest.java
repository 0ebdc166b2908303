package io.shomei.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.CampaignReport;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStatus;
import io.shomei.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Imports the {@link GeneratedInventory} of 10,000 certificates into a JDBC store, twice, then runs
 * the notice's campaign scan and compares its counts with the generator's own.
 */
abstract class AbstractInventoryScaleTest {
  static final RuleSet NOTICE =
      RuleSet.load(Path.of("..", "examples", "rules", "notice-2021.rules"));

  /** A migrated, empty storage for this test. */
  abstract JdbcStorage storage();

  @Test
  void importsTheInventoryIdempotentlyAndTheCampaignCountsWhatTheGeneratorKnows() {
    GeneratedInventory inv = GeneratedInventory.get();
    JdbcStorage storage = storage();
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-15T00:00:00Z"));
    CertificateInventory inventory = CertificateInventory.builder()
        .certificateStore(storage.certificateStore())
        .auditTrail(new AuditTrail(storage.auditLog(), clock))
        .clock(clock)
        .trustAnchors(GeneratedInventory.FX, List.of(GeneratedInventory.CA.certificate()))
        .trustAnchors(GeneratedInventory.SPOT, List.of(GeneratedInventory.CA.certificate()))
        .build()
        .byOperator("migration");

    long[] calls = {0};
    ImportSummary first = inventory.importAll(inv.input.iterator(),
        ActiveConflictPolicy.SUPERSEDE_OLDER, (source, result, soFar) -> calls[0]++);
    assertThat(calls[0]).isEqualTo(inv.input.size());
    assertThat(first.total()).isEqualTo(inv.input.size());
    assertThat(first.imported()).isEqualTo(inv.imported());
    assertThat(first.importedNonConforming()).isEqualTo(inv.importedNonConforming());
    assertThat(first.duplicates()).isEqualTo(inv.duplicates);
    assertThat(first.refused(ImportRefusal.SUBJECT_NOT_MAPPABLE)).isEqualTo(inv.refusedInputs);
    assertThat(first.refusedTotal()).isEqualTo(inv.refusedInputs);
    assertThat(inv.refused()).isPositive();
    assertThat(storage.certificateStore().count()).isEqualTo(inv.imported());

    ImportSummary second = inventory.importAll(inv.input.iterator(),
        ActiveConflictPolicy.SUPERSEDE_OLDER, ImportListener.NONE);
    assertThat(second.imported()).isZero();
    assertThat(second.duplicates()).isEqualTo(inv.input.size() - inv.refusedInputs);
    assertThat(storage.certificateStore().count()).isEqualTo(inv.imported());

    // one active certificate per account, and it is the one the inventory calls active
    Map<AccountKey, Integer> actives = new HashMap<>();
    storage.certificateStore().forEach(r -> {
      if (r.status() == CertificateStatus.ACTIVE) {
        actives.merge(r.account(), 1, Integer::sum);
      }
    });
    assertThat(actives.values()).allMatch(n -> n == 1);
    assertThat((long) actives.size()).isEqualTo(inv.recorded().stream()
        .filter(c -> c.status() instanceof ImportStatus.Active).count());

    CampaignReport report = Campaign.scan(storage.certificateStore(), NOTICE)
        .at(GeneratedInventory.SCAN).run();
    assertThat(report.total()).isEqualTo(inv.imported());
    assertThat(report.scanned()).isEqualTo(inv.imported());
    assertThat(report.unreadable()).isZero();
    assertThat(report.byVerdict()).isEqualTo(inv.byVerdict());
    assertThat(report.byService()).isEqualTo(inv.byService());
    assertThat(report.byProgress()).isEqualTo(inv.byProgress(false));
    assertThat(report.nonConforming()).isEqualTo(inv.byProgress(true));
    assertThat(report.nonConformingPending()).isPositive();
    assertThat(report.done()).isPositive();
    assertThat(report.byProgress().get(
        io.shomei.core.eligibility.AffectedCertificate.Progress.REPLACED_EARLIER)).isPositive();
    assertThat(new AuditTrail(storage.auditLog(), clock).verify().intact()).isTrue();
  }
}
