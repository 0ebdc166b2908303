package io.shomei.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.audit.AuditTrail;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryAuditLog;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateInventoryTest {
  static final String FX = "fx-forward";
  static final TestCa ROOT = TestCa.root("Inventory Root");
  static final TestCa ISSUING = ROOT.intermediate("Inventory Issuing CA");
  static final TestCa STRANGER = TestCa.root("Stranger CA");
  static final Instant NOW = Instant.parse("2026-01-15T00:00:00Z");
  static final Instant Y2020 = Instant.parse("2020-03-01T00:00:00Z");

  final InMemoryCertificateStore store = new InMemoryCertificateStore();
  final InMemoryAuditLog auditLog = new InMemoryAuditLog();
  final MutableClock clock = MutableClock.at(NOW);
  final CertificateInventory inventory = CertificateInventory.builder()
      .certificateStore(store)
      .auditTrail(new AuditTrail(auditLog, clock))
      .clock(clock)
      .trustAnchors(FX, List.of(ROOT.certificate()))
      .build();

  static X509Certificate leaf(TestCa ca, String cn, Instant from, Instant to) {
    return ca.leaf().commonName(cn).validity(from, to).issue().certificate();
  }

  static X509Certificate leaf2020(String cn) {
    return leaf(ROOT, cn, Y2020, Y2020.plusSeconds(365L * 86400));
  }

  ImportResult importActive(X509Certificate c) {
    return inventory.importCertificate(ImportRequest.of(c, FX), ActiveConflictPolicy.SUPERSEDE_OLDER);
  }

  static CertificateRecord imported(ImportResult r) {
    assertThat(r).isInstanceOf(ImportResult.Imported.class);
    return ((ImportResult.Imported) r).record();
  }

  static ImportRefusal refusal(ImportResult r) {
    assertThat(r).isInstanceOf(ImportResult.Refused.class);
    return ((ImportResult.Refused) r).reason();
  }

  List<AuditRecord> audit() {
    List<AuditRecord> out = new ArrayList<>();
    auditLog.forEach(1, out::add);
    return out;
  }

  @Test
  void importsAnExpiredCertificateOf2020AsActiveForTheMappedUser() {
    X509Certificate c = leaf2020("12345678");
    CertificateRecord r = imported(importActive(c));
    assertThat(r.status()).isEqualTo(CertificateStatus.ACTIVE);
    assertThat(r.account()).isEqualTo(new AccountKey("12345678", FX));
    assertThat(r.conforming()).isTrue();
    assertThat(r.profile()).isNull();
    assertThat(r.recordedAt()).isEqualTo(NOW);
    assertThat(store.findActive(r.account())).contains(r);

    List<AuditRecord> events = audit();
    assertThat(events).hasSize(1);
    AuditRecord e = events.get(0);
    assertThat(e.type()).isEqualTo("CERTIFICATE_IMPORTED");
    assertThat(e.actor()).isEqualTo("system");
    assertThat(e.details()).containsEntry("serial", c.getSerialNumber().toString(16))
        .containsEntry("status", "ACTIVE").containsEntry("conforming", "true")
        .containsEntry("sha256", r.sha256Fingerprint());
    assertThat(new AuditTrail(auditLog, clock).verify().intact()).isTrue();
  }

  @Test
  void theSameCertificateTwiceIsADuplicateAndChangesNothing() {
    X509Certificate c = leaf2020("12345678");
    CertificateRecord first = imported(importActive(c));
    ImportResult again = inventory.importCertificate(
        ImportRequest.of(c, FX).withStatus(ImportStatus.revoked(RevocationReason.KEY_COMPROMISE)),
        ActiveConflictPolicy.REFUSE);
    assertThat(again).isEqualTo(new ImportResult.Duplicate(first));
    assertThat(store.count()).isEqualTo(1);
    assertThat(audit()).hasSize(1);
  }

  @Test
  void anotherCertificateWithTheSameSerialIsASerialConflict() {
    BigInteger serial = BigInteger.valueOf(4711);
    imported(importActive(ROOT.leaf().commonName("12345678").serial(serial).issue().certificate()));
    ImportResult r = importActive(
        ROOT.leaf().commonName("87654321").serial(serial).issue().certificate());
    assertThat(refusal(r)).isEqualTo(ImportRefusal.SERIAL_CONFLICT);
    assertThat(store.count()).isEqualTo(1);
  }

  /**
   * An adopted CA and the bank's CA both issued serial 4712 (RFC 5280 makes a serial unique per
   * issuer): both certificates import, each ACTIVE for its own account, and neither is touched by the
   * other.
   */
  @Test
  void anotherIssuersCertificateWithTheSameSerialImports() {
    BigInteger serial = BigInteger.valueOf(4712);
    CertificateRecord first = imported(importActive(
        ROOT.leaf().commonName("12345678").serial(serial).issue().certificate()));
    X509Certificate other = ISSUING.leaf().commonName("87654321").serial(serial)
        .validity(Y2020, NOW.plusSeconds(86400)).issue().certificate();
    CertificateRecord second = imported(inventory.importCertificate(
        ImportRequest.of(other, FX).withIntermediates(List.of(ISSUING.certificate())),
        ActiveConflictPolicy.SUPERSEDE_OLDER));
    assertThat(second.status()).isEqualTo(CertificateStatus.ACTIVE);
    assertThat(second.issuer()).isNotEqualTo(first.issuer());
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.findBySerial(first.issuer(), serial)).contains(first);
    assertThat(store.findBySerial(second.issuer(), serial)).contains(second);
  }

  @Test
  void aCertificateOfAnotherCaIsUntrusted() {
    assertThat(refusal(importActive(leaf(STRANGER, "12345678", Y2020, NOW))))
        .isEqualTo(ImportRefusal.UNTRUSTED_CHAIN);
    assertThat(store.count()).isZero();
  }

  @Test
  void aCertificateOfAnIntermediateNeedsTheIntermediate() {
    X509Certificate c = leaf(ISSUING, "12345678", Y2020, NOW.plusSeconds(86400));
    assertThat(refusal(importActive(c))).isEqualTo(ImportRefusal.UNTRUSTED_CHAIN);
    ImportResult r = inventory.importCertificate(
        ImportRequest.of(c, FX).withIntermediates(List.of(ISSUING.certificate())),
        ActiveConflictPolicy.SUPERSEDE_OLDER);
    assertThat(imported(r).status()).isEqualTo(CertificateStatus.ACTIVE);
  }

  @Test
  void caAndSelfIssuedCertificatesAreNotEndEntities() {
    assertThat(refusal(importActive(ISSUING.certificate()))).isEqualTo(ImportRefusal.NOT_AN_END_ENTITY);
    assertThat(refusal(importActive(ROOT.leaf().ca(true).issue().certificate())))
        .isEqualTo(ImportRefusal.NOT_AN_END_ENTITY);
  }

  @Test
  void aServiceWithoutAnchorsIsUnknown() {
    ImportResult r = inventory.importCertificate(ImportRequest.of(leaf2020("12345678"), "fx-spot"),
        ActiveConflictPolicy.SUPERSEDE_OLDER);
    assertThat(refusal(r)).isEqualTo(ImportRefusal.UNKNOWN_SERVICE);
  }

  @Test
  void aNewerCertificateImportedFirstStaysActive() {
    X509Certificate older = leaf(ROOT, "12345678", Y2020, NOW);
    X509Certificate newer = leaf(ROOT, "12345678", Y2020.plusSeconds(86400), NOW);
    CertificateRecord n = imported(importActive(newer));
    CertificateRecord o = imported(importActive(older));
    assertThat(o.status()).isEqualTo(CertificateStatus.SUPERSEDED);
    assertThat(o.supersededBy()).isEqualTo(n.serial());
    assertThat(store.findActive(n.account()).orElseThrow().serial()).isEqualTo(n.serial());
  }

  @Test
  void aNewerCertificateImportedSecondSupersedesTheOlder() {
    X509Certificate older = leaf(ROOT, "12345678", Y2020, NOW);
    X509Certificate newer = leaf(ROOT, "12345678", Y2020.plusSeconds(86400), NOW);
    CertificateRecord o = imported(importActive(older));
    ImportResult r = importActive(newer);
    CertificateRecord n = imported(r);
    assertThat(n.status()).isEqualTo(CertificateStatus.ACTIVE);
    assertThat(((ImportResult.Imported) r).superseded()).isNotNull();
    assertThat(store.findBySerial(o.serial()).orElseThrow().supersededBy()).isEqualTo(n.serial());
    assertThat(audit()).extracting(AuditRecord::type).containsExactly("CERTIFICATE_IMPORTED",
        "CERTIFICATE_SUPERSEDED", "CERTIFICATE_IMPORTED");
  }

  @Test
  void refusePolicyKeepsTheActiveCertificate() {
    CertificateRecord first = imported(importActive(leaf2020("12345678")));
    ImportResult r = inventory.importCertificate(
        ImportRequest.of(leaf(ROOT, "12345678", Y2020.plusSeconds(86400), NOW), FX),
        ActiveConflictPolicy.REFUSE);
    assertThat(refusal(r)).isEqualTo(ImportRefusal.ACTIVE_EXISTS);
    assertThat(store.findActive(first.account()).orElseThrow().serial()).isEqualTo(first.serial());
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void anUnmappableSubjectNeedsAnExplicitUserAndIsThenNonConforming() {
    X509Certificate legacy = leaf2020("TARO YAMADA 1234");
    assertThat(refusal(importActive(legacy))).isEqualTo(ImportRefusal.SUBJECT_NOT_MAPPABLE);
    assertThat(refusal(inventory.importCertificate(ImportRequest.of(legacy, FX).withUserId("1234"),
        ActiveConflictPolicy.SUPERSEDE_OLDER))).isEqualTo(ImportRefusal.INVALID_USER_ID);

    CertificateRecord r = imported(inventory.importCertificate(
        ImportRequest.of(legacy, FX).withUserId("12345678"), ActiveConflictPolicy.SUPERSEDE_OLDER));
    assertThat(r.conforming()).isFalse();
    assertThat(r.status()).isEqualTo(CertificateStatus.ACTIVE);
    assertThat(audit().get(0).details()).containsEntry("conforming", "false");

    // login keeps applying the mapping policy: the certificate never logs in
    CertificateAcceptance acceptance = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(FX, List.of(ROOT.certificate())).zone(ZoneId.of("Asia/Tokyo")).build();
    AcceptanceResult a = acceptance.accept(List.of(legacy), FX, Y2020.plusSeconds(86400));
    assertThat(a).isInstanceOf(AcceptanceResult.Refused.class);
    assertThat(((AcceptanceResult.Refused) a).reason())
        .isEqualTo(AcceptanceRefusal.SUBJECT_NOT_MAPPABLE);
  }

  @Test
  void anExplicitUserMustMatchAMappableSubject() {
    X509Certificate c = leaf2020("12345678");
    assertThat(refusal(inventory.importCertificate(ImportRequest.of(c, FX).withUserId("87654321"),
        ActiveConflictPolicy.SUPERSEDE_OLDER))).isEqualTo(ImportRefusal.USER_ID_MISMATCH);
    CertificateRecord r = imported(inventory.importCertificate(
        ImportRequest.of(c, FX).withUserId("12345678"), ActiveConflictPolicy.SUPERSEDE_OLDER));
    assertThat(r.conforming()).isTrue();
  }

  @Test
  void aSupersededCertificateNamesTheActiveOneOrWaitsForASuccessor() {
    X509Certificate older = leaf(ROOT, "12345678", Y2020, NOW);
    X509Certificate newer = leaf(ROOT, "12345678", Y2020.plusSeconds(86400), NOW);
    ImportRequest old = ImportRequest.of(older, FX).withStatus(ImportStatus.superseded());
    assertThat(refusal(inventory.importCertificate(old, ActiveConflictPolicy.REFUSE)))
        .isEqualTo(ImportRefusal.NO_SUCCESSOR);

    List<String> order = new ArrayList<>();
    ImportSummary s = inventory.importAll(List.of(old, ImportRequest.of(newer, FX)).iterator(),
        ActiveConflictPolicy.REFUSE, (source, result, soFar) -> order.add(
            result.getClass().getSimpleName() + ":" + soFar.total()));
    assertThat(s.imported()).isEqualTo(2);
    assertThat(s.refusedTotal()).isZero();
    assertThat(order).containsExactly("Imported:1", "Imported:2");
    CertificateRecord o = store.findBySerial(older.getSerialNumber()).orElseThrow();
    assertThat(o.status()).isEqualTo(CertificateStatus.SUPERSEDED);
    assertThat(o.supersededBy()).isEqualTo(newer.getSerialNumber());
  }

  @Test
  void aRevokedCertificateKeepsItsReasonAndDate() {
    Instant revokedAt = Instant.parse("2020-09-01T00:00:00Z");
    CertificateRecord r = imported(inventory.importCertificate(ImportRequest.of(leaf2020("12345678"),
        FX).withStatus(ImportStatus.revoked(RevocationReason.KEY_COMPROMISE, revokedAt)),
        ActiveConflictPolicy.REFUSE));
    assertThat(r.status()).isEqualTo(CertificateStatus.REVOKED);
    assertThat(r.revocationReason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
    assertThat(r.statusChangedAt()).isEqualTo(revokedAt);
    assertThat(store.findActive(r.account())).isEmpty();
  }

  @Test
  void anOperatorIsNamedInTheAuditTrail() {
    CertificateInventory byAlice = inventory.byOperator("alice");
    imported(byAlice.importCertificate(ImportRequest.of(leaf2020("12345678"), FX),
        ActiveConflictPolicy.REFUSE));
    assertThat(audit().get(0).actor()).isEqualTo("operator:alice");
    assertThatThrownBy(() -> inventory.byOperator(" bob")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> inventory.byOperator("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    assertThatThrownBy(() -> CertificateInventory.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("certificateStore");
    assertThatThrownBy(() -> CertificateInventory.builder().certificateStore(store)
        .auditTrail(new AuditTrail(auditLog, clock)).clock(clock).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("trust anchors");
    assertThatThrownBy(() -> CertificateInventory.builder().clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class);
  }
}
