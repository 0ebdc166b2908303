package io.shomei.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.testing.ca.KeyType;
import io.shomei.testing.ca.TestCa;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading other CAs' CRLs: what is taken, what is refused and why, and what the revocation step of
 * acceptance then decides for a path.
 */
class IssuerCrlsTest {
  static final TestCa ROOT = TestCa.root("Adopted Root");
  static final TestCa CA = ROOT.intermediate("Adopted Issuing CA");
  static final Instant NOW = Instant.parse("2026-01-02T00:00:00Z");

  static IssuerCrls consulting(TestCa... cas) {
    IssuerCrls.Builder b = IssuerCrls.builder();
    for (TestCa ca : cas) {
      b.consult(ca.certificate());
    }
    return b.build();
  }

  static AcceptanceRefusal reason(IssuerCrls.@Nullable Problem problem) {
    assertThat(problem).isNotNull();
    return java.util.Objects.requireNonNull(problem).reason();
  }

  static CrlRefusal refusal(CrlLoad load) {
    assertThat(load).isInstanceOf(CrlLoad.Refused.class);
    return ((CrlLoad.Refused) load).reason();
  }

  @Test
  void aCrlOfAConfiguredCaIsLoadedFromDerAndFromPem(@TempDir Path dir) throws Exception {
    X509Certificate leaf = CA.leaf().issue().certificate();
    byte[] der = CA.crl().revoke(leaf).der();
    CrlLoad loaded = consulting(CA).load(der);
    assertThat(loaded).isEqualTo(new CrlLoad.Loaded(CA.certificate().getSubjectX500Principal(),
        BigInteger.ONE, Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-08T00:00:00Z"), 1, CrlLoad.Scope.ALL));

    String pem = "-----BEGIN X509 CRL-----\r\n"
        + Base64.getMimeEncoder().encodeToString(der) + "\r\n-----END X509 CRL-----\n";
    Path file = dir.resolve("ca.crl");
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    assertThat(consulting(CA).load(file)).isEqualTo(loaded);
  }

  @Test
  void whatIsNotOneDerCrlIsMalformed() {
    byte[] der = CA.crl().der();
    byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
    byte[] flipped = der.clone();
    flipped[der.length / 2] ^= 0x55;
    IssuerCrls crls = consulting(CA);
    assertThat(refusal(crls.load(new byte[0]))).isEqualTo(CrlRefusal.MALFORMED);
    assertThat(refusal(crls.load(trailing))).isEqualTo(CrlRefusal.MALFORMED);
    assertThat(refusal(crls.load(CA.certificateChain().get(0).getPublicKey().getEncoded())))
        .isEqualTo(CrlRefusal.MALFORMED);
    assertThat(refusal(crls.load("-----BEGIN X509 CRL-----\n!!!\n-----END X509 CRL-----\n"
        .getBytes(StandardCharsets.US_ASCII)))).isEqualTo(CrlRefusal.MALFORMED);
    assertThat(crls.load(flipped)).isInstanceOf(CrlLoad.Refused.class);
    assertThat(crls.loaded()).isEmpty();
  }

  /** Found by CrlLoadFuzzTest#crlBytes: the END line was looked for inside the BEGIN line. */
  @Test
  void aPemBlockWhoseEndOverlapsItsBeginIsMalformedNotAnException() {
    byte[] overlapping = "\r\r\n\n-----BEGIN X509 CRL---------END X509 CRL----- "
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(refusal(consulting(CA).load(overlapping))).isEqualTo(CrlRefusal.MALFORMED);
  }

  @Test
  void aCrlLargerThanTheLimitIsRefusedBeforeParsing() {
    IssuerCrls crls = IssuerCrls.builder().consult(CA.certificate()).maxCrlBytes(1024).build();
    TestCa.CrlBuilder big = CA.crl();
    for (int i = 1; i <= 100; i++) {
      big.revoke(BigInteger.valueOf(i), NOW, -1);
    }
    assertThat(refusal(crls.load(big.der()))).isEqualTo(CrlRefusal.TOO_LARGE);
  }

  @Test
  void aCrlOfAnUnconfiguredIssuerIsRefused() {
    assertThat(refusal(consulting(CA).load(ROOT.crl().der()))).isEqualTo(CrlRefusal.UNKNOWN_ISSUER);
  }

  @Test
  void aCrlUnderTheCasNameSignedByAnotherKeyIsRefused() {
    TestCa sameName = ROOT.intermediate("Adopted Issuing CA");
    assertThat(refusal(consulting(CA).load(sameName.crl().der())))
        .isEqualTo(CrlRefusal.BAD_SIGNATURE);
    // with both configured, each verifies against its own key and is kept apart
    IssuerCrls both = consulting(CA, sameName);
    X509Certificate leaf = CA.leaf().issue().certificate();
    assertThat(both.load(sameName.crl().revoke(leaf).der())).isInstanceOf(CrlLoad.Loaded.class);
    assertThat(both.check(List.of(leaf, CA.certificate()), ROOT.rootCertificate(), NOW)).isNull();
  }

  @Test
  void aCrlSignedWithAnAlgorithmThePolicyRefusesIsRefused() {
    assertThat(refusal(consulting(CA).load(CA.crl().signatureAlgorithm("SHA1withECDSA").der())))
        .isEqualTo(CrlRefusal.WEAK_SIGNATURE_ALGORITHM);
  }

  @Test
  void aCaWhoseKeyUsageLacksCrlSignCannotSignCrls() {
    KeyPair kp = KeyType.EC_P256.generate();
    X509Certificate noCrlSign = ROOT.leaf().commonName("No CRL Signer").ca(true)
        .keyUsage(KeyUsage.keyCertSign).extendedKeyUsages().keyPair(kp).issue().certificate();
    IssuerCrls crls = IssuerCrls.builder().consult(noCrlSign).build();
    byte[] crl = ROOT.crl().issuer(noCrlSign.getSubjectX500Principal().getEncoded())
        .signedBy(kp.getPrivate(), "SHA256withECDSA").der();
    assertThat(refusal(crls.load(crl))).isEqualTo(CrlRefusal.NOT_A_CRL_SIGNER);
  }

  @Test
  void onlyCompleteCrlsWithANextUpdateAreTaken() {
    IssuerCrls crls = consulting(CA);
    assertThat(refusal(crls.load(CA.crl().validity(NOW, null).der())))
        .isEqualTo(CrlRefusal.NO_NEXT_UPDATE);
    assertThat(refusal(crls.load(CA.crl().validity(NOW, NOW.minusSeconds(1)).der())))
        .isEqualTo(CrlRefusal.MALFORMED);
    assertThat(refusal(crls.load(CA.crl().extension("2.5.29.27", true, new ASN1Integer(1)).der())))
        .isEqualTo(CrlRefusal.DELTA_CRL);
    assertThat(refusal(crls.load(CA.crl().extension("2.5.29.28", true,
        new IssuingDistributionPoint(null, false, false, null, true, false)).der())))
        .isEqualTo(CrlRefusal.UNSUPPORTED_SCOPE);
    assertThat(refusal(crls.load(CA.crl().extension("2.5.29.28", true,
        new IssuingDistributionPoint(null, false, false,
            new ReasonFlags(ReasonFlags.keyCompromise), false, false)).der())))
        .isEqualTo(CrlRefusal.UNSUPPORTED_SCOPE);
    assertThat(refusal(crls.load(CA.crl().extension("1.3.6.1.4.1.99999.7", true,
        new DEROctetString(new byte[] {1})).der())))
        .isEqualTo(CrlRefusal.UNSUPPORTED_CRITICAL_EXTENSION);
    assertThat(crls.loaded()).isEmpty();
    // an unknown extension that is not critical is ignored
    assertThat(crls.load(CA.crl().extension("1.3.6.1.4.1.99999.7", false,
        new DEROctetString(new byte[] {1})).der())).isInstanceOf(CrlLoad.Loaded.class);
  }

  @Test
  void withoutCrlNumbersTheLaterThisUpdateWins() {
    IssuerCrls crls = consulting(CA);
    X509Certificate leaf = CA.leaf().issue().certificate();
    byte[] later = CA.crl().number(null).validity(NOW, NOW.plus(Duration.ofDays(1)))
        .revoke(leaf).der();
    byte[] earlier = CA.crl().number(null).validity(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)))
        .der();
    assertThat(crls.load(later)).isInstanceOf(CrlLoad.Loaded.class);
    assertThat(refusal(crls.load(earlier))).isEqualTo(CrlRefusal.NOT_NEWER_THAN_LOADED);
    assertThat(reason(crls.check(List.of(leaf, CA.certificate()), ROOT.rootCertificate(), NOW)))
        .isEqualTo(AcceptanceRefusal.REVOKED_BY_ISSUER);
  }

