package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.Crl;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.Secret;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web example's CRL distribution point: the host publishes a CRL when one is due (at start-up,
 * the first) and serves the newest published one at /crl, also one another node signed.
 */
class CrlEndpointTest {
  @TempDir Path tmp;

  @Test
  void theHostPublishesTheFirstCrlByItselfAndServesTheNewestOneWhicheverNodeSignedIt()
      throws Exception {
    try (WebFixture web = new WebFixture(tmp, b -> b.ocspPort(0))) {
      URI crlUri = Objects.requireNonNull(web.server.ocspUri()).resolve("/crl");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<byte[]> first = awaitCrl(http, crlUri);
      X509Certificate ca = web.data.issuingCa();
      X509CRL published = parse(first.body());
      published.verify(ca.getPublicKey());
      assertThat(published.getRevokedCertificates()).isNull();
      assertThat(first.headers().firstValue("Content-Type")).hasValue(Crl.MEDIA_TYPE);
      assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(
          v -> assertThat(v).startsWith("public, max-age="));

      // another node (the admin engine on the same database) revokes and publishes at once
      WebFixture.Customer c = web.enroll("fx-forward");
      AcquisitionResult r = web.admin.acquisition().acquire(AcquisitionRequest.of(c.userId(),
          c.service(), Secret.of(c.temporaryPassword()), Secret.of(c.acquisitionPassword())));
      BigInteger serial = ((AcquisitionResult.Acquired) r).serial();
      web.admin.operator("branch-001").revoke(serial, RevocationReason.KEY_COMPROMISE);
      Crl onDemand = web.admin.crl().issue();

      HttpResponse<byte[]> newest = http.send(HttpRequest.newBuilder(crlUri).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(newest.statusCode()).isEqualTo(200);
      assertThat(newest.body()).isEqualTo(onDemand.der());
      assertThat(parse(newest.body()).getRevokedCertificate(serial)).isNotNull();

      HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(crlUri)
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  /** The host publishes in the background right after start; waits for it, at most a minute. */
  private static HttpResponse<byte[]> awaitCrl(HttpClient http, URI uri) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 200 || System.nanoTime() > deadline) {
        assertThat(r.statusCode()).as("a CRL within a minute of start-up").isEqualTo(200);
        return r;
      }
      assertThat(r.statusCode()).isEqualTo(404);
      Thread.sleep(100);
    }
  }

  private static X509CRL parse(byte[] der) throws Exception {
    return (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(der));
  }
}
