package io.shomei.core.pkcs12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.spi.Secret;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.GeneratedKey;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.testkit.Csrs;
import io.shomei.core.testkit.FixedRandom;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class Pkcs12PackagerTest {
  static final String PW = "Otp-4711-xyz";
  static final TestCa ROOT = TestCa.root("P12 Test Root");
  static final TestCa SUB = ROOT.intermediate("P12 Test Sub");
  static final CertificateProfile PROFILE =
      CertificateProfile.builder("p", "fx-forward", "1.3.6.1.4.1.99999.1.1").build();
  static final CertificateIssuer ISSUER = CertificateIssuer.builder().keyCustody(ROOT)
      .clock(MutableClock.at("2026-03-01T00:00:00Z")).build();
  static final IssuedCertificate FIXED = issue(ISSUER);
  static final PrivateKey FIXED_KEY = FIXED.generatedKey().orElseThrow().privateKey();

  static IssuedCertificate issue(CertificateIssuer issuer) {
    return ((IssuanceResult.Issued) issuer.issueWithGeneratedKey(PROFILE, "12345678"))
        .certificate();
  }

  static List<X509Certificate> chain(IssuedCertificate ic) {
    List<X509Certificate> c = new ArrayList<>();
    c.add(ic.certificate());
    c.addAll(ic.caChain());
    return c;
  }

  static byte[] pack(Pkcs12Packager p) {
    Pkcs12Result r = p.pack(FIXED_KEY, chain(FIXED), "12345678", Secret.of(PW));
    assertThat(r).isInstanceOf(Pkcs12Result.Packaged.class);
    return ((Pkcs12Result.Packaged) r).file().bytes();
  }

  static Pkcs12Packager packager(Pkcs12Profile profile, long seed) {
    return Pkcs12Packager.builder().profile(profile).secureRandom(new FixedRandom(seed)).build();
  }

  static List<PKCS12SafeBag> bags(ContentInfo ci) throws Exception {
    PKCS12SafeBagFactory f = ci.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
        ? new PKCS12SafeBagFactory(ci, new JcePKCSPBEInputDecryptorProviderBuilder()
            .setProvider(Csrs.BC).build(PW.toCharArray()))
        : new PKCS12SafeBagFactory(ci);
    return List.of(f.getSafeBags());
  }

  static ASN1Encodable attr(PKCS12SafeBag bag, ASN1ObjectIdentifier oid) {
    for (var a : bag.getAttributes()) {
      if (a.getAttrType().equals(oid)) {
        return a.getAttrValues().getObjectAt(0);
      }
    }
    throw new AssertionError("no attribute " + oid);
  }

  @Test
  void compatIsTripleDesWithSha1MacLaidOutLikeOpenSsl() throws Exception {
    byte[] p12 = pack(packager(Pkcs12Profile.COMPAT, 1));
    MacData mac = Pfx.getInstance(p12).getMacData();
    assertThat(mac.getMac().getAlgorithmId().getAlgorithm()).isEqualTo(OIWObjectIdentifiers.idSHA1);
    assertThat(mac.getIterationCount().intValue()).isEqualTo(2048);
    assertThat(mac.getSalt()).hasSize(20);

    PKCS12PfxPdu pdu = new PKCS12PfxPdu(p12);
    assertThat(pdu.isMacValid(new BcPKCS12MacCalculatorBuilderProvider(
        BcDefaultDigestProvider.INSTANCE), PW.toCharArray())).isTrue();
    ContentInfo[] infos = pdu.getContentInfos();
    assertThat(infos).hasSize(2);
    assertThat(infos[0].getContentType()).isEqualTo(PKCSObjectIdentifiers.encryptedData);
    assertThat(infos[1].getContentType()).isEqualTo(PKCSObjectIdentifiers.data);
    AlgorithmIdentifier certAlg = EncryptedData.getInstance(infos[0].getContent())
        .getEncryptionAlgorithm();
    assertThat(certAlg.getAlgorithm())
        .isEqualTo(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC);
    assertThat(PKCS12PBEParams.getInstance(certAlg.getParameters()).getIterations().intValue())
        .isEqualTo(2048);
    PKCS12SafeBag keyBag = bags(infos[1]).get(0);
    AlgorithmIdentifier keyAlg =
        ((PKCS8EncryptedPrivateKeyInfo) keyBag.getBagValue()).getEncryptionAlgorithm();
    assertThat(keyAlg.getAlgorithm())
        .isEqualTo(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC);
    checkBags(infos);
  }

  @Test
  void modernIsPbes2AesSha256WithEightByteSalts() throws Exception {
    byte[] p12 = pack(packager(Pkcs12Profile.MODERN, 1));
    MacData mac = Pfx.getInstance(p12).getMacData();
    assertThat(mac.getMac().getAlgorithmId().getAlgorithm())
        .isEqualTo(NISTObjectIdentifiers.id_sha256);
    assertThat(mac.getIterationCount().intValue()).isEqualTo(2048);
    assertThat(mac.getSalt()).hasSize(8);

    ContentInfo[] infos = new PKCS12PfxPdu(p12).getContentInfos();
    AlgorithmIdentifier certAlg = EncryptedData.getInstance(infos[0].getContent())
        .getEncryptionAlgorithm();
    checkPbes2(certAlg);
    PKCS12SafeBag keyBag = bags(infos[1]).get(0);
    checkPbes2(((PKCS8EncryptedPrivateKeyInfo) keyBag.getBagValue()).getEncryptionAlgorithm());
    checkBags(infos);
  }

  private static void checkPbes2(AlgorithmIdentifier alg) {
    assertThat(alg.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
    PBES2Parameters p = PBES2Parameters.getInstance(alg.getParameters());
    assertThat(p.getEncryptionScheme().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
    PBKDF2Params kdf = PBKDF2Params.getInstance(p.getKeyDerivationFunc().getParameters());
    assertThat(kdf.getSalt()).hasSize(8);
    assertThat(kdf.getIterationCount().intValue()).isEqualTo(2048);
    assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
  }

  private static void checkBags(ContentInfo[] infos) throws Exception {
    List<PKCS12SafeBag> certBags = bags(infos[0]);
    assertThat(certBags).hasSize(2);
    PKCS12SafeBag leaf = certBags.get(0);
    PKCS12SafeBag root = certBags.get(1);
    PKCS12SafeBag key = bags(infos[1]).get(0);
    assertThat(key.getType()).isEqualTo(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag);
    assertThat(attr(leaf, PKCSObjectIdentifiers.pkcs_9_at_friendlyName))
        .isEqualTo(new DERBMPString("12345678"));
    assertThat(attr(key, PKCSObjectIdentifiers.pkcs_9_at_friendlyName))
        .isEqualTo(new DERBMPString("12345678"));
    assertThat(attr(key, PKCSObjectIdentifiers.pkcs_9_at_localKeyId))
        .isEqualTo(attr(leaf, PKCSObjectIdentifiers.pkcs_9_at_localKeyId));
    assertThat(attr(root, PKCSObjectIdentifiers.pkcs_9_at_friendlyName))
        .isEqualTo(new DERBMPString("P12 Test Root"));
    assertThat(root.getAttributes()).hasSize(1);
  }

  @Test
  void theCaFriendlyNameIsItsCommonNameAsWrittenNotEscapedDnText() throws Exception {
    String cn = "株式会社 Example Bank, Ltd. \"Root\" + CA";
    TestCa ca = TestCa.root(cn);
    CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(ca)
        .clock(MutableClock.at("2026-03-01T00:00:00Z")).build();
    Pkcs12Result r = packager(Pkcs12Profile.COMPAT, 5).pack(issue(issuer), Secret.of(PW));
    byte[] p12 = ((Pkcs12Result.Packaged) r).file().bytes();
    List<PKCS12SafeBag> certBags = bags(new PKCS12PfxPdu(p12).getContentInfos()[0]);
    assertThat(attr(certBags.get(1), PKCSObjectIdentifiers.pkcs_9_at_friendlyName))
        .isEqualTo(new DERBMPString(cn));
  }

  @ParameterizedTest
  @EnumSource(Pkcs12Profile.class)
  void jdkKeyStoreReadsKeyAndWholeChain(Pkcs12Profile profile) throws Exception {
    byte[] p12 = pack(packager(profile, 7));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(new ByteArrayInputStream(p12), PW.toCharArray());
    assertThat(ks.aliases().nextElement()).isEqualTo("12345678");
    assertThat(ks.getKey("12345678", PW.toCharArray()).getEncoded())
        .isEqualTo(FIXED_KEY.getEncoded());
    Certificate[] chain = ks.getCertificateChain("12345678");
    assertThat(chain).containsExactly(FIXED.certificate(), ROOT.certificate());
  }

  @Test
  void intermediateChainIsIncludedUpToTheRoot() throws Exception {
    CertificateIssuer subIssuer = CertificateIssuer.builder().keyCustody(SUB)
        .clock(MutableClock.at("2026-03-01T00:00:00Z")).build();
    IssuedCertificate ic = issue(subIssuer);
    Pkcs12Result r = packager(Pkcs12Profile.COMPAT, 3).pack(ic, Secret.of(PW));
    byte[] p12 = ((Pkcs12Result.Packaged) r).file().bytes();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(new ByteArrayInputStream(p12), PW.toCharArray());
    assertThat(ks.getCertificateChain("12345678"))
        .containsExactly(ic.certificate(), SUB.certificate(), ROOT.certificate());
  }

  @ParameterizedTest
  @EnumSource(Pkcs12Profile.class)
  void sameRandomSameBytesIncludingTheMacSalt(Pkcs12Profile profile) {
    byte[] a = pack(packager(profile, 42));
    byte[] b = pack(packager(profile, 42));
    byte[] c = pack(packager(profile, 43));
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    // the MAC salt alone would differ if it came from an internal new SecureRandom()
    assertThat(Pfx.getInstance(a).getMacData().getSalt())
        .isEqualTo(Pfx.getInstance(b).getMacData().getSalt());
  }

  @Test
  void iterationsAreConfigurableAndCappedAtTheWindowsLimit() {
    byte[] p12 = pack(Pkcs12Packager.builder().iterations(10_000).build());
    assertThat(Pfx.getInstance(p12).getMacData().getIterationCount().intValue()).isEqualTo(10_000);
    assertThat(Pkcs12Packager.builder().iterations(600_000).build().iterations())
        .isEqualTo(600_000);
    assertThatThrownBy(() -> Pkcs12Packager.builder().iterations(600_001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pkcs12Packager.builder().iterations(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Pkcs12Packager.builder().build().profile()).isEqualTo(Pkcs12Profile.COMPAT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pässwörd-1", "パスワード", "tab\there", "nul\u0000x", "del\u007f",
      "emoji\ud83d\ude00"})
  void refusesNonAsciiPasswordAndWipesIt(String pw) {
    Secret secret = Secret.of(pw);
    Pkcs12Result r = packager(Pkcs12Profile.COMPAT, 1)
        .pack(FIXED_KEY, chain(FIXED), "12345678", secret);
    assertThat(r).isEqualTo(new Pkcs12Result.Refused(Pkcs12Refusal.NON_ASCII_PASSWORD));
    assertThat(secret.isDestroyed()).isTrue();
  }

  @Test
  void refusesEmptyPassword() {
    Secret secret = Secret.of("");
    assertThat(packager(Pkcs12Profile.MODERN, 1).pack(FIXED_KEY, chain(FIXED), "x", secret))
        .isEqualTo(new Pkcs12Result.Refused(Pkcs12Refusal.EMPTY_PASSWORD));
    assertThat(secret.isDestroyed()).isTrue();
  }

  @Test
  void checkPasswordDoesNotConsume() {
    Secret ok = Secret.of(" !~printable ASCII~! ");
    assertThat(Pkcs12Packager.checkPassword(ok)).isEmpty();
    assertThat(ok.isDestroyed()).isFalse();
    assertThat(Pkcs12Packager.checkPassword(Secret.of("é")))
        .contains(Pkcs12Refusal.NON_ASCII_PASSWORD);
  }

  @Test
  void passwordIsDestroyedAndServerKeyDiscardedAfterPackaging() {
    IssuedCertificate ic = issue(ISSUER);
    GeneratedKey key = ic.generatedKey().orElseThrow();
    Secret pw = Secret.of(PW);
    Pkcs12Result r = packager(Pkcs12Profile.COMPAT, 5).pack(ic, pw);
    assertThat(r).isInstanceOf(Pkcs12Result.Packaged.class);
    assertThat(pw.isDestroyed()).isTrue();
    assertThat(key.isDiscarded()).isTrue();
  }

  @Test
  void csrCertificateHasNoKeyToPackage() {
    IssuedCertificate ic = ((IssuanceResult.Issued) ISSUER.issueForCsr(PROFILE, "1",
        Csrs.der(Csrs.ec("secp256r1"), "SHA256withECDSA"))).certificate();
    Secret pw = Secret.of(PW);
    assertThatThrownBy(() -> packager(Pkcs12Profile.COMPAT, 1).pack(ic, pw))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(pw.isDestroyed()).isTrue();
  }

  @Test
  void fileNeverShowsItsBytesAndCanBeWiped() throws Exception {
    Pkcs12File f = ((Pkcs12Result.Packaged) packager(Pkcs12Profile.COMPAT, 1)
        .pack(FIXED_KEY, chain(FIXED), "12345678", Secret.of(PW))).file();
    assertThat(f.toString()).contains("<redacted>").doesNotContain("MII");
    assertThat(f.length()).isPositive();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    f.writeTo(out);
    assertThat(out.toByteArray()).isEqualTo(f.bytes());
    f.destroy();
    assertThat(f.isDestroyed()).isTrue();
    assertThatThrownBy(f::bytes).isInstanceOf(IllegalStateException.class);
  }
}
