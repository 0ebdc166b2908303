package io.shomei.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shomei.core.ocsp.OcspAnswer;
import io.shomei.core.ocsp.OcspResponder;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.ca.TestCa;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link Shomei#ocspResponder()} of an engine with an old and a new issuing CA answers for both:
 * each CA's certificates under that CA, signed for it; nothing of one CA under the other.
 */
class OcspForEveryIssuingCaTest {
  static final TestCa OLD_CA = SeveralIssuingCasTest.OLD_CA;
  static final TestCa NEW_CA = SeveralIssuingCasTest.NEW_CA;

  final SeveralIssuingCasTest world = new SeveralIssuingCasTest();

  static byte[] request(X509Certificate issuer, BigInteger serial) throws Exception {
    return new OCSPReqBuilder().addRequest(new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new X509CertificateHolder(issuer.getEncoded()), serial)).build().getEncoded();
  }

  /** The status of the one certificate asked, the answer's signature checked with {@code key}. */
  static @Nullable CertificateStatus status(OcspAnswer a, PublicKey key) throws Exception {
    assertThat(a.outcome()).isEqualTo(OcspAnswer.Outcome.SUCCESSFUL);
    BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(a.body()).getResponseObject();
    assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key)))
        .as("signed by the expected key").isTrue();
    return basic.getResponses()[0].getCertStatus();
  }

  @Test
  void theEnginesResponderAnswersEachCasCertificatesUnderThatCaOnly() throws Exception {
    Shomei shomei = world.rollover();
    world.clock.set(SeveralIssuingCasTest.CUT_OVER.minusSeconds(10));
    BigInteger old = SeveralIssuingCasTest.acquire(shomei, "10000011").serial();
    world.clock.set(SeveralIssuingCasTest.CUT_OVER.plusSeconds(10));
    BigInteger fresh = SeveralIssuingCasTest.acquire(shomei, "10000012").serial();
    shomei.operator("op-1").revoke(IssuerName.ofCa(OLD_CA.certificate()), old,
        RevocationReason.KEY_COMPROMISE);

    OcspResponder ocsp = shomei.ocspResponder().build();
    CertificateStatus revoked = status(ocsp.post(request(OLD_CA.certificate(), old)),
        OLD_CA.publicKey());
    assertThat(revoked).isInstanceOfSatisfying(RevokedStatus.class,
        r -> assertThat(r.getRevocationReason()).isEqualTo(1));
    assertThat(status(ocsp.post(request(NEW_CA.certificate(), fresh)), NEW_CA.publicKey()))
        .isNull(); // good
    assertThat(status(ocsp.post(request(OLD_CA.certificate(), fresh)), OLD_CA.publicKey()))
        .isInstanceOf(UnknownStatus.class);
    assertThat(status(ocsp.post(request(NEW_CA.certificate(), old)), NEW_CA.publicKey()))
        .isInstanceOf(UnknownStatus.class);
    for (IssuingCa ca : shomei.issuingCas()) {
      assertThat(ocsp.signerCertificate(ca.custody())).isEqualTo(ca.certificate());
    }
  }

  @Test
  void aDelegatedResponderNamesItsCaWhenTheEngineHasSeveral() throws Exception {
    Shomei shomei = world.rollover();
    world.clock.set(SeveralIssuingCasTest.CUT_OVER.minusSeconds(10));
    BigInteger old = SeveralIssuingCasTest.acquire(shomei, "10000013").serial();
    TestCa responderKey = TestCa.root("placeholder for the old CA's OCSP key");

    assertThatThrownBy(() -> shomei.ocspResponder()
        .delegatedResponder(responderKey, Duration.ofDays(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("delegatedResponder(ca, key, validity)");

    IssuingCa oldCa = shomei.issuingCas().get(0);
    OcspResponder ocsp = shomei.ocspResponder()
        .delegatedResponder(oldCa.custody(), responderKey, Duration.ofDays(1)).build();
    assertThat(status(ocsp.post(request(OLD_CA.certificate(), old)), responderKey.publicKey()))
        .isNull();
    X509Certificate signer = ocsp.signerCertificate(oldCa.custody());
    signer.verify(OLD_CA.publicKey());
    assertThat(signer.getPublicKey()).isEqualTo(responderKey.publicKey());
  }
}
