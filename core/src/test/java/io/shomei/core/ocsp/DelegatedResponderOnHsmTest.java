package io.shomei.core.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.custody.Pkcs11KeyCustody;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import io.shomei.testing.MutableClock;
import io.shomei.testing.env.SoftHsm;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;

/**
 * The CA and the delegated responder key both on SoftHSM2 (skipped without softhsm2, failed under
 * CI): the CA key certifies the responder key, the responder key signs answers, neither leaves
 * the token.
 */
class DelegatedResponderOnHsmTest {

  @Test
  void aResponderKeyOnTheHsmIsCertifiedByTheHsmCaAndSignsAnswersAndIsRotated() throws Exception {
    SoftHsm.Token t = SoftHsm.token();
    MutableClock clock = MutableClock.at(Instant.parse("2026-07-01T00:00:00Z"));
    Pkcs11KeyCustody ca = Pkcs11KeyCustody.createRoot(t.pkcs11Config(), Secret.of(t.pin()),
        "ocsp-test-ca", RootCaSpec.of("CN=HSM OCSP Test CA,O=Example Bank,C=JP"), clock,
        new SecureRandom());
    // the responder key's own certificate is a self-signed placeholder the token needs
    Pkcs11KeyCustody responderKey = Pkcs11KeyCustody.createRoot(t.pkcs11Config(),
        Secret.of(t.pin()), "ocsp-test-responder", RootCaSpec.of("CN=placeholder"), clock,
        new SecureRandom());

    InMemoryCertificateStore store = new InMemoryCertificateStore();
    io.shomei.testing.ca.TestCa.Issued leaf = leafIssuedBy(ca, clock);
    AccountKey account = new AccountKey("12345678", "fx-forward");
    store.record(CertificateRecord.issued(leaf.certificate().getSerialNumber(), account,
        leaf.certificate().getNotBefore().toInstant(), leaf.certificate().getNotAfter().toInstant(),
        leaf.der(), clock.instant(), true, "test"));
    BigInteger serial = leaf.certificate().getSerialNumber();
    store.activate(serial, null, clock.instant());

    OcspResponder ocsp = OcspResponder.builder().certificateStore(store).keyCustody(ca)
        .clock(clock).delegatedResponder(responderKey, Duration.ofDays(1)).build();
    X509Certificate responder = ocsp.signerCertificate();
    responder.verify(ca.publicKey());
    assertThat(responder.getPublicKey()).isEqualTo(responderKey.publicKey());
    assertThat(responder.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_OCSPSigning.getId());
    assertThat(responder.getExtensionValue(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck.getId()))
        .isNotNull();

    byte[] req = Ocsp.request(ca.certificate(), serial, new byte[] {1, 2, 3, 4});
    assertThat(Ocsp.single(ocsp.post(req), responderKey.publicKey()).getCertStatus()).isNull();
    store.revoke(serial, RevocationReason.CESSATION_OF_OPERATION, clock.advance(Duration.ofHours(1)));
    BasicOCSPResp basic = Ocsp.basic(ocsp.post(req), responderKey.publicKey());
    assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
    assertThat(basic.getCerts()[0].getEncoded()).isEqualTo(responder.getEncoded());

    // rotation: a new certificate for the same HSM key after two thirds of a day
    clock.advance(Duration.ofHours(16));
    X509Certificate rotated = ocsp.signerCertificate();
    assertThat(rotated.getSerialNumber()).isNotEqualTo(responder.getSerialNumber());
    rotated.verify(ca.publicKey());
    Ocsp.basic(ocsp.post(req), responderKey.publicKey());
  }

  /** A client certificate signed by the HSM CA (through the test CA's leaf builder shape). */
  private static io.shomei.testing.ca.TestCa.Issued leafIssuedBy(Pkcs11KeyCustody ca,
      MutableClock clock) {
    io.shomei.core.issue.CertificateIssuer issuer = io.shomei.core.issue.CertificateIssuer
        .builder().keyCustody(ca).clock(clock).build();
    io.shomei.core.issue.IssuanceResult r = issuer.issueWithGeneratedKey(
        io.shomei.core.issue.CertificateProfile.builder("p", "fx-forward", "1.3.6.1.4.1.99999.1.1")
            .build(), "12345678");
    io.shomei.core.issue.IssuedCertificate c =
        ((io.shomei.core.issue.IssuanceResult.Issued) r).certificate();
    return new io.shomei.testing.ca.TestCa.Issued(c.certificate(),
        new java.security.KeyPair(c.certificate().getPublicKey(), null));
  }
}
