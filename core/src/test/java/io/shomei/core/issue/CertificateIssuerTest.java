package io.shomei.core.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.testkit.CountingCustody;
import io.shomei.core.testkit.Csrs;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.KeyCustodyException;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateIssuerTest {
  static final TestCa CA = TestCa.root("Issuer Test Root");
  static final Instant NOW = Instant.parse("2026-03-01T09:15:30.123Z");
  static final String POLICY = "1.3.6.1.4.1.99999.1.1";

  static CertificateProfile profile() {
    return CertificateProfile.builder("fx-forward-v2", "fx-forward", POLICY)
        .country("JP").organization("Example Bank").organizationalUnit("FX Forward")
        .validity(Duration.ofDays(365))
        .crlDistributionPoint(URI.create("http://crl.example.jp/fx.crl"))
        .build();
  }

  static CertificateIssuer issuer(io.shomei.spi.KeyCustody custody) {
    return CertificateIssuer.builder().keyCustody(custody).clock(MutableClock.at(NOW)).build();
  }

  static IssuedCertificate issued(IssuanceResult r) {
    assertThat(r).isInstanceOf(IssuanceResult.Issued.class);
    return ((IssuanceResult.Issued) r).certificate();
  }

  static byte[] ext(X509Certificate c, org.bouncycastle.asn1.ASN1ObjectIdentifier id) {
    byte[] v = c.getExtensionValue(id.getId());
    assertThat(v).as(id.getId()).isNotNull();
    return ASN1OctetString.getInstance(v).getOctets();
  }

  @Test
  void serverKeyCertificateHasTheProfileShape() throws Exception {
    IssuedCertificate ic = issued(issuer(CA).issueWithGeneratedKey(profile(), "12345678"));
    X509Certificate c = ic.certificate();

    c.verify(CA.publicKey());
    assertThat(c.getSubjectX500Principal().getName())
        .isEqualTo("CN=12345678,OU=FX Forward,O=Example Bank,C=JP");
    assertThat(c.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
    assertThat(c.getVersion()).isEqualTo(3);
    assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(c.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-03-01T09:15:30Z"));
    assertThat(c.getNotAfter().toInstant()).isEqualTo(Instant.parse("2027-03-01T09:15:30Z"));
    assertThat(c.getBasicConstraints()).isEqualTo(-1);
    assertThat(c.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
    assertThat(c.getKeyUsage()).containsExactly(true, false, false, false, false, false, false,
        false, false);
    assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(CertificatePolicies.getInstance(ext(c, Extension.certificatePolicies))
        .getPolicyInformation()[0].getPolicyIdentifier().getId()).isEqualTo(POLICY);
    byte[] caSki = SubjectKeyIdentifier.getInstance(ext(CA.certificate(),
        Extension.subjectKeyIdentifier)).getKeyIdentifier();
    assertThat(AuthorityKeyIdentifier.getInstance(ext(c, Extension.authorityKeyIdentifier))
        .getKeyIdentifierOctets()).isEqualTo(caSki);
    assertThat(SubjectKeyIdentifier.getInstance(ext(c, Extension.subjectKeyIdentifier))
        .getKeyIdentifier()).hasSize(20);
    assertThat(new String(ext(c, Extension.cRLDistributionPoints), StandardCharsets.ISO_8859_1))
        .contains("http://crl.example.jp/fx.crl");

    assertThat(ic.serial().signum()).isPositive();
    assertThat(ic.serial().toByteArray().length).isLessThanOrEqualTo(20);
    assertThat(ic.serial().bitLength()).isGreaterThanOrEqualTo(64);
    assertThat(ic.caChain()).containsExactly(CA.certificate());
    GeneratedKey key = ic.generatedKey().orElseThrow();
    assertThat(key.publicKey()).isEqualTo(c.getPublicKey());
    assertThat(key.privateKey().getAlgorithm()).isEqualTo("EC");
    assertThat(ic.toString()).contains("<redacted>").doesNotContain("PRIVATE");
    assertThat(key.toString()).contains("<redacted>");
  }

  @Test
  void recordIsWhatTheStoreNeeds() {
    IssuedCertificate ic = issued(issuer(CA).issueWithGeneratedKey(profile(), "12345678"));
    Instant at = NOW.plusSeconds(1);
    CertificateRecord r = ic.toRecord(at);
    assertThat(r.serial()).isEqualTo(ic.serial());
    assertThat(r.account().userId()).isEqualTo("12345678");
    assertThat(r.account().service()).isEqualTo("fx-forward");
    assertThat(r.status()).isEqualTo(CertificateStatus.ISSUED);
    assertThat(r.der()).isEqualTo(ic.der());
    assertThat(r.notBefore()).isEqualTo(ic.notBefore());
    assertThat(r.notAfter()).isEqualTo(ic.notAfter());
    assertThat(r.profile()).isEqualTo("fx-forward-v2");
    assertThat(r.recordedAt()).isEqualTo(at);
    assertThat(r.conforming()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
  void generatesTheProfilesKeyType(KeyType type) {
    CertificateProfile p = CertificateProfile.builder("p", "svc", POLICY).keyType(type).build();
    X509Certificate c = issued(issuer(CA).issueWithGeneratedKey(p, "42")).certificate();
    if (type.isEc()) {
      assertThat(((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize())
          .isEqualTo(type.bits());
    } else {
      assertThat(((RSAPublicKey) c.getPublicKey()).getModulus().bitLength()).isEqualTo(type.bits());
    }
  }

  @Test
  void csrPathTakesOnlyThePublicKeyFromTheRequest() throws Exception {
    KeyPair kp = Csrs.ec("secp256r1");
    byte[] csr = Csrs.der(kp, "SHA256withECDSA");
    IssuedCertificate ic = issued(issuer(CA).issueForCsr(profile(), "87654321", csr));
    X509Certificate c = ic.certificate();
    c.verify(CA.publicKey());
    assertThat(c.getPublicKey().getEncoded()).isEqualTo(kp.getPublic().getEncoded());
    assertThat(c.getSubjectX500Principal().getName())
        .isEqualTo("CN=87654321,OU=FX Forward,O=Example Bank,C=JP");
    assertThat(c.getBasicConstraints()).as("requested CA extension ignored").isEqualTo(-1);
    assertThat(ic.generatedKey()).isEmpty();
  }

  @Test
  void csrPathAcceptsPemAndRsa() {
    KeyPair kp = Csrs.rsa(2048);
    String pem = Csrs.pem(Csrs.der(kp, "SHA384withRSA"));
    IssuedCertificate ic = issued(issuer(CA).issueForCsr(profile(), "7",
        pem.getBytes(StandardCharsets.US_ASCII)));
    assertThat(ic.certificate().getPublicKey()).isEqualTo(kp.getPublic());
  }

  @Test
  void intermediateCaIsTheIssuer() throws Exception {
    TestCa sub = CA.intermediate("Issuer Test Sub");
    IssuedCertificate ic = issued(issuer(sub).issueWithGeneratedKey(profile(), "1"));
    ic.certificate().verify(sub.publicKey());
    assertThat(ic.certificate().getIssuerX500Principal())
        .isEqualTo(sub.certificate().getSubjectX500Principal());
    assertThat(ic.caChain()).containsExactly(sub.certificate(), CA.certificate());
  }

  @Test
  void validityNeverOutlivesTheCa() {
    CertificateIssuer late = CertificateIssuer.builder().keyCustody(CA)
        .clock(MutableClock.at(CA.certificate().getNotAfter().toInstant().minusSeconds(3600)))
        .build();
    IssuedCertificate ic = issued(late.issueWithGeneratedKey(profile(), "1"));
    assertThat(ic.notAfter()).isEqualTo(CA.certificate().getNotAfter().toInstant());
  }

  @Test
  void expiredCaSignsNothing() {
    CountingCustody counting = new CountingCustody(CA);
    CertificateIssuer early = CertificateIssuer.builder().keyCustody(counting)
        .clock(MutableClock.at("1999-01-01T00:00:00Z")).build();
    assertThatThrownBy(() -> early.issueWithGeneratedKey(profile(), "1"))
        .isInstanceOf(KeyCustodyException.class);
    assertThat(counting.signatures()).isZero();
  }

  @Test
  void profileHashTheCustodyCannotSignWithIsAProgrammerError() {
    CountingCustody only256 = new CountingCustody(CA, Set.of("SHA256withECDSA"));
    CertificateProfile p = CertificateProfile.builder("p", "svc", POLICY)
        .signatureDigest(SignatureDigest.SHA512).build();
    assertThatThrownBy(() -> issuer(only256).issueWithGeneratedKey(p, "1"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SHA512withECDSA");
    assertThat(only256.signatures()).isZero();
  }

  @Test
  void serialsDifferAcrossIssuances() {
    CertificateIssuer issuer = issuer(CA);
    Set<java.math.BigInteger> serials = new HashSet<>();
    byte[] csr = Csrs.der(Csrs.ec("secp256r1"), "SHA256withECDSA");
    for (int i = 0; i < 200; i++) {
      serials.add(issued(issuer.issueForCsr(profile(), "u" + i, csr)).serial());
    }
    assertThat(serials).hasSize(200);
  }

  @Test
  void builderFailsFastAndSettersAreSetOnce() {
    assertThatThrownBy(() -> CertificateIssuer.builder().keyCustody(CA).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CertificateIssuer.builder().keyCustody(CA).keyCustody(CA))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void profileWithOcspAndCaIssuersUrlsPutsThemInAuthorityInformationAccess() throws Exception {
    CertificateProfile p = CertificateProfile.builder("fx-forward-v3", "fx-forward", POLICY)
        .crlDistributionPoint(URI.create("http://crl.example.jp/fx.crl"))
        .ocspResponder(URI.create("http://ocsp.example.jp/ocsp"))
        .caIssuers(URI.create("http://pki.example.jp/ca.cer"))
        .build();
    X509Certificate c = issued(issuer(CA).issueWithGeneratedKey(p, "12345678")).certificate();
    org.bouncycastle.asn1.x509.AuthorityInformationAccess aia =
        org.bouncycastle.asn1.x509.AuthorityInformationAccess.getInstance(
            ext(c, Extension.authorityInfoAccess));
    assertThat(aia.getAccessDescriptions()).hasSize(2);
    assertThat(aia.getAccessDescriptions()[0].getAccessMethod())
        .isEqualTo(org.bouncycastle.asn1.x509.AccessDescription.id_ad_ocsp);
    assertThat(aia.getAccessDescriptions()[0].getAccessLocation().getName().toString())
        .isEqualTo("http://ocsp.example.jp/ocsp");
    assertThat(aia.getAccessDescriptions()[1].getAccessMethod())
        .isEqualTo(org.bouncycastle.asn1.x509.AccessDescription.id_ad_caIssuers);
    assertThat(aia.getAccessDescriptions()[1].getAccessLocation().getName().toString())
        .isEqualTo("http://pki.example.jp/ca.cer");
    assertThat(c.getNonCriticalExtensionOIDs()).contains(Extension.authorityInfoAccess.getId(),
        Extension.cRLDistributionPoints.getId());
    // a profile without them has no AIA
    X509Certificate plain = issued(issuer(CA).issueWithGeneratedKey(profile(), "1")).certificate();
    assertThat(plain.getExtensionValue(Extension.authorityInfoAccess.getId())).isNull();
  }

  @Test
  void profileRejectsBadValues() {
    assertThatThrownBy(() -> CertificateProfile.builder("p", "s", "not-an-oid").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateProfile.builder("p", "s", POLICY).country("jp").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateProfile.builder("p", "s", POLICY)
        .validity(Duration.ofDays(4000)).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateProfile.builder("p", "s", POLICY)
        .crlDistributionPoint(URI.create("file:///etc/passwd")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateProfile.builder("p", "s", POLICY)
        .ocspResponder(URI.create("ldap://ocsp.example.jp/")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateProfile.builder("p", "s", POLICY)
        .caIssuers(URI.create("ca.cer")).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatedKeyIsGoneAfterDiscard() {
    IssuedCertificate ic = issued(issuer(CA).issueWithGeneratedKey(profile(), "1"));
    GeneratedKey key = ic.generatedKey().orElseThrow();
    key.discard();
    assertThat(key.isDiscarded()).isTrue();
    assertThatThrownBy(key::privateKey).isInstanceOf(IllegalStateException.class);
    key.discard(); // idempotent
  }

  @Test
  void poolKeysAreUsedOnceAndDiscardedOnClose() throws Exception {
    // closed mid-test on purpose (the test is about a closed pool), so try/finally rather than
    // try-with-resources; close() is idempotent
    KeyPregenerationPool pool =
        KeyPregenerationPool.start(KeyType.EC_P256, 3, new java.security.SecureRandom());
    try {
      awaitAvailable(pool, 3);
      CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(CA)
          .clock(MutableClock.at(NOW)).keyPool(pool).build();
      List<KeyPair> seen = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        IssuedCertificate ic = issued(issuer.issueWithGeneratedKey(profile(), "u" + i));
        seen.add(new KeyPair(ic.certificate().getPublicKey(),
            ic.generatedKey().orElseThrow().privateKey()));
      }
      assertThat(seen.stream().map(k -> k.getPublic()).distinct()).hasSize(5);
      pool.close();
      assertThat(pool.available()).isZero();
      assertThat(pool.poll()).isNull();
      // falls back to inline generation once the pool is closed
      assertThat(issuer.issueWithGeneratedKey(profile(), "after")).isInstanceOf(
          IssuanceResult.Issued.class);
    } finally {
      pool.close();
    }
  }

  @Test
  void poolTakesKeysFromTheQueue() throws Exception {
    try (KeyPregenerationPool pool =
        KeyPregenerationPool.start(KeyType.EC_P256, 2, new java.security.SecureRandom())) {
      awaitAvailable(pool, 2);
      KeyPair a = pool.poll();
      assertThat(a).isNotNull();
      assertThat(pool.toString()).doesNotContain("PRIVATE");
    }
    assertThatThrownBy(() -> KeyPregenerationPool.start(KeyType.EC_P256, 0,
        new java.security.SecureRandom())).isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitAvailable(KeyPregenerationPool pool, int n) throws InterruptedException {
    // A bounded wait for the background thread, not a timing assertion.
    for (int i = 0; i < 600 && pool.available() < n; i++) {
      Thread.sleep(50);
    }
    assertThat(pool.available()).isEqualTo(n);
  }
}
