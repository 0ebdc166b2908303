package io.shomei.core.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.identity.CertificatePolicy;
import io.shomei.core.identity.CertificatePolicy.EcCurve;
import io.shomei.core.testkit.CountingCustody;
import io.shomei.core.testkit.Csrs;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad input is a typed refusal, and nothing is signed. */
class CsrRefusalTest {
  static final TestCa CA = TestCa.root("Refusal Test Root");
  static final KeyPair P256 = Csrs.ec("secp256r1");
  static final CertificateProfile PROFILE =
      CertificateProfile.builder("p", "fx-forward", "1.3.6.1.4.1.99999.1.1").build();

  CountingCustody custody = new CountingCustody(CA);
  CertificateIssuer issuer = build(custody);

  static CertificateIssuer build(CountingCustody c) {
    return CertificateIssuer.builder().keyCustody(c)
        .clock(MutableClock.at("2026-03-01T00:00:00Z")).build();
  }

  @BeforeEach
  void fresh() {
    custody = new CountingCustody(CA);
    issuer = build(custody);
  }

  void refused(byte[] csr, IssuanceRefusal reason) {
    refused("12345678", csr, reason);
  }

  void refused(String userId, byte[] csr, IssuanceRefusal reason) {
    assertThat(issuer.issueForCsr(PROFILE, userId, csr))
        .isEqualTo(new IssuanceResult.Refused(reason));
    assertThat(custody.signatures()).as("nothing signed").isZero();
  }

  /** Issue 17: 0.1 issued P-521 certificates that login then refused as WEAK_KEY. */
  @Test
  void aP521RequestIsRefusedUnderTheBankDefaultBecauseLoginWouldRefuseIt() {
    refused(Csrs.der(Csrs.ec("secp521r1"), "SHA512withECDSA"),
        IssuanceRefusal.CSR_UNSUPPORTED_KEY);
  }

  @Test
  void aP521RequestIsIssuedUnderAPolicyThatAllowsP521() {
    CertificateIssuer p521 = CertificateIssuer.builder().keyCustody(custody)
        .clock(MutableClock.at("2026-03-01T00:00:00Z"))
        .certificatePolicy(CertificatePolicy.bankDefault().withEcCurves(EcCurve.P256, EcCurve.P521))
        .build();
    assertThat(p521.issueForCsr(PROFILE, "12345678",
        Csrs.der(Csrs.ec("secp521r1"), "SHA512withECDSA")))
        .isInstanceOf(IssuanceResult.Issued.class);
  }

  @Test
  void aSignatureAlgorithmThePolicyRefusesIsUnsupported() {
    CertificateIssuer cnsa = CertificateIssuer.builder().keyCustody(custody)
        .clock(MutableClock.at("2026-03-01T00:00:00Z"))
        .certificatePolicy(CertificatePolicy.cnsa()).build();
    assertThat(cnsa.issueForCsr(CertificateProfile.builder("p", "fx-forward", "1.3.6.1.4.1.99999.1.1")
            .keyType(KeyType.EC_P384).signatureDigest(SignatureDigest.SHA384).build(), "12345678",
        Csrs.der(Csrs.ec("secp384r1"), "SHA256withECDSA")))
        .isEqualTo(new IssuanceResult.Refused(
            IssuanceRefusal.CSR_UNSUPPORTED_SIGNATURE_ALGORITHM));
    assertThat(custody.signatures()).isZero();
  }

  @Test
  void validRequestIsIssuedAsAControl() {
    assertThat(issuer.issueForCsr(PROFILE, "1", Csrs.der(P256, "SHA256withECDSA")))
        .isInstanceOf(IssuanceResult.Issued.class);
    assertThat(custody.signatures()).isEqualTo(1);
  }

