package io.shomei.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.CampaignCsv;
import io.shomei.core.eligibility.CampaignReport;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.MutableClock;
import io.shomei.testing.memory.InMemoryStorage;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

  /** Another storage over {@link #storage()}'s database, with this scan fetch size. */
  abstract JdbcStorage withFetchSize(int rows);

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

    sameCsvThroughTheCursorAsFromMemory(inv, clock);
  }

  /**
   * The campaign's CSV and report read through the database's cursor in many small fetches (7 rows
   * a round trip: about 1,400 of them) are those of the same campaign over the same inventory
   * imported into the in-memory store: streaming changes nothing a customer receives.
   */
  private void sameCsvThroughTheCursorAsFromMemory(GeneratedInventory inv, MutableClock clock) {
    InMemoryStorage memory = new InMemoryStorage();
    CertificateInventory.builder()
        .certificateStore(memory.certificates())
        .auditTrail(new AuditTrail(memory.audit(), clock))
        .clock(clock)
        .trustAnchors(GeneratedInventory.FX, List.of(GeneratedInventory.CA.certificate()))
        .trustAnchors(GeneratedInventory.SPOT, List.of(GeneratedInventory.CA.certificate()))
        .build()
        .byOperator("migration")
        .importAll(inv.input.iterator(), ActiveConflictPolicy.SUPERSEDE_OLDER, ImportListener.NONE);
    StringWriter fromMemory = new StringWriter();
    CampaignReport inMemory = campaign(memory.certificates(), fromMemory);
    StringWriter streamed = new StringWriter();
    CampaignReport fromCursor = campaign(withFetchSize(7).certificateStore(), streamed);

    assertThat(fromCursor).isEqualTo(inMemory);
    assertThat(inMemory.affected()).isPositive();
    assertThat(streamed.toString()).isEqualTo(fromMemory.toString());
    assertThat(streamed.toString().split("\r\n", -1)).hasSize((int) inMemory.affected() + 2);
  }

  private static CampaignReport campaign(CertificateStore store, StringWriter csv) {
    return Campaign.scan(store, NOTICE).at(GeneratedInventory.SCAN)
        .clock(Clock.fixed(GeneratedInventory.SCAN, ZoneOffset.UTC)) // elapsed 0: reports compare
        .progressEvery(1000)
        .onAffected(CampaignCsv.to(csv, ZoneId.of("Asia/Tokyo")))
        .run();
  }
}
