package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/** The Spring Boot host's OCSP endpoint: anonymous, no CSRF token, answers from the records. */
class OcspEndpointTest extends HostTestSupport {

  @Test
  void answersGoodThenRevokedToAnonymousPostAndGetWithoutCsrfToken() throws Exception {
    Letter letter = enroll("50000001", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    KeyStore ks = cert.keyStore();
    Certificate[] chain = ks.getCertificateChain(ks.aliases().nextElement());
    X509Certificate ca = (X509Certificate) chain[chain.length - 1];
    BigInteger serial = cert.certificate().getSerialNumber();
    byte[] request = new OCSPReqBuilder().addRequest(new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new X509CertificateHolder(ca.getEncoded()), serial)).build().getEncoded();
    HttpClient http = HttpClient.newBuilder().sslContext(trustingServer())
        .connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(base().resolve("/ocsp"))
        .header("Content-Type", "application/ocsp-request")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/ocsp-response");
    assertThat(single(post.body(), ca).getCertStatus()).isNull();

    shomei.operator("branch-001").revoke(serial, RevocationReason.KEY_COMPROMISE);
    HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(base().resolve(
        "/ocsp/" + Base64.getUrlEncoder().encodeToString(request))).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(single(get.body(), ca).getCertStatus()).isInstanceOf(RevokedStatus.class);

    HttpResponse<byte[]> junk = http.send(HttpRequest.newBuilder(base().resolve("/ocsp"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x30, 0x00})).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(new OCSPResp(junk.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
  }

  private static SingleResp single(byte[] body, X509Certificate ca) throws Exception {
    OCSPResp resp = new OCSPResp(body);
    assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
    assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
        .build(ca.getPublicKey()))).isTrue();
    return basic.getResponses()[0];
  }
}
