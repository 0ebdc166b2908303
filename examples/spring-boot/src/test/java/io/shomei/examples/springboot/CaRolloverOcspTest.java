package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.IssuingCa;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.custody.SoftwareKeyCustody;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot host after a CA rollover ({@code shomei.ca.next.*}, issuing from a day ago): the
 * next CA issues, and {@code /ocsp} answers for both CAs, each under its own name and signed by it.
 * Its own application context, on its own in-memory database.
 */
class CaRolloverOcspTest extends HostTestSupport {
  static final String NEXT_SUBJECT = "CN=Shomei Spring Example CA G2,O=Example Bank,C=JP";

  @DynamicPropertySource
  static void nextCa(DynamicPropertyRegistry registry) {
    Path dir = DATA.resolve("next-ca");
    Path keystore = dir.resolve("next-ca.p12");
    Path passwordFile = dir.resolve("next-ca-password.txt");
    try {
      if (!Files.exists(keystore)) {
        Files.createDirectories(dir);
        String password = "next-ca-" + Long.toHexString(new SecureRandom().nextLong());
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        try (Secret s = Secret.of(password)) {
          SoftwareKeyCustody.createRoot(keystore, s, "ca", RootCaSpec.of(NEXT_SUBJECT),
              Clock.systemUTC(), new SecureRandom());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("shomei.ca.next.keystore", keystore::toString);
    registry.add("shomei.ca.next.password-file", passwordFile::toString);
    registry.add("shomei.ca.next.issuing-from",
        () -> Clock.systemUTC().instant().minus(Duration.ofDays(1)).toString());
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:shomei-spring-rollover;"
        + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
  }

  static byte[] request(X509Certificate issuer, BigInteger serial) throws Exception {
    return new OCSPReqBuilder().addRequest(new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new X509CertificateHolder(issuer.getEncoded()), serial)).build().getEncoded();
  }

  HttpResponse<byte[]> post(HttpClient http, byte[] request) throws Exception {
    return http.send(HttpRequest.newBuilder(base().resolve("/ocsp"))
        .header("Content-Type", "application/ocsp-request")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static SingleResp single(byte[] body, X509Certificate signer) throws Exception {
    OCSPResp resp = new OCSPResp(body);
    assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
    assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
        .build(signer.getPublicKey()))).as("signed by " + signer.getSubjectX500Principal())
        .isTrue();
    return basic.getResponses()[0];
  }

  @Test
  void theNextCaIssuesAndOcspAnswersForBothCasEachSignedByItsOwnKey() throws Exception {
    List<IssuingCa> cas = shomei.issuingCas();
    assertThat(cas).hasSize(2);
    X509Certificate root = cas.get(0).certificate();
    X509Certificate next = cas.get(1).certificate();
    assertThat(next.getSubjectX500Principal().getName()).isEqualTo(NEXT_SUBJECT);

    Letter letter = enroll("50000101", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    BigInteger serial = cert.certificate().getSerialNumber();
    assertThat(cert.certificate().getIssuerX500Principal())
        .isEqualTo(next.getSubjectX500Principal());
    HttpClient http = HttpClient.newBuilder().sslContext(trustingServer())
        .connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<byte[]> good = post(http, request(next, serial));
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(single(good.body(), next).getCertStatus()).as("good").isNull();

    // the root no longer issues but still answers, from its own records: not this serial
    assertThat(single(post(http, request(root, serial)).body(), root).getCertStatus())
        .isInstanceOf(UnknownStatus.class);

    shomei.operator("branch-001").revoke(IssuerName.ofCa(next), serial,
        RevocationReason.KEY_COMPROMISE);
    HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(base().resolve("/ocsp/"
        + Base64.getUrlEncoder().encodeToString(request(next, serial)))).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(single(get.body(), next).getCertStatus()).isInstanceOf(RevokedStatus.class);
  }
}
