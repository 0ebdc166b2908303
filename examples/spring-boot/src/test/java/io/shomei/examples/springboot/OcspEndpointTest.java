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

  /**
   * RFC 6960's GET carries the request in standard base64, URL-encoded: a request whose encoding
   * has a {@code /} arrives as {@code %2F} (or, from lax clients, as a raw {@code /}), which
   * servlet containers and security filters refuse by default.
   */
  @Test
  void answersAGetWhoseBase64HasSlashesEncodedOrRaw() throws Exception {
    Letter letter = enroll("50000002", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    KeyStore ks = cert.keyStore();
    Certificate[] chain = ks.getCertificateChain(ks.aliases().nextElement());
    X509Certificate ca = (X509Certificate) chain[chain.length - 1];
    CertificateID id = new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new X509CertificateHolder(ca.getEncoded()), cert.certificate().getSerialNumber());
    HttpClient http = HttpClient.newBuilder().sslContext(trustingServer())
        .connectTimeout(Duration.ofSeconds(10)).build();
    String b64 = withSlashes(id);

    for (String path : new String[] {
        b64.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D"), b64}) {
      HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(base().resolve("/ocsp/" + path))
          .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(get.statusCode()).as("GET /ocsp/%s: %s", path, new String(get.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(single(get.body(), ca).getCertStatus()).as("good").isNull();
    }
  }

  @Test
  void encodedSlashesAreStillRefusedOutsideAnOcspGet() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(trustingServer())
        .connectTimeout(Duration.ofSeconds(10)).build();
    for (String path : new String[] {"/acquire%2F", "/ocsp/%2E%2E%2Facquire", "/ocsp/..%2Facquire",
        "/home%2F..%2Facquire"}) {
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(base().resolve(path)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).as("GET %s", path).isEqualTo(400);
    }
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(base().resolve("/ocsp/AB%2FCD"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x30, 0x00})).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).as("POST with an encoded slash").isEqualTo(400);
    assertThat(OcspPaths.OcspFirewall.isOcspGet("GET", "/ocsp/MGcw%2Fab%2b%3D")).isTrue();
    assertThat(OcspPaths.OcspFirewall.isOcspGet("GET", "/ocsp/")).isFalse();
    assertThat(OcspPaths.OcspFirewall.isOcspGet("GET", "/ocsp/a%2E")).isFalse();
    assertThat(OcspPaths.OcspFirewall.isOcspGet("HEAD", "/ocsp/MGcw")).isFalse();
  }

  /** A request for {@code id} whose standard base64 holds {@code /}, found by varying a nonce. */
  private static String withSlashes(CertificateID id) throws Exception {
    for (int n = 0; n < 10_000; n++) {
      byte[] nonce = BigInteger.valueOf(n).toByteArray();
      byte[] request = new OCSPReqBuilder().addRequest(id)
          .setRequestExtensions(new org.bouncycastle.asn1.x509.Extensions(
              new org.bouncycastle.asn1.x509.Extension(
                  org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                  new org.bouncycastle.asn1.DEROctetString(nonce).getEncoded())))
          .build().getEncoded();
      String b64 = Base64.getEncoder().encodeToString(request);
      if (b64.contains("/") && b64.contains("+") && !b64.contains("//")) {
        return b64;
      }
    }
    throw new AssertionError("no request with / and + in its base64");
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