  @Test
  void aCrlForEndEntitiesOnlySaysNothingAboutCaCertificates() {
    IssuerCrls crls = IssuerCrls.builder().require(ROOT.rootCertificate()).build();
    byte[] usersOnly = ROOT.crl().validity(NOW, NOW.plus(Duration.ofDays(1)))
        .revoke(CA.certificate()) // listed, but this CRL's scope is end entities
        .extension("2.5.29.28", true, new IssuingDistributionPoint((DistributionPointName) null,
            true, false, null, false, false)).der();
    CrlLoad load = crls.load(usersOnly);
    assertThat(((CrlLoad.Loaded) load).scope()).isEqualTo(CrlLoad.Scope.END_ENTITY_CERTIFICATES);
    X509Certificate leaf = CA.leaf().issue().certificate();
    IssuerCrls.Problem p = java.util.Objects.requireNonNull(
        crls.check(List.of(leaf, CA.certificate()), ROOT.rootCertificate(), NOW));
    assertThat(p.reason()).isEqualTo(AcceptanceRefusal.REVOCATION_STATUS_UNKNOWN);
    assertThat(p.detail()).contains("CA certificate 1").contains("none is loaded");

    byte[] casOnly = ROOT.crl().number(BigInteger.TWO).validity(NOW, NOW.plus(Duration.ofDays(1)))
        .revoke(CA.certificate())
        .extension("2.5.29.28", true, new IssuingDistributionPoint((DistributionPointName) null,
            false, true, null, false, false)).der();
    assertThat(crls.load(casOnly)).isInstanceOf(CrlLoad.Loaded.class);
    assertThat(crls.loaded()).hasSize(2);
    assertThat(reason(crls.check(List.of(leaf, CA.certificate()), ROOT.rootCertificate(), NOW)))
        .isEqualTo(AcceptanceRefusal.REVOKED_BY_ISSUER);
  }

