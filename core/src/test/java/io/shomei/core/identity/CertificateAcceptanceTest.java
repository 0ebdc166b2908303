package io.shomei.core.identity;

import static io.shomei.core.identity.Names.atv;
import static io.shomei.core.identity.Names.cn;
import static io.shomei.core.identity.Names.multi;
import static io.shomei.core.identity.Names.name;
import static io.shomei.core.identity.Names.org;
import static io.shomei.core.identity.Names.rdn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.memory.ForwardingCertificateStore;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.KeyType;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificateAcceptanceTest {
  static final String FX = "fx-forward";
  static final String SPOT = "fx-spot";
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final Instant NOW = Instant.parse("2024-06-01T03:00:00Z");
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final String ANY_EKU = "2.5.29.37.0";

  static final TestCa ROOT = TestCa.root("Shomei Test Root");
  static final TestCa ISSUING = ROOT.intermediate("Shomei Issuing CA");
  static final TestCa SPOT_ROOT = TestCa.root("Shomei Spot Root");
  /** Another CA with exactly the same names as ROOT and ISSUING, but other keys. */
  static final TestCa EVIL_ROOT = TestCa.root("Shomei Test Root");
  static final TestCa EVIL_ISSUING = EVIL_ROOT.intermediate("Shomei Issuing CA");

  InMemoryCertificateStore store;
  CertificateAcceptance acceptance;

  @BeforeEach
  void setUp() {
    store = new InMemoryCertificateStore();
    acceptance = acceptanceOver(store);
  }

  static CertificateAcceptance acceptanceOver(CertificateStore s) {
    return CertificateAcceptance.builder()
        .certificateStore(s)
        .trustAnchors(FX, List.of(ROOT.rootCertificate()))
        .trustAnchors(SPOT, List.of(SPOT_ROOT.rootCertificate()))
        .zone(TOKYO)
        .build();
  }

  // ----------------------------------------------------------------------------- helpers

  CertificateRecord record(TestCa.Issued issued, AccountKey account) {
    CertificateRecord r = issued.record(account, NOW.minusSeconds(3600));
    assertThat(store.record(r)).isInstanceOf(CertificateStore.RecordResult.Recorded.class);
    return r;
  }

  CertificateRecord activate(TestCa.Issued issued, AccountKey account) {
    record(issued, account);
    BigInteger serial = issued.certificate().getSerialNumber();
    BigInteger current = store.findActive(account).map(CertificateRecord::serial).orElse(null);
    var result = store.activate(serial, current, NOW.minusSeconds(60));
    assertThat(result).isInstanceOf(CertificateStore.ActivationResult.Activated.class);
    return ((CertificateStore.ActivationResult.Activated) result).activated();
  }

  static AccountKey fx(String userId) {
    return new AccountKey(userId, FX);
  }

  static List<X509Certificate> chain(TestCa.Issued leaf) {
    return List.of(leaf.certificate(), ISSUING.certificate());
  }

  AcceptanceResult accept(TestCa.Issued leaf) {
    return acceptance.accept(chain(leaf), FX, NOW);
  }

  static void assertRefused(AcceptanceResult r, AcceptanceRefusal reason) {
    assertThat(r).isInstanceOfSatisfying(AcceptanceResult.Refused.class,
        x -> assertThat(x.reason()).as(x.detail()).isEqualTo(reason));
  }

  static AcceptanceResult.Accepted assertAccepted(AcceptanceResult r) {
    if (r instanceof AcceptanceResult.Refused x) {
      throw new AssertionError("refused: " + x.reason() + " (" + x.detail() + ")");
    }
    return (AcceptanceResult.Accepted) r;
  }

  // ----------------------------------------------------------------------------- acceptance

  @Test
  void acceptsTheActiveCertificateAndReturnsTheBoundRecord() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").policy("1.3.6.1.4.1.99999.1")
        .issue();
    CertificateRecord active = activate(leaf, fx("12345678"));
    AcceptanceResult.Accepted a = assertAccepted(accept(leaf));
    assertThat(a.userId()).isEqualTo("12345678");
    assertThat(a.account()).isEqualTo(fx("12345678"));
    assertThat(a.certificate()).isEqualTo(active);
    assertThat(a.summary().commonName()).isEqualTo("12345678");
    assertThat(a.summary().policyOids()).containsExactly("1.3.6.1.4.1.99999.1");
    assertThat(a.summary().zone()).isEqualTo(TOKYO);
  }

  @Test
  void acceptsRsa2048AndP384Keys() {
    TestCa.Issued rsa = ISSUING.leaf().commonName("11111111").keyType(KeyType.RSA_2048).issue();
    TestCa.Issued p384 = ISSUING.leaf().commonName("22222222").keyType(KeyType.EC_P384).issue();
    activate(rsa, fx("11111111"));
    activate(p384, fx("22222222"));
    assertAccepted(accept(rsa));
    assertAccepted(accept(p384));
  }

  @Test
  void acceptsChainPresentedOutOfOrder() {
    // TestCa intermediates carry pathLenConstraint 0, so a path has at most one intermediate;
    // order, the root, unrelated certificates and a same-named impostor are mixed in around it.
    TestCa sibling = ROOT.intermediate("Shomei Issuing CA 2");
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").issue();
    activate(leaf, fx("12345678"));
    X509Certificate l = leaf.certificate();
    X509Certificate i1 = ISSUING.certificate();
    X509Certificate root = ROOT.rootCertificate();
    X509Certificate other = sibling.certificate();
    X509Certificate junk = SPOT_ROOT.leaf().commonName("99999999").issue().certificate();
    X509Certificate twin = EVIL_ISSUING.certificate(); // same subject as i1, other key
    for (List<X509Certificate> presented : List.of(
        List.of(l, root, i1), List.of(l, other, i1), List.of(l, junk, root, other, i1),
        List.of(l, twin, i1), List.of(l, root, twin, junk, i1, other))) {
      assertAccepted(acceptance.accept(presented, FX, NOW));
    }
  }

  @Test
  void rejectsChainMissingItsIntermediate() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").issue();
    activate(leaf, fx("12345678"));
    assertRefused(acceptance.accept(List.of(leaf.certificate()), FX, NOW),
        AcceptanceRefusal.UNTRUSTED_CHAIN);
  }

  @Test
  void rejectsTheLeafWhenItIsNotPresentedFirst() {
    // The first certificate is the one whose key the TLS handshake proved; order is not guessed.
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").issue();
    activate(leaf, fx("12345678"));
    assertRefused(acceptance.accept(List.of(ISSUING.certificate(), leaf.certificate()), FX, NOW),
        AcceptanceRefusal.CA_CERTIFICATE_AS_LEAF);
  }

  @Test
  void rejectsEmptyPresentation() {
    assertRefused(acceptance.accept(List.of(), FX, NOW), AcceptanceRefusal.NO_CERTIFICATE);
  }

  @Test
  void rejectsUnconfiguredServiceAsAProgrammerError() {
    TestCa.Issued leaf = ISSUING.leaf().issue();
    assertThatThrownBy(() -> acceptance.accept(chain(leaf), "fx-options", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ----------------------------------------------------------------------------- trust

  @Test
  void rejectsCertificateFromOtherCaWithTheSameName() {
    TestCa.Issued forged = EVIL_ISSUING.leaf().commonName("12345678").issue();
    assertThat(EVIL_ISSUING.certificate().getSubjectX500Principal())
        .isEqualTo(ISSUING.certificate().getSubjectX500Principal());
    // even if a store somehow held it as active, trust is checked first
    activate(forged, fx("12345678"));
    assertRefused(acceptance.accept(List.of(forged.certificate(), EVIL_ISSUING.certificate()), FX,
        NOW), AcceptanceRefusal.UNTRUSTED_CHAIN);
    assertRefused(acceptance.accept(List.of(forged.certificate(), ISSUING.certificate()), FX, NOW),
        AcceptanceRefusal.UNTRUSTED_CHAIN);
    assertRefused(acceptance.accept(List.of(forged.certificate(), EVIL_ISSUING.certificate(),
        EVIL_ROOT.rootCertificate()), FX, NOW), AcceptanceRefusal.UNTRUSTED_CHAIN);
  }

  @Test
  void rejectsCertificateOfAnotherServicesCa() {
    TestCa.Issued spotLeaf = SPOT_ROOT.leaf().commonName("12345678").issue();
    activate(spotLeaf, fx("12345678"));
    assertRefused(acceptance.accept(List.of(spotLeaf.certificate()), FX, NOW),
        AcceptanceRefusal.UNTRUSTED_CHAIN);
  }

  @Test
  void untrustedCertificatesNeverReachTheStore() {
    AtomicInteger lookups = new AtomicInteger();
    CertificateStore counting = new CountingStore(store, lookups);
    CertificateAcceptance a = acceptanceOver(counting);
    TestCa.Issued forged = EVIL_ISSUING.leaf().commonName("12345678").issue();
    assertRefused(a.accept(List.of(forged.certificate(), EVIL_ISSUING.certificate()), FX, NOW),
        AcceptanceRefusal.UNTRUSTED_CHAIN);
    assertThat(lookups).hasValue(0);
    TestCa.Issued good = ISSUING.leaf().commonName("12345678").issue();
    assertRefused(a.accept(chain(good), FX, NOW), AcceptanceRefusal.UNKNOWN_CERTIFICATE);
    assertThat(lookups).hasValue(1);
  }

  @Test
  void rejectsCaCertificateAsLeaf() {
    TestCa.Issued caLeaf = ISSUING.leaf().commonName("12345678").ca(true).issue();
    activate(caLeaf, fx("12345678"));
    assertRefused(accept(caLeaf), AcceptanceRefusal.CA_CERTIFICATE_AS_LEAF);
    assertRefused(acceptance.accept(List.of(ISSUING.certificate(), ROOT.rootCertificate()), FX,
        NOW), AcceptanceRefusal.CA_CERTIFICATE_AS_LEAF);
  }

  @Test
  void rejectsLeafWithKeyCertSignEvenWithoutTheCaFlag() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678")
        .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign).issue();
    activate(leaf, fx("12345678"));
    assertRefused(accept(leaf), AcceptanceRefusal.CA_CERTIFICATE_AS_LEAF);
  }

  @Test
  void rejectsSelfSignedLeaf() throws Exception {
    KeyPair kp = KeyType.EC_P256.pooled();
    X500Name subject = X500Name.getInstance(name(org(), cn("12345678")));
    var b = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(4242),
        Date.from(Instant.parse("2020-01-01T00:00:00Z")),
        Date.from(Instant.parse("2030-01-01T00:00:00Z")), subject, kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    X509Certificate self = new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    CertificateRecord r = CertificateRecord.issued(self.getSerialNumber(), fx("12345678"),
        self.getNotBefore().toInstant(), self.getNotAfter().toInstant(), self.getEncoded(), NOW,
        true, null);
    store.record(r);
    store.activate(r.serial(), null, NOW);
    assertRefused(acceptance.accept(List.of(self), FX, NOW), AcceptanceRefusal.SELF_SIGNED_LEAF);
    // also when a careless configuration makes it a trust anchor of the service
    CertificateAcceptance careless = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(FX, List.of(self)).zone(TOKYO).build();
    assertRefused(careless.accept(List.of(self), FX, NOW), AcceptanceRefusal.SELF_SIGNED_LEAF);
  }

  // ----------------------------------------------------------------------------- time

  @Test
  void rejectsExpiredCertificateAndValidityEndIsInclusive() {
    Instant end = Instant.parse("2024-06-01T00:00:00Z");
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678")
        .validity(Instant.parse("2023-06-01T00:00:00Z"), end).issue();
    activate(leaf, fx("12345678"));
    assertAccepted(acceptance.accept(chain(leaf), FX, end));
    assertRefused(acceptance.accept(chain(leaf), FX, end.plusNanos(1)), AcceptanceRefusal.EXPIRED);
    assertRefused(acceptance.accept(chain(leaf), FX, end.plusSeconds(1)), AcceptanceRefusal.EXPIRED);
    assertRefused(acceptance.accept(chain(leaf), FX, NOW), AcceptanceRefusal.EXPIRED);
  }

  @Test
  void rejectsNotYetValidCertificateAndValidityStartIsInclusive() {
    Instant start = Instant.parse("2024-07-01T00:00:00Z");
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678")
        .validity(start, Instant.parse("2025-07-01T00:00:00Z")).issue();
    activate(leaf, fx("12345678"));
    assertRefused(acceptance.accept(chain(leaf), FX, NOW), AcceptanceRefusal.NOT_YET_VALID);
    assertRefused(acceptance.accept(chain(leaf), FX, start.minusNanos(1)),
        AcceptanceRefusal.NOT_YET_VALID);
    assertAccepted(acceptance.accept(chain(leaf), FX, start));
  }

  // ----------------------------------------------------------------------------- binding

  @Test
  void rejectsSupersededCertificate() {
    TestCa.Issued old = ISSUING.leaf().commonName("12345678").issue();
    TestCa.Issued renewed = ISSUING.leaf().commonName("12345678").issue();
    activate(old, fx("12345678"));
    assertAccepted(accept(old));
    activate(renewed, fx("12345678"));
    AcceptanceResult r = accept(old);
    assertRefused(r, AcceptanceRefusal.SUPERSEDED);
    assertThat(((AcceptanceResult.Refused) r).storedRecord()).isNotNull()
        .extracting(CertificateRecord::supersededBy)
        .isEqualTo(renewed.certificate().getSerialNumber());
    assertAccepted(accept(renewed));
  }

  @Test
  void rejectsRevokedCertificateAtTheNextCall() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").issue();
    activate(leaf, fx("12345678"));
    assertAccepted(accept(leaf));
    store.revoke(leaf.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE, NOW);
    assertRefused(accept(leaf), AcceptanceRefusal.REVOKED);
  }

  @Test
  void rejectsIssuedButNeverActivatedCertificate() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").issue();
    record(leaf, fx("12345678"));
    assertRefused(accept(leaf), AcceptanceRefusal.NOT_ACTIVE);
  }

  @Test
  void rejectsUnknownCertificate() {
    assertRefused(accept(ISSUING.leaf().commonName("12345678").issue()),
        AcceptanceRefusal.UNKNOWN_CERTIFICATE);
  }

  @Test
  void rejectsCertificateRecordedForAnotherUser() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").issue();
    activate(leaf, fx("87654321"));
    assertRefused(accept(leaf), AcceptanceRefusal.OTHER_ACCOUNT);
  }

  @Test
  void rejectsCertificateRecordedForAnotherService() {
    // trusted by both services' anchors, but bound to fx-spot
    CertificateAcceptance both = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(FX, List.of(ROOT.rootCertificate()))
        .trustAnchors(SPOT, List.of(ROOT.rootCertificate())).zone(TOKYO).build();
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").issue();
    activate(leaf, new AccountKey("12345678", SPOT));
    assertRefused(both.accept(chain(leaf), FX, NOW), AcceptanceRefusal.OTHER_ACCOUNT);
    assertAccepted(both.accept(chain(leaf), SPOT, NOW));
  }

  @Test
  void rejectsNonConformingRecord() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678").issue();
    X509Certificate c = leaf.certificate();
    CertificateRecord r = CertificateRecord.issued(c.getSerialNumber(), fx("12345678"),
        c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), leaf.der(), NOW, false, null);
    store.record(r);
    store.activate(r.serial(), null, NOW);
    assertRefused(accept(leaf), AcceptanceRefusal.NON_CONFORMING);
  }

  // ----------------------------------------------------------------------------- leaf rules

  @Test
  void rejectsWrongExtendedKeyUsage() {
    TestCa.Issued server = ISSUING.leaf().commonName("12345678").extendedKeyUsages(SERVER_AUTH)
        .issue();
    TestCa.Issued none = ISSUING.leaf().commonName("12345678").extendedKeyUsages().issue();
    activate(server, fx("12345678"));
    assertRefused(accept(server), AcceptanceRefusal.NOT_FOR_CLIENT_AUTHENTICATION);
    assertRefused(accept(none), AcceptanceRefusal.NOT_FOR_CLIENT_AUTHENTICATION);
  }

  @Test
  void rejectsAnyExtendedKeyUsageOnly() {
    TestCa.Issued any = ISSUING.leaf().commonName("12345678").extendedKeyUsages(ANY_EKU).issue();
    activate(any, fx("12345678"));
    assertRefused(accept(any), AcceptanceRefusal.NOT_FOR_CLIENT_AUTHENTICATION);
    TestCa.Issued both = ISSUING.leaf().commonName("12345678")
        .extendedKeyUsages(ANY_EKU, CLIENT_AUTH).issue();
    activate(both, fx("12345678"));
    assertAccepted(accept(both));
  }

  @Test
  void rejectsMissingDigitalSignatureKeyUsage() {
    TestCa.Issued enc = ISSUING.leaf().commonName("12345678").keyUsage(KeyUsage.keyAgreement)
        .issue();
    TestCa.Issued none = ISSUING.leaf().commonName("12345678").keyUsage(0).issue();
    activate(enc, fx("12345678"));
    assertRefused(accept(enc), AcceptanceRefusal.NO_DIGITAL_SIGNATURE_USAGE);
    assertRefused(accept(none), AcceptanceRefusal.NO_DIGITAL_SIGNATURE_USAGE);
  }

  @Test
  void rejectsSha1Signature() {
    TestCa rsaRoot = TestCa.root("Shomei RSA Root", KeyType.RSA_2048);
    CertificateAcceptance a = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(FX, List.of(rsaRoot.rootCertificate(), ROOT.rootCertificate()))
        .zone(TOKYO).build();
    TestCa.Issued sha1Rsa = rsaRoot.leaf().commonName("12345678").signatureAlgorithm("SHA1withRSA")
        .issue();
    activate(sha1Rsa, fx("12345678"));
    assertRefused(a.accept(List.of(sha1Rsa.certificate()), FX, NOW),
        AcceptanceRefusal.WEAK_SIGNATURE_ALGORITHM);
    TestCa.Issued md5 = rsaRoot.leaf().commonName("12345678").signatureAlgorithm("MD5withRSA")
        .issue();
    assertRefused(a.accept(List.of(md5.certificate()), FX, NOW),
        AcceptanceRefusal.WEAK_SIGNATURE_ALGORITHM);
    TestCa.Issued sha1Ec = ISSUING.leaf().commonName("12345678")
        .signatureAlgorithm("SHA1withECDSA").issue();
    assertRefused(a.accept(chain(sha1Ec), FX, NOW), AcceptanceRefusal.WEAK_SIGNATURE_ALGORITHM);
    TestCa.Issued pss = rsaRoot.leaf().commonName("87654321")
        .signatureAlgorithm("SHA256withRSAandMGF1").issue();
    activate(pss, fx("87654321"));
    assertAccepted(a.accept(List.of(pss.certificate()), FX, NOW));
  }

  @Test
  void rejectsRsa1024() {
    TestCa.Issued weak = ISSUING.leaf().commonName("12345678").keyType(KeyType.RSA_1024).issue();
    activate(weak, fx("12345678"));
    assertRefused(accept(weak), AcceptanceRefusal.WEAK_KEY);
  }

  static TestCa.Issued p521Leaf() throws Exception {
    KeyPairGenerator p521 = KeyPairGenerator.getInstance("EC");
    p521.initialize(new ECGenParameterSpec("secp521r1"));
    return ISSUING.leaf().commonName("12345678").keyPair(p521.generateKeyPair()).issue();
  }

  @Test
  void acceptsP521WhenThePolicyAllowsIt() throws Exception {
    TestCa.Issued big = p521Leaf();
    activate(big, fx("12345678"));
    CertificateAcceptance allowing = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(FX, List.of(ROOT.rootCertificate())).zone(TOKYO)
        .certificatePolicy(CertificatePolicy.bankDefault()
            .withEcCurves(CertificatePolicy.EcCurve.P384, CertificatePolicy.EcCurve.P521))
        .build();
    assertThat(allowing.accept(chain(big), FX, NOW)).isInstanceOf(AcceptanceResult.Accepted.class);
  }

  @Test
  void rejectsCurvesOtherThanP256AndP384() throws Exception {
    TestCa.Issued big = p521Leaf();
    activate(big, fx("12345678"));
    assertRefused(accept(big), AcceptanceRefusal.WEAK_KEY);
    // secp256k1: the JDK 17 provider no longer generates it (KeyType.EC_SECP256K1 fails), BC does
    KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    k1.initialize(new ECGenParameterSpec("secp256k1"));
    TestCa.Issued koblitz = ISSUING.leaf().commonName("87654321").keyPair(k1.generateKeyPair())
        .issue();
    activate(koblitz, fx("87654321"));
    assertRefused(accept(koblitz), AcceptanceRefusal.WEAK_KEY);
  }

  // ----------------------------------------------------------------------------- mapping

  @Test
  void rejectsBmpStringCertificateThatTheJdkReadsAsAUserId() {
    TestCa.Issued leaf = ISSUING.leaf()
        .subject(name(org(), rdn(BCStyle.CN, new DERBMPString("\u3132\u3334\u3536\u3738"))))
        .issue();
    assertThat(leaf.certificate().getSubjectX500Principal().getName()).contains("CN=12345678");
    activate(leaf, fx("12345678")); // even a store entry cannot make it log in
    AcceptanceResult r = accept(leaf);
    assertRefused(r, AcceptanceRefusal.SUBJECT_NOT_MAPPABLE);
    AcceptanceResult.Refused refused = (AcceptanceResult.Refused) r;
    assertThat(refused.mappingRefusal()).isEqualTo(MappingRefusal.UNSUPPORTED_STRING_TYPE);
    assertThat(refused.summary()).isNotNull().extracting(CertificateSummary::commonName)
        .isEqualTo("\u3132\u3334\u3536\u3738"); // displayed as what it is
  }

  @Test
  void rejectsCertificateWithTwoCommonNames() {
    TestCa.Issued leaf = ISSUING.leaf().subject(name(cn("12345678"), org(), cn("87654321")))
        .issue();
    activate(leaf, fx("12345678"));
    AcceptanceResult r = accept(leaf);
    assertRefused(r, AcceptanceRefusal.SUBJECT_NOT_MAPPABLE);
    assertThat(((AcceptanceResult.Refused) r).mappingRefusal())
        .isEqualTo(MappingRefusal.SEVERAL_COMMON_NAMES);
  }

  @Test
  void rejectsCertificateWithCommonNameInMultiValuedRdn() {
    TestCa.Issued leaf = ISSUING.leaf().subject(name(org(), multi(
        atv(BCStyle.C, new DERPrintableString("JP")),
        atv(BCStyle.CN, new DERPrintableString("12345678"))))).issue();
    activate(leaf, fx("12345678"));
    AcceptanceResult r = accept(leaf);
    assertRefused(r, AcceptanceRefusal.SUBJECT_NOT_MAPPABLE);
    assertThat(((AcceptanceResult.Refused) r).mappingRefusal())
        .isEqualTo(MappingRefusal.COMMON_NAME_IN_MULTI_VALUED_RDN);
  }

  // ----------------------------------------------------------------------------- summary

  @Test
  void summaryShowsValidityInTheBanksZone() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678")
        .validity(Instant.parse("2020-11-11T14:59:59Z"), Instant.parse("2025-11-11T14:59:59Z"))
        .policy("1.2.392.200001.1").policy("1.2.392.200001.2").issue();
    CertificateSummary s = CertificateSummary.of(leaf.certificate(), TOKYO);
    assertThat(s.notBeforeInZone())
        .isEqualTo(ZonedDateTime.of(2020, 11, 11, 23, 59, 59, 0, TOKYO));
    assertThat(s.notAfterInZone().toLocalDate()).hasToString("2025-11-11");
    assertThat(s.serialHex()).isEqualTo(leaf.certificate().getSerialNumber().toString(16));
    assertThat(s.sha256Fingerprint()).isEqualTo(CertificateRecord.fingerprintOf(leaf.der()));
    assertThat(s.policyOids()).containsExactly("1.2.392.200001.1", "1.2.392.200001.2");
    assertThat(s.issuer()).contains("CN=Shomei Issuing CA").contains("O=Shomei Test");
    assertThat(s.commonName()).isEqualTo("12345678");
    assertThat(s.isValidAt(s.notAfter())).isTrue();
    assertThat(s.isValidAt(s.notAfter().plusNanos(1))).isFalse();
  }

  @Test
  void refusalDetailsCarryDatesInTheBanksZone() {
    TestCa.Issued leaf = ISSUING.leaf().commonName("12345678")
        .validity(Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"))
        .issue();
    AcceptanceResult r = accept(leaf);
    assertRefused(r, AcceptanceRefusal.EXPIRED);
    assertThat(((AcceptanceResult.Refused) r).detail()).contains("2024-01-01T09:00+09:00");
  }

  // ----------------------------------------------------------------------------- builder

  @Test
  void builderFailsFastAndSettersAreSetOnce() {
    assertThatThrownBy(() -> CertificateAcceptance.builder().zone(TOKYO)
        .trustAnchors(FX, List.of(ROOT.rootCertificate())).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("certificateStore");
    assertThatThrownBy(() -> CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(FX, List.of(ROOT.rootCertificate())).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("zone");
    assertThatThrownBy(() -> CertificateAcceptance.builder().certificateStore(store).zone(TOKYO)
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("trust anchors");
    assertThatThrownBy(() -> CertificateAcceptance.builder().zone(TOKYO).zone(TOKYO))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CertificateAcceptance.builder()
        .trustAnchors(FX, List.of(ROOT.rootCertificate()))
        .trustAnchors(FX, List.of(ROOT.rootCertificate())))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CertificateAcceptance.builder().trustAnchors(FX, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(acceptance.services()).containsExactlyInAnyOrder(FX, SPOT);
  }

  /** Delegates to a store and counts fingerprint look-ups. */
  static final class CountingStore extends ForwardingCertificateStore {
    private final AtomicInteger lookups;

    CountingStore(CertificateStore delegate, AtomicInteger lookups) {
      super(delegate);
      this.lookups = lookups;
    }

    @Override
    public Optional<CertificateRecord> findByFingerprint(String sha256Fingerprint) {
      lookups.incrementAndGet();
      return super.findByFingerprint(sha256Fingerprint);
    }
  }
}
