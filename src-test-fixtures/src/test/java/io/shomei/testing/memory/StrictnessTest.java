package io.shomei.testing.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionCommit;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.DownloadTicket;
import io.shomei.testing.ca.TestCa;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** A record that names another issuer than its certificate's would be found under the wrong CA. */
  @Test
  void refusesARecordWhoseIssuerDiffersFromTheDer() {
    CertificateRecord honest = CA.leaf().issue().record(ACCT, Instant.now());
    CertificateRecord lying = new CertificateRecord(honest.serial(), ACCT, honest.notBefore(),
        honest.notAfter(), honest.sha256Fingerprint(), honest.der(), honest.status(),
        honest.recordedAt(), null, null, null, true, null, null,
        io.shomei.spi.IssuerName.ofEncoded(new byte[] {0x30, 0x00}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new InMemoryCertificateStore().record(lying));
    org.junit.jupiter.api.Assertions.assertEquals("record issuer differs from the certificate's",
        e.getMessage());
  }

  @Test
  void refusesAnInventedCredentialVersion() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    CredentialRecord r = CredentialRecord.create(ACCT, null, null);
    store.create(r);
    assertThrows(IllegalStateException.class, () -> store.replace(r.withVersion(5)));
  }

  /** A change with a side effect is caught: the fake runs it twice, as a lost race would. */
  @Test
  void runsAnUpdatesChangeTwiceSoSideEffectsShow() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.create(CredentialRecord.create(ACCT, null, null));
    AtomicInteger calls = new AtomicInteger();
    store.update(ACCT, r -> {
      calls.incrementAndGet();
      return r.withLoginFailures(r.loginFailures() + 1, null);
    });
    assertEquals(2, calls.get());
    assertEquals(1, store.find(ACCT).orElseThrow().loginFailures());
  }

  @Test
  void refusesACommitWithAUselessTicket() {
    InMemoryStorage storage = new InMemoryStorage();
    CertificateRecord c = CA.leaf().issue().record(ACCT, Instant.now());
    DownloadTicket used = new DownloadTicket("a".repeat(32), ACCT, c.issuer(), c.serial(), new byte[] {1},
        Instant.now(), Instant.now().plusSeconds(60), 0);
    assertThrows(IllegalArgumentException.class, () -> storage.commitAcquisition(
        new AcquisitionCommit(c, used, null, false, Instant.now())));
    assertEquals(0, storage.certificates().count());
  }
}
