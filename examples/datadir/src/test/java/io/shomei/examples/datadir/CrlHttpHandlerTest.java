package io.shomei.examples.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.shomei.core.Crl;
import io.shomei.core.CrlPublisher;
import io.shomei.core.IssuingCa;
import io.shomei.core.ServiceSettings;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.PasswordHasher;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CRL distribution points of {@link CrlHttpHandler} on 127.0.0.1: {@code /crl/<keyId>} per
 * issuing CA, each serving that CA's newest CRL; the bare {@code /crl} for an engine with one CA,
 * and a 404 naming the per-CA paths for an engine with several.
 */
class CrlHttpHandlerTest {
  static final TestCa OLD_CA = TestCa.root("Datadir Old Issuing CA");
  static final TestCa NEW_CA = TestCa.root("Datadir New Issuing CA G2");
  static final Instant CUT_OVER = Instant.parse("2021-02-23T15:00:00Z");
  static final String FX = "fx-forward";

  private final MutableClock clock = MutableClock.at(CUT_OVER.minusSeconds(3600));
  private final List<Runnable> stops = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  @AfterEach
  void stop() {
    for (int i = stops.size() - 1; i >= 0; i--) {
      stops.get(i).run();
    }
  }

  Shomei shomei(IssuingCa... cas) {
    Shomei.Builder b = Shomei.builder()
        .storage(new InMemoryStorage())
        .clock(clock)
        .zone(ZoneId.of("Asia/Tokyo"))
        .secureRandom(new SecureRandom())
        .passwordHasher(PasswordHasher.insecureForTestsOnly(new HashParameters.Argon2id(32, 1, 1),
            new SecureRandom()))
        .service(new ServiceSettings(FX,
            CertificateProfile.builder("fx-client", FX, "1.3.6.1.4.1.99999.1.1").build(),
            List.of(OLD_CA.certificate(), NEW_CA.certificate()), RuleSet.of()));
    for (IssuingCa ca : cas) {
      b.issuingCa(ca);
    }
    return b.build();
  }

  /** Serves the handler on 127.0.0.1 and returns the URI of its mount. */
  URI serve(CrlHttpHandler handler) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(
        InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    server.setExecutor(pool);
    server.createContext("/crl", handler);
    server.start();
    stops.add(() -> {
      server.stop(0);
      pool.shutdownNow();
    });
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/crl");
  }

  HttpResponse<byte[]> send(URI uri, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).method(method,
        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static X509CRL parse(byte[] der) throws Exception {
    return (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(der));
  }

  @Test
  void eachCaHasItsOwnCrlPathAndTheBarePathListsThemWhenThereAreSeveral() throws Exception {
    Shomei shomei = shomei(IssuingCa.of(OLD_CA).issuingUntil(CUT_OVER),
        IssuingCa.of(NEW_CA).issuingFrom(CUT_OVER));
    CrlHttpHandler handler = new CrlHttpHandler(shomei.crls(), "/crl", clock);
    URI crl = serve(handler);
    String oldId = shomei.issuingCas().get(0).keyId();
    String newId = shomei.issuingCas().get(1).keyId();
    assertThat(handler.paths()).containsExactly("/crl/" + oldId, "/crl/" + newId);

    // before any publication: 404 for a known CA
    assertThat(send(URI.create(crl + "/" + oldId), "GET").statusCode()).isEqualTo(404);

    Crl oldCrl = shomei.crl(oldId).orElseThrow().issue();
    clock.advance(Duration.ofSeconds(1));
    Crl newCrl = shomei.crl(newId).orElseThrow().issue();

    HttpResponse<byte[]> old = send(URI.create(crl + "/" + oldId), "GET");
    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.headers().firstValue("Content-Type")).hasValue(Crl.MEDIA_TYPE);
    assertThat(old.body()).isEqualTo(oldCrl.der());
    parse(old.body()).verify(OLD_CA.publicKey());

    HttpResponse<byte[]> fresh = send(URI.create(crl + "/" + newId), "GET");
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.body()).isEqualTo(newCrl.der());
    parse(fresh.body()).verify(NEW_CA.publicKey());
    assertThat(fresh.headers().firstValue("ETag"))
        .hasValue("\"" + newCrl.crlNumber().toString(16) + "\"");

    for (String bare : new String[] {"", "/"}) {
      HttpResponse<byte[]> listing = send(URI.create(crl + bare), "GET");
      assertThat(listing.statusCode()).as("bare %s", bare).isEqualTo(404);
      assertThat(new String(listing.body(), StandardCharsets.US_ASCII))
          .contains("/crl/" + oldId).contains("/crl/" + newId);
    }
    assertThat(send(URI.create(crl + "/0123abcd"), "GET").statusCode()).isEqualTo(404);
    assertThat(send(URI.create(crl + "/" + oldId + "/more"), "GET").statusCode())
        .isEqualTo(404);
    HttpResponse<byte[]> head = send(URI.create(crl + "/" + newId), "HEAD");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(send(URI.create(crl + "/" + newId), "POST").statusCode()).isEqualTo(405);
  }

  @Test
  void withOneCaTheBarePathServesItsCrlAsDoesItsKeyIdPath() throws Exception {
    Shomei shomei = shomei(IssuingCa.of(OLD_CA));
    URI crl = serve(new CrlHttpHandler(shomei.crls(), "/crl", clock));
    assertThat(send(crl, "GET").statusCode()).isEqualTo(404); // nothing published yet
    Crl published = shomei.crl().issue();
    String keyId = shomei.issuingCas().get(0).keyId();
    assertThat(send(crl, "GET").body()).isEqualTo(published.der());
    assertThat(send(URI.create(crl + "/" + keyId), "GET").body()).isEqualTo(published.der());
    assertThat(send(URI.create(crl + "/" + "ff" + keyId), "GET").statusCode()).isEqualTo(404);
  }

  @Test
  void aPublisherListWithoutPublishersOrWithOneCaTwiceIsRefused() {
    Shomei shomei = shomei(IssuingCa.of(OLD_CA));
    CrlPublisher only = shomei.crls().get(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new CrlHttpHandler(List.of(), "/crl", clock))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new CrlHttpHandler(List.of(only, only), "/crl", clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
