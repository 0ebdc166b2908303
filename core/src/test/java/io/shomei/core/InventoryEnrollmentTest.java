package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.migration.ActiveConflictPolicy;
import io.shomei.core.migration.ImportRequest;
import io.shomei.core.migration.ImportResult;
import io.shomei.core.migration.ImportStatus;
import io.shomei.core.password.LetterFields;
import io.shomei.spi.AccountKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The SDK's inventory import registers an ACTIVE certificate only for an account that was
 * enrolled: otherwise nobody could log in with it and nobody got the account's letter.
 */
class InventoryEnrollmentTest {
  static final Instant AT = Instant.parse("2021-03-01T00:00:00Z");

  private static X509Certificate certificate(String userId) {
    return ShomeiBank.CA.leaf().commonName(userId)
        .validity(Instant.parse("2020-12-01T00:00:00Z"), Instant.parse("2022-11-30T23:59:59Z"))
        .issue().certificate();
  }

  @Test
  void importingAnActiveCertificateForAnAccountNeverEnrolledIsRefused() {
    ShomeiBank bank = new ShomeiBank(AT);
    ImportResult r = bank.shomei.inventory().importCertificate(
        ImportRequest.of(certificate("23456789"), FX), ActiveConflictPolicy.SUPERSEDE_OLDER);
    assertThat(r).isInstanceOfSatisfying(ImportResult.Refused.class,
        x -> assertThat(x.reason().name()).isEqualTo("NOT_ENROLLED"));
    assertThat(bank.memoryCertificates.findActive(new AccountKey("23456789", FX))).isEmpty();
  }

  @Test
  void anEnrolledAccountsCertificateAndHistoryOfAnyAccountImport() {
    ShomeiBank bank = new ShomeiBank(AT);
    try (LetterFields letter = bank.enroll("23456780", FX)) {
      assertThat(letter).isNotNull();
    }
    assertThat(bank.shomei.inventory().importCertificate(
        ImportRequest.of(certificate("23456780"), FX), ActiveConflictPolicy.SUPERSEDE_OLDER))
        .isInstanceOf(ImportResult.Imported.class);
    // a revoked certificate is history: nothing can log in with it
    assertThat(bank.shomei.inventory().importCertificate(
        ImportRequest.of(certificate("23456781"), FX).withStatus(
            ImportStatus.revoked(io.shomei.spi.RevocationReason.KEY_COMPROMISE)),
        ActiveConflictPolicy.SUPERSEDE_OLDER)).isInstanceOf(ImportResult.Imported.class);
  }
}
