package io.shomei.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  private static final AccountKey ACCT = new AccountKey("12345678", "fx-forward");
  private static final Instant T = Instant.parse("2020-11-11T15:00:00Z");
  private static final byte[] DER = {0x30, 0x03, 0x02, 0x01, 0x01};

  /** The DER above is no certificate: its records name their issuer (the empty name) outright. */
  private static final IssuerName ISSUER = IssuerName.ofEncoded(new byte[] {0x30, 0x00});

  private static CertificateRecord issued() {
    return issued(BigInteger.valueOf(255), T, T.plusSeconds(3600), DER, "retail");
  }

  private static CertificateRecord issued(BigInteger serial, Instant notBefore, Instant notAfter,
      byte[] der, @org.jspecify.annotations.Nullable String profile) {
    return new CertificateRecord(serial, ACCT, notBefore, notAfter,
        CertificateRecord.fingerprintOf(der), der, CertificateStatus.ISSUED, T, null, null, null,
        true, profile, null, ISSUER);
  }

  @Test
  void aRecordWithoutAnIssuerReadsItFromTheDerAndRefusesANonCertificate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CertificateRecord.issued(BigInteger.TEN, ACCT, T, T, DER, T, true, null));
    assertEquals("not an X.509 certificate", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IssuerName("ABC"));
    assertThrows(IllegalArgumentException.class, () -> IssuerName.ofEncoded(new byte[0]));
    assertEquals(ISSUER, IssuerName.ofEncoded(new byte[] {0x30, 0x00}));
    assertEquals(ISSUER, issued().issuer());
    assertEquals(ISSUER, issued().withStatus(CertificateStatus.REVOKED, T, null,
        RevocationReason.UNSPECIFIED).issuer());
  }

  @Test
  void accountKeyRefusesBlankAndOverlongParts() {
    assertThrows(IllegalArgumentException.class, () -> new AccountKey("", "fx"));
    assertThrows(IllegalArgumentException.class, () -> new AccountKey("  ", "fx"));
    assertThrows(IllegalArgumentException.class, () -> new AccountKey("1", "x".repeat(65)));
    assertEquals("12345678@fx-forward", ACCT.toString());
  }

  @Test
  void certificateRecordComputesAndChecksItsFingerprint() {
    CertificateRecord r = issued();
    assertEquals(CertificateRecord.fingerprintOf(DER), r.sha256Fingerprint());
    assertTrue(CertificateRecord.isFingerprint(r.sha256Fingerprint()));
    assertFalse(CertificateRecord.isFingerprint(r.sha256Fingerprint().toUpperCase(java.util.Locale.ROOT)));
    assertFalse(CertificateRecord.isFingerprint("abc"));
  }

  @Test
  void certificateRecordCopiesItsDer() {
    byte[] der = DER.clone();
    CertificateRecord r = issued(BigInteger.TEN, T, T, der, null);
    der[0] = 0;
    assertArrayEquals(DER, r.der());
    r.der()[0] = 0;
    assertArrayEquals(DER, r.der());
  }

  @Test
  void certificateRecordRefusesInconsistentStates() {
    CertificateRecord r = issued();
    assertThrows(IllegalArgumentException.class,
        () -> r.withStatus(CertificateStatus.SUPERSEDED, T, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> r.withStatus(CertificateStatus.REVOKED, T, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> r.withStatus(CertificateStatus.ACTIVE, T, BigInteger.ONE, null));
    assertThrows(IllegalArgumentException.class,
        () -> r.withStatus(CertificateStatus.ACTIVE, T, null, RevocationReason.UNSPECIFIED));
    assertThrows(IllegalArgumentException.class, () -> issued(BigInteger.ZERO, T, T, DER, null));
    assertThrows(IllegalArgumentException.class, () -> issued(
        BigInteger.ONE.shiftLeft(159), T, T, DER, null));
    assertThrows(IllegalArgumentException.class, () -> issued(BigInteger.ONE,
        T, T.minusSeconds(1), DER, null));
    CertificateRecord revoked = r.withStatus(CertificateStatus.REVOKED, T, BigInteger.TWO,
        RevocationReason.SUPERSEDED);
    assertEquals(BigInteger.TWO, revoked.supersededBy());
  }

  @Test
  void validityIsInclusiveAtBothEnds() {
    CertificateRecord r = issued();
    assertTrue(r.isValidAt(r.notBefore()));
    assertTrue(r.isValidAt(r.notAfter()));
    assertFalse(r.isValidAt(r.notBefore().minusNanos(1)));
    assertFalse(r.isValidAt(r.notAfter().plusNanos(1)));
  }

  @Test
  void revocationReasonsRoundTripTheirRfcCodes() {
    for (RevocationReason r : RevocationReason.values()) {
      assertEquals(r, RevocationReason.ofCode(r.code()));
    }
    assertThrows(IllegalArgumentException.class, () -> RevocationReason.ofCode(6));
    assertThrows(IllegalArgumentException.class, () -> RevocationReason.ofCode(7));
  }

  @Test
  void onlySupersededIsNotARevocationForCause() {
    for (RevocationReason r : RevocationReason.values()) {
      assertEquals(r != RevocationReason.SUPERSEDED && r != RevocationReason.CESSATION_OF_OPERATION,
          r.forCause(), r.name());
    }
    assertEquals("keyCompromise", RevocationReason.KEY_COMPROMISE.rfcName());
    assertEquals("cACompromise", RevocationReason.CA_COMPROMISE.rfcName());
    CertificateRecord active = issued().withStatus(CertificateStatus.ACTIVE, T, null, null);
    CertificateRecord superseded =
        active.withStatus(CertificateStatus.SUPERSEDED, T, BigInteger.TWO, null);
    assertTrue(superseded.replaced());
    assertFalse(superseded.revokedForCause());
    CertificateRecord revokedAsSuperseded = superseded.withStatus(CertificateStatus.REVOKED, T,
        BigInteger.TWO, RevocationReason.SUPERSEDED);
    assertTrue(revokedAsSuperseded.replaced());
    assertFalse(revokedAsSuperseded.revokedForCause());
    CertificateRecord compromised = superseded.withStatus(CertificateStatus.REVOKED, T,
        BigInteger.TWO, RevocationReason.KEY_COMPROMISE);
    assertFalse(compromised.replaced());
    assertTrue(compromised.revokedForCause());
    assertFalse(active.replaced());
    assertFalse(active.revokedForCause());
  }

  @Test
  void toStringsNeverShowHashesOrFileBytes() {
    String hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
    CredentialRecord c = CredentialRecord.create(ACCT, new LoginPassword(hash, true, T, null),
        new AcquisitionPassword(hash, T, null));
    assertFalse(c.toString().contains("aGFzaGhhc2g"));
    assertFalse(c.toString().contains("c2FsdHNhbHQ"));
    DownloadTicket t = new DownloadTicket("abcdefghijklmnop0123", ACCT, ISSUER, BigInteger.ONE,
        new byte[] {0x30, 0x11}, T, T.plusSeconds(60), 3);
    assertFalse(t.toString().contains("abcdefghijklmnop0123"));
    assertFalse(t.toString().contains("48"));
  }

  /**
   * Two issuers may have used one serial: a ticket names its certificate by both, and a commit
   * refuses a ticket of the other issuer's certificate with the new certificate's serial.
   */
  @Test
  void aTicketIsForItsIssuersCertificateOnly() {
    CertificateRecord ours = issued();
    IssuerName other = IssuerName.ofEncoded(new byte[] {0x30, 0x02, 0x31, 0x00});
    DownloadTicket mine = new DownloadTicket("abcdefghijklmnop0123", ACCT, ISSUER, ours.serial(),
        new byte[] {0x30, 0x11}, T, T.plusSeconds(60), 3);
    DownloadTicket theirs = new DownloadTicket("abcdefghijklmnop0124", ACCT, other, ours.serial(),
        new byte[] {0x30, 0x11}, T, T.plusSeconds(60), 3);
    assertTrue(mine.isFor(ours));
    assertFalse(theirs.isFor(ours));
    assertFalse(mine.equals(new DownloadTicket(mine.id(), ACCT, other, ours.serial(),
        mine.pkcs12(), T, T.plusSeconds(60), 3)));
    assertEquals(other, theirs.withDownloadsLeft(1).issuer());
    assertEquals(ours, new AcquisitionCommit(ours, mine, null, false, T).certificate());
    assertThrows(IllegalArgumentException.class,
        () -> new AcquisitionCommit(ours, theirs, null, false, T));
  }

  @Test
  void credentialRecordRefusesNegativeCountersAndTooMuchHistory() {
    CredentialRecord c = CredentialRecord.create(ACCT, null, null);
    assertThrows(IllegalArgumentException.class, () -> c.withLoginFailures(-1, null));
    assertThrows(IllegalArgumentException.class, () -> c.withLogin(null,
        java.util.Collections.nCopies(CredentialRecord.MAX_HISTORY + 1, "$x$y"), 0, null));
    assertThrows(UnsupportedOperationException.class,
        () -> c.passwordHistory().add("$x"));
  }

  @Test
  void auditRecordSortsAndFreezesDetails() {
    AuditRecord r = new AuditRecord(1, T, "X", "system", null, null,
        Map.of("b", "2", "a", "1"), AuditRecord.GENESIS_HASH, "a".repeat(64));
    assertEquals(List.of("a", "b"), List.copyOf(r.details().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> r.details().put("c", "3"));
    assertThrows(IllegalArgumentException.class, () -> new AuditRecord(0, T, "X", "system", null,
        null, Map.of(), AuditRecord.GENESIS_HASH, "a".repeat(64)));
  }

  @Test
  void hashesMustBePrintableAsciiWithoutSpaces() {
    qt().forAll(strings().allPossible().ofLengthBetween(1, 40)).check(s -> {
      boolean printable = s.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e);
      try {
        new LoginPassword(s, false, T, null);
        return printable;
      } catch (IllegalArgumentException e) {
        return !printable;
      }
    });
  }
}
