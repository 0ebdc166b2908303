package io.shomei.core.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.shomei.core.testkit.CountingCustody;
import io.shomei.core.testkit.Csrs;
import io.shomei.core.testkit.FixedRandom;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.qt.Qt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class IssuanceProperties {
  static final TestCa CA = TestCa.root("Property Root");
  static final CertificateProfile PROFILE =
      CertificateProfile.builder("p", "svc", "1.3.6.1.4.1.99999.1.1").build();
  static final KeyPair KEY = Csrs.ec("secp256r1");
  static final byte[] VALID = Csrs.der(KEY, "SHA256withECDSA");

  static CertificateIssuer issuer(CountingCustody custody, long seed) {
    return CertificateIssuer.builder().keyCustody(custody).secureRandom(new FixedRandom(seed))
        .clock(MutableClock.at("2026-03-01T00:00:00Z")).build();
  }

  @Test
  void serialsArePositiveWideAndAtMostTwentyOctets() {
    CountingCustody custody = new CountingCustody(CA);
    Qt.qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
      CertificateIssuer issuer = issuer(custody, seed);
      Set<BigInteger> seen = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        IssuanceResult r = issuer.issueForCsr(PROFILE, "u", VALID);
        BigInteger serial = ((IssuanceResult.Issued) r).certificate().serial();
        assertThat(serial.signum()).isPositive();
        assertThat(serial.bitLength()).isBetween(64, 127);
        assertThat(serial.toByteArray().length).isLessThanOrEqualTo(20);
        assertThat(seen.add(serial)).as("no repeat within one issuer").isTrue();
      }
    });
  }

  @Test
  void randomBytesAreNeverIssuedAndNeverSigned() {
    CountingCustody custody = new CountingCustody(CA);
    CertificateIssuer issuer = issuer(custody, 1);
    Qt.qt().forAll(longs().all(), integers().between(0, 3000)).checkAssert((seed, len) -> {
      byte[] junk = new byte[len];
      new SplittableRandom(seed).nextBytes(junk);
      if (len > 1) {
        junk[0] = 0x30; // look like a SEQUENCE to get past the first byte
      }
      IssuanceResult r = issuer.issueForCsr(PROFILE, "u", junk);
      assertThat(r).isInstanceOf(IssuanceResult.Refused.class);
      assertThat(custody.signatures()).isZero();
    });
  }

  @Test
  void aMutatedRequestNeverCertifiesAnotherKey() {
    CountingCustody custody = new CountingCustody(CA);
    CertificateIssuer issuer = issuer(custody, 2);
    Qt.qt().withExamples(1000)
        .forAll(integers().between(0, VALID.length - 1), integers().between(1, 255))
        .checkAssert((pos, xor) -> {
          byte[] mutated = VALID.clone();
          mutated[pos] ^= xor.byteValue();
          IssuanceResult r = issuer.issueForCsr(PROFILE, "u", mutated);
          if (r instanceof IssuanceResult.Issued issued) {
            // Only acceptable if the mutation did not touch what the proof of possession covers.
            assertThat(issued.certificate().certificate().getPublicKey().getEncoded())
                .isEqualTo(KEY.getPublic().getEncoded());
          }
        });
  }

  @Test
  void weakSignatureAlgorithmsAreAlwaysRefused() {
    KeyPair rsa = Csrs.rsa(2048);
    CountingCustody custody = new CountingCustody(CA);
    CertificateIssuer issuer = issuer(custody, 3);
    Qt.qt().withExamples(40)
        .forAll(arbitrary().pick("SHA1withECDSA", "SHA224withECDSA", "SHA1withRSA",
            "SHA224withRSA", "MD5withRSA"))
        .checkAssert(alg -> {
          byte[] csr = Csrs.der(alg.endsWith("ECDSA") ? KEY : rsa, alg);
          assertThat(issuer.issueForCsr(PROFILE, "u", csr)).isEqualTo(
              new IssuanceResult.Refused(IssuanceRefusal.CSR_WEAK_SIGNATURE_ALGORITHM));
          assertThat(custody.signatures()).isZero();
        });
  }

  /**
   * The issuer keeps the encoded parts of the profile it used last. Issuing under profiles in any
   * order, each certificate carries exactly its own profile's subject, policy and CRL URL.
   */
  @Test
  void everyCertificateCarriesItsOwnProfileWhateverTheOrder() throws Exception {
    List<CertificateProfile> profiles = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      CertificateProfile.Builder b =
          CertificateProfile.builder("p" + i, "svc" + i, "1.3.6.1.4.1.99999.7." + i);
      if ((i & 1) != 0) {
        b.country(i < 4 ? "JP" : "US");
      }
      if ((i & 2) != 0) {
        b.organization("Org " + i);
      }
      if ((i & 4) != 0) {
        b.organizationalUnit("Unit " + i);
        b.crlDistributionPoint(URI.create("http://crl.example/" + i + ".crl"));
      }
      if ((i & 3) == 3) {
        b.ocspResponder(URI.create("http://ocsp.example/" + i));
      }
      profiles.add(b.build());
    }
    CountingCustody custody = new CountingCustody(CA);
    CertificateIssuer issuer = issuer(custody, 4);
    Qt.qt().withExamples(50)
        .forAll(SourceDSL.lists().of(integers().between(0, profiles.size() - 1))
            .ofSizeBetween(1, 12))
        .checkAssert(order -> {
          for (int i : order) {
            CertificateProfile profile = profiles.get(i);
            IssuanceResult r = issuer.issueForCsr(profile, "user" + i, VALID);
            X509Certificate cert = ((IssuanceResult.Issued) r).certificate().certificate();
            assertThat(cert.getSubjectX500Principal())
                .isEqualTo(expectedSubject(profile, "user" + i));
            byte[] policies = cert.getExtensionValue(Extension.certificatePolicies.getId());
            assertThat(CertificatePolicies.getInstance(
                    ASN1OctetString.getInstance(policies).getOctets())
                .getPolicyInformation()[0].getPolicyIdentifier().getId())
                .isEqualTo(profile.policyOid());
            byte[] crl = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
            assertThat(crl != null).isEqualTo(profile.crlDistributionPoint() != null);
            byte[] aia = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
            assertThat(aia != null).isEqualTo(profile.ocspResponder() != null);
          }
        });
  }

  private static X500Principal expectedSubject(CertificateProfile profile, String userId) {
    List<RDN> rdns = new ArrayList<>();
    if (profile.country() != null) {
      rdns.add(new RDN(BCStyle.C, new DERPrintableString(profile.country())));
    }
    if (profile.organization() != null) {
      rdns.add(new RDN(BCStyle.O, new DERUTF8String(profile.organization())));
    }
    if (profile.organizationalUnit() != null) {
      rdns.add(new RDN(BCStyle.OU, new DERUTF8String(profile.organizationalUnit())));
    }
    rdns.add(new RDN(BCStyle.CN, new DERUTF8String(userId)));
    try {
      return new X500Principal(
          new X500Name(rdns.toArray(new RDN[0])).getEncoded(ASN1Encoding.DER));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