  @Test
  void aRevocationAnywhereOnThePathIsReportedBeforeAMissingCrl() {
    IssuerCrls crls = IssuerCrls.builder().require(CA.certificate())
        .consult(ROOT.rootCertificate()).build();
    crls.load(ROOT.crl().revoke(CA.certificate()).der());
    X509Certificate leaf = CA.leaf().issue().certificate();
    assertThat(reason(crls.check(List.of(leaf, CA.certificate()), ROOT.rootCertificate(), NOW)))
        .isEqualTo(AcceptanceRefusal.REVOKED_BY_ISSUER);
  }

  @Test
  void theGraceKeepsARequiredCrlCurrentPastItsNextUpdate() {
    IssuerCrls crls = IssuerCrls.builder().require(CA.certificate())
        .requiredCrlGrace(Duration.ofHours(1)).build();
    crls.load(CA.crl().validity(NOW, NOW.plus(Duration.ofDays(1))).der());
    List<X509Certificate> path = List.of(CA.leaf().issue().certificate(), CA.certificate());
    Instant next = NOW.plus(Duration.ofDays(1));
    assertThat(crls.check(path, ROOT.rootCertificate(), next.plus(Duration.ofHours(1)))).isNull();
    assertThat(reason(crls.check(path, ROOT.rootCertificate(), next.plus(Duration.ofHours(1))
        .plusSeconds(1)))).isEqualTo(AcceptanceRefusal.REVOCATION_STATUS_UNKNOWN);
  }

  @Test
  void theBuilderRefusesWhatCannotSignCrlsAndRepeats() {
    assertThatThrownBy(() -> IssuerCrls.builder().consult(CA.leaf().issue().certificate()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IssuerCrls.builder().consult(CA.certificate())
        .require(CA.certificate())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IssuerCrls.builder().requiredCrlGrace(Duration.ofDays(8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
