package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.ocsp.OcspAnswer;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
import org.junit.jupiter.api.io.TempDir;

/** The web example's OCSP endpoint: /ocsp on the HTTPS port and on the optional plain-HTTP port. */
class OcspEndpointTest {
  @TempDir Path tmp;

  @Test
  void answersOnThePlainHttpPortAndOnTheHttpsPortFromTheRecordsLoginReads() throws Exception {
    try (WebFixture web = new WebFixture(tmp, b -> b.ocspPort(0))) {
      WebFixture.Customer c = web.enroll("fx-forward");
      AcquisitionResult r = web.admin.acquisition().acquire(AcquisitionRequest.of(c.userId(),
          c.service(), Secret.of(c.temporaryPassword()), Secret.of(c.acquisitionPassword())));
      BigInteger serial = ((AcquisitionResult.Acquired) r).serial();
      X509Certificate ca = web.data.issuingCa();
      byte[] request = new OCSPReqBuilder().addRequest(new CertificateID(
          new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
          new X509CertificateHolder(ca.getEncoded()), serial)).build().getEncoded();

      URI plain = Objects.requireNonNull(web.server.ocspUri());
      assertThat(plain.toString()).startsWith("http://127.0.0.1:").endsWith("/ocsp");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(plain)
          .header("Content-Type", OcspAnswer.REQUEST_MEDIA_TYPE)
          .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(post.statusCode()).isEqualTo(200);
      assertThat(post.headers().firstValue("Content-Type")).hasValue(OcspAnswer.MEDIA_TYPE);
      assertThat(single(post.body(), ca).getCertStatus()).isNull();

      web.admin.operator("branch-001").revoke(serial, RevocationReason.KEY_COMPROMISE);
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(
          web.server.identity().caCertificate())).connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<byte[]> get = https.send(HttpRequest.newBuilder(web.server.uri().resolve(
          "/ocsp/" + Base64.getUrlEncoder().encodeToString(request))).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.headers().firstValue("Cache-Control")).hasValueSatisfying(
          v -> assertThat(v).startsWith("max-age=0"));
      assertThat(single(get.body(), ca).getCertStatus()).isInstanceOf(RevokedStatus.class);

      HttpResponse<byte[]> junk = http.send(HttpRequest.newBuilder(plain)
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(new OCSPResp(junk.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
      HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(plain)
          .PUT(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(put.statusCode()).isEqualTo(405);
    }
  }

  private static SingleResp single(byte[] body, X509Certificate ca) throws Exception {
    OCSPResp resp = new OCSPResp(body);
    assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
    assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
        .build(ca.getPublicKey()))).isTrue();
    return basic.getResponses()[0];
  }

  private static SSLContext trusting(X509Certificate ca) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
