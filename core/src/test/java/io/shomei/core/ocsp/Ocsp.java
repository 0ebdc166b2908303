package io.shomei.core.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.ca.TestCa;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;

/** Builds OCSP requests and reads answers the way a relying party does, with Bouncy Castle. */
final class Ocsp {
  private Ocsp() {}

  static CertificateID id(X509Certificate issuer, BigInteger serial, boolean sha256)
      throws Exception {
    DigestCalculator d = new JcaDigestCalculatorProviderBuilder().build()
        .get(sha256 ? new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
            org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256)
            : CertificateID.HASH_SHA1);
    return new CertificateID(d, new X509CertificateHolder(issuer.getEncoded()), serial);
  }

  static byte[] request(TestCa issuer, BigInteger serial) throws Exception {
    return request(issuer.certificate(), serial, null);
  }

  static byte[] request(X509Certificate issuer, BigInteger serial, byte @Nullable [] nonce)
      throws Exception {
    OCSPReqBuilder b = new OCSPReqBuilder().addRequest(id(issuer, serial, false));
    if (nonce != null) {
      b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
          false, new DEROctetString(new DEROctetString(nonce)).getOctets())));
    }
    return b.build().getEncoded();
  }

  /** The basic response of a successful answer, its signature checked with {@code signer}. */
  static BasicOCSPResp basic(OcspAnswer a, PublicKey signer) throws Exception {
    assertThat(a.outcome()).isEqualTo(OcspAnswer.Outcome.SUCCESSFUL);
    assertThat(a.httpStatus()).isEqualTo(200);
    assertThat(a.headers()).containsEntry("Content-Type", "application/ocsp-response");
    OCSPResp resp = new OCSPResp(a.body());
    assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
    assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer)))
        .as("signature verifies with the expected key").isTrue();
    return basic;
  }

  static SingleResp single(OcspAnswer a, PublicKey signer) throws Exception {
    SingleResp[] r = basic(a, signer).getResponses();
    assertThat(r).hasSize(1);
    return r[0];
  }

  /** The OCSP response status of an unsigned error answer. */
  static int errorStatus(OcspAnswer a) throws Exception {
    assertThat(a.httpStatus()).isEqualTo(200);
    OCSPResp resp = new OCSPResp(a.body());
    assertThat(resp.getResponseObject()).isNull();
    return resp.getStatus();
  }
}