  @Test
  void rejectsGarbage() {
    refused(new byte[0], IssuanceRefusal.CSR_MALFORMED);
    refused("not a csr".getBytes(StandardCharsets.US_ASCII), IssuanceRefusal.CSR_MALFORMED);
    refused(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        IssuanceRefusal.CSR_MALFORMED);
    refused("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        .getBytes(StandardCharsets.US_ASCII), IssuanceRefusal.CSR_MALFORMED);
  }

  @Test
  void rejectsOversizedRequestBeforeParsing() {
    byte[] big = new byte[CertificateIssuer.MAX_CSR_LENGTH + 1];
    refused(big, IssuanceRefusal.CSR_TOO_LARGE);
    byte[] valid = Csrs.der(P256, "SHA256withECDSA");
    byte[] padded = Arrays.copyOf(valid, CertificateIssuer.MAX_CSR_LENGTH + 1);
    refused(padded, IssuanceRefusal.CSR_TOO_LARGE);
  }

  @Test
  void rejectsTrailingDataAfterTheRequest() {
    byte[] valid = Csrs.der(P256, "SHA256withECDSA");
    refused(Arrays.copyOf(valid, valid.length + 2), IssuanceRefusal.CSR_MALFORMED);
  }

  @Test
  void rejectsDeeplyNestedGarbage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 4000; i++) {
      out.write(0x30);
      out.write(0x80); // indefinite length, two bytes per level
    }
    refused(out.toByteArray(), IssuanceRefusal.CSR_MALFORMED);
  }

  @Test
  void rejectsBerReencodingOfAValidRequest() throws Exception {
    CertificationRequest req = CertificationRequest.getInstance(Csrs.der(P256, "SHA256withECDSA"));
    ASN1EncodableVector v = new ASN1EncodableVector();
    for (var e : ASN1Sequence.getInstance(req.toASN1Primitive())) {
      v.add(e);
    }
    byte[] ber = new BERSequence(v).getEncoded(ASN1Encoding.BER);
    assertThat(ber).isNotEqualTo(req.getEncoded(ASN1Encoding.DER));
    refused(ber, IssuanceRefusal.CSR_MALFORMED);
  }

  @Test
  void rejectsTwoPemBlocks() {
    String pem = Csrs.pem(Csrs.der(P256, "SHA256withECDSA"));
    refused((pem + pem).getBytes(StandardCharsets.US_ASCII), IssuanceRefusal.CSR_MALFORMED);
  }

  @Test
  void rejectsRequestWithoutProofOfPossession() {
    KeyPair victim = Csrs.ec("secp256r1");
    byte[] csr = Csrs.der(victim, P256, "SHA256withECDSA", "CN=x");
    refused(csr, IssuanceRefusal.CSR_BAD_SIGNATURE);
  }

  @Test
  void rejectsTamperedSignature() throws Exception {
    CertificationRequest req = CertificationRequest.getInstance(Csrs.der(P256, "SHA256withECDSA"));
    byte[] sig = req.getSignature().getOctets();
    sig[sig.length - 3] ^= 0x01;
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(req.getCertificationRequestInfo());
    v.add(req.getSignatureAlgorithm());
    v.add(new DERBitString(sig));
    refused(new DERSequence(v).getEncoded(ASN1Encoding.DER), IssuanceRefusal.CSR_BAD_SIGNATURE);
  }

  @Test
  void rejectsRsa1024() {
    refused(Csrs.der(Csrs.rsa(1024), "SHA256withRSA"), IssuanceRefusal.CSR_WEAK_KEY);
  }

  @Test
  void rejectsUnknownCurves() {
    refused(Csrs.der(Csrs.ec("secp256k1"), "SHA256withECDSA"),
        IssuanceRefusal.CSR_UNSUPPORTED_KEY);
    refused(Csrs.der(Csrs.ec("brainpoolP256r1"), "SHA256withECDSA"),
        IssuanceRefusal.CSR_UNSUPPORTED_KEY);
    refused(Csrs.der(Csrs.ec("secp224r1"), "SHA256withECDSA"),
        IssuanceRefusal.CSR_UNSUPPORTED_KEY);
  }

  @Test
  void rejectsSha1SignedRequests() {
    refused(Csrs.der(P256, "SHA1withECDSA"), IssuanceRefusal.CSR_WEAK_SIGNATURE_ALGORITHM);
    refused(Csrs.der(Csrs.rsa(2048), "SHA1withRSA"),
        IssuanceRefusal.CSR_WEAK_SIGNATURE_ALGORITHM);
    refused(Csrs.der(Csrs.rsa(2048), "SHA224withRSA"),
        IssuanceRefusal.CSR_WEAK_SIGNATURE_ALGORITHM);
  }

  @Test
  void rejectsUnsupportedSignatureSchemes() {
    refused(Csrs.der(Csrs.rsa(2048), "SHA256withRSAandMGF1"),
        IssuanceRefusal.CSR_UNSUPPORTED_SIGNATURE_ALGORITHM);
    KeyPair ed = edKey();
    refused(Csrs.der(ed, "Ed25519"), IssuanceRefusal.CSR_UNSUPPORTED_SIGNATURE_ALGORITHM);
  }

  @Test
  void rejectsSignatureAlgorithmThatDoesNotFitTheKey() throws Exception {
    // An EC key whose request claims an RSA signature: swap in an RSA AlgorithmIdentifier.
    CertificationRequest ec = CertificationRequest.getInstance(Csrs.der(P256, "SHA256withECDSA"));
    CertificationRequest rsa = CertificationRequest.getInstance(
        Csrs.der(Csrs.rsa(2048), "SHA256withRSA"));
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(ec.getCertificationRequestInfo());
    v.add(rsa.getSignatureAlgorithm());
    v.add(ec.getSignature());
    refused(new DERSequence(v).getEncoded(ASN1Encoding.DER),
        IssuanceRefusal.CSR_SIGNATURE_KEY_MISMATCH);
  }

  @Test
  void rejectsEmptyOrHostileUserIdOnBothPaths() {
    byte[] csr = Csrs.der(P256, "SHA256withECDSA");
    refused("", csr, IssuanceRefusal.EMPTY_USER_ID);
    refused("   ", csr, IssuanceRefusal.EMPTY_USER_ID);
    refused("1234\u0000", csr, IssuanceRefusal.INVALID_USER_ID);
    refused("1234\n5678", csr, IssuanceRefusal.INVALID_USER_ID);
    refused(" 1234", csr, IssuanceRefusal.INVALID_USER_ID);
    refused("1".repeat(65), csr, IssuanceRefusal.INVALID_USER_ID);
    assertThat(issuer.issueWithGeneratedKey(PROFILE, ""))
        .isEqualTo(new IssuanceResult.Refused(IssuanceRefusal.EMPTY_USER_ID));
    assertThat(custody.signatures()).isZero();
  }

  private static KeyPair edKey() {
    try {
      return java.security.KeyPairGenerator.getInstance("Ed25519", Csrs.BC).generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
