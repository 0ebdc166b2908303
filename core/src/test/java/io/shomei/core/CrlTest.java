package io.shomei.core;

import static io.shomei.core.ShomeiBank.FX;
import static io.shomei.core.ShomeiBank.acquired;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.password.LetterFields;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

/** The CRL: revoked and superseded certificates, signed through key custody. */
class CrlTest {
  final ShomeiBank bank = new ShomeiBank(Instant.parse("2021-03-01T00:00:00Z"), b -> b
      .voluntaryReacquisition(true).retirementPolicy(RetirementPolicy.AT_FIRST_LOGIN)
      .crlNextUpdate(Duration.ofDays(1)));

  private static X509CRL parse(Crl crl) throws Exception {
    return (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(crl.der()));
  }

  @Test
  void listsRevokedAndSupersededCertificatesWithTheirReasonsAndVerifiesWithTheCaKey()
      throws Exception {
    BigInteger superseded;
    BigInteger revoked;
    BigInteger active;
    try (LetterFields a = bank.enroll("12345678", FX); LetterFields b = bank.enroll("12345679", FX)) {
      superseded = acquired(bank.acquire(a, FX)).serial();
      bank.memoryTickets.deleteForCertificate(ShomeiBank.ISSUER, superseded);
      active = acquired(bank.acquire(a, FX)).serial();
      revoked = acquired(bank.acquire(b, FX)).serial();
      bank.shomei.operator("op").revoke(revoked, RevocationReason.KEY_COMPROMISE);
    }
    // a certificate of another CA in the same store is not this CA's to list
    bank.memoryCertificates.record(TestCa.root("Other CA").leaf().commonName("55555555").issue()
        .record(new io.shomei.spi.AccountKey("55555555", FX), bank.clock.instant()));

    Crl crl = bank.shomei.crl().issue();
    X509CRL x = parse(crl);
    x.verify(ShomeiBank.CA.publicKey());
    assertThat(x.getIssuerX500Principal()).isEqualTo(ShomeiBank.CA.certificate().getSubjectX500Principal());
    assertThat(crl.entries()).isEqualTo(2);
    X509CRLEntry s = x.getRevokedCertificate(superseded);
    X509CRLEntry r = x.getRevokedCertificate(revoked);
    assertThat(s.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.SUPERSEDED);
    assertThat(r.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
    assertThat(x.getRevokedCertificate(active)).isNull();
    assertThat(x.getNextUpdate().toInstant()).isEqualTo(crl.thisUpdate().plus(Duration.ofDays(1)));
    byte[] number = x.getExtensionValue(Extension.cRLNumber.getId());
    assertThat(ASN1Integer.getInstance(ASN1OctetString.getInstance(number).getOctets()).getValue())
        .isEqualTo(crl.crlNumber());
    assertThat(crl.pem()).startsWith("-----BEGIN X509 CRL-----\n");
    assertThat(bank.auditTypes()).endsWith("CRL_ISSUED");
  }

  /**
   * An adopted CA revoked a certificate whose serial one of ours also carries: our CRL does not
   * list our (active) certificate for it, and lists ours when ours is revoked.
   */
  @Test
  void aSerialAnotherIssuerRevokedIsNotOnOurCrl() throws Exception {
    BigInteger ours;
    try (LetterFields a = bank.enroll("12345678", FX)) {
      ours = acquired(bank.acquire(a, FX)).serial();
    }
    io.shomei.spi.AccountKey adopted = new io.shomei.spi.AccountKey("55555555", FX);
    io.shomei.spi.CertificateRecord theirs = TestCa.root("Adopted CA").leaf()
        .commonName("55555555").serial(ours).issue().record(adopted, bank.clock.instant());
    bank.memoryCertificates.record(theirs);
    bank.memoryCertificates.revoke(theirs.issuer(), ours, RevocationReason.KEY_COMPROMISE,
        bank.clock.instant());

    X509CRL before = parse(bank.shomei.crl().issue());
    assertThat(before.getRevokedCertificate(ours)).isNull();
    bank.clock.advance(Duration.ofSeconds(1));
    io.shomei.spi.CertificateRecord mine = bank.memoryCertificates.findActive(
        new io.shomei.spi.AccountKey("12345678", FX)).orElseThrow();
    bank.shomei.operator("op").revoke(mine.issuer(), ours, RevocationReason.CESSATION_OF_OPERATION);
    X509CRL after = parse(bank.shomei.crl().issue());
    assertThat(after.getRevokedCertificate(ours).getRevocationReason())
        .isEqualTo(java.security.cert.CRLReason.CESSATION_OF_OPERATION);
  }

  @Test
  void theCrlNumberGrows() {
    Crl first = bank.shomei.crl().issue();
    bank.clock.advance(Duration.ofMillis(1));
    Crl second = bank.shomei.crl().issue();
    assertThat(second.crlNumber()).isGreaterThan(first.crlNumber());
  }

  @Test
  void aClockSetBackNeverLowersTheCrlNumber() {
    Crl first = bank.shomei.crl().issue();
    bank.clock.set(bank.clock.instant().minus(Duration.ofHours(1))); // NTP step, or a VM restored
    Crl second = bank.shomei.crl().issue();
    assertThat(second.crlNumber()).isGreaterThan(first.crlNumber());
  }

  @Test
  void twoNodesIssuingInTheSameMillisecondNeverShareACrlNumber() {
    Shomei otherNode = bank.anotherNode();
    Crl one = bank.shomei.crl().issue();
    Crl two = otherNode.crl().issue();
    assertThat(two.crlNumber()).isGreaterThan(one.crlNumber());
  }
}
