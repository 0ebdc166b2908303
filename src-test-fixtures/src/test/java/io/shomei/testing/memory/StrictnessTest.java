package io.shomei.testing.memory;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CredentialRecord;
import io.shomei.testing.ca.TestCa;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fakes refuse misuse that a production store might silently accept. */
class StrictnessTest {
  private static final TestCa CA = TestCa.root("Strictness CA");
  private static final AccountKey ACCT = new AccountKey("12345678", "fx-forward");

  @Test
  void refusesARecordWhoseValidityDiffersFromTheDer() {
    TestCa.Issued issued = CA.leaf().issue();
    CertificateRecord honest = issued.record(ACCT, Instant.now());
    CertificateRecord lying = CertificateRecord.issued(honest.serial(), ACCT,
        honest.notBefore().minusSeconds(86_400), honest.notAfter(), honest.der(), Instant.now(),
        true, null);
    assertThrows(IllegalArgumentException.class,
        () -> new InMemoryCertificateStore().record(lying));
  }

  @Test
  void refusesARecordWhoseSerialDiffersFromTheDer() {
    CertificateRecord honest = CA.leaf().issue().record(ACCT, Instant.now());
    CertificateRecord lying = CertificateRecord.issued(honest.serial().add(java.math.BigInteger.ONE),
        ACCT, honest.notBefore(), honest.notAfter(), honest.der(), Instant.now(), true, null);
    assertThrows(IllegalArgumentException.class,
        () -> new InMemoryCertificateStore().record(lying));
  }

  @Test
  void refusesAnInventedCredentialVersion() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    CredentialRecord r = CredentialRecord.create(ACCT, null, null);
    store.create(r);
    assertThrows(IllegalStateException.class, () -> store.replace(r.withVersion(5)));
  }
}
