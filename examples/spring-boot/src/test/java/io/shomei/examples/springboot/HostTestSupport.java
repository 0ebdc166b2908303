package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.Shomei;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.password.LetterFields;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application on random ports of 127.0.0.1, HTTPS (client authentication wanted on the
 * certificate-login port only), an
 * in-memory H2 database and a software CA created in a fresh data directory under {@code target/}.
 * Every test class extending this shares one application context (Spring caches it).
 *
 * <p>Voluntary re-acquisition is on here, so that a test can supersede a certificate without
 * waiting for a campaign, and a replaced certificate is revoked only at the first login with its
 * successor ({@code AT_FIRST_LOGIN}), so that a test sees it SUPERSEDED first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "server.address=127.0.0.1",
    "shomei.demo-customer=false",
    "shomei.voluntary-reacquisition=true",
    "shomei.retirement-policy=AT_FIRST_LOGIN",
    "spring.datasource.url=jdbc:h2:mem:shomei-spring-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
    "logging.level.root=WARN",
    // every test comes from 127.0.0.1: edge limits far above what the tests send
    // (EdgeThrottleTest checks the real limits)
    "shomei.edge.per-source=100000", "shomei.edge.per-user=100000"})
abstract class HostTestSupport {
  static final String FORWARD = "fx-forward";
  static final String OTHER = "fx-other";
  static final Path DATA = dataDirectory();

  @LocalServerPort int port;
  @Autowired Shomei shomei;
  /** The certificate-login connector; none behind a proxy ({@code server.ssl.enabled=false}). */
  @Autowired ObjectProvider<CertificateLoginPort> loginPorts;

  @DynamicPropertySource
  static void dataDirectory(DynamicPropertyRegistry registry) {
    registry.add("shomei.data-dir", DATA::toString);
  }

  private static Path dataDirectory() {
    try {
      Path target = Path.of("target").toAbsolutePath();
      Files.createDirectories(target);
      return Files.createTempDirectory(target, "spring-boot-test-data-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bank's letter, as plain strings (a test plays the customer who reads it). */
  record Letter(String userId, String service, String temporaryPassword, String acquisitionPassword) {}

  /** A PKCS#12 file made by Shomei, opened with the acquisition password. */
  record ClientCertificate(KeyStore keyStore, String password, X509Certificate certificate) {}

  URI base() {
    return URI.create("https://127.0.0.1:" + port + "/");
  }

  Browser browser() {
    return new Browser(base(), DATA.resolve(ServerTls.CERTIFICATE_PEM), null, null);
  }

  /** The certificate-login connector, the only one that asks for a client certificate. */
  CertificateLoginPort loginPort() {
    return loginPorts.getObject();
  }

  /** The certificate-login connector's base address. */
  URI loginBase() {
    return URI.create(loginPort().origin() + "/");
  }

  /** A browser with a certificate installed, on the certificate-login port (L1 onwards). */
  Browser browser(ClientCertificate certificate) {
    return browser(certificate.keyStore(), certificate.password().toCharArray());
  }

  /** A browser with a certificate installed, on the certificate-login port (L1 onwards). */
  Browser browser(KeyStore keys, char[] password) {
    return new Browser(loginBase(), DATA.resolve(ServerTls.CERTIFICATE_PEM), keys, password);
  }

  /** A browser with a certificate installed, on the pages' port (login and acquisition pages). */
  Browser pagesBrowser(ClientCertificate certificate) {
    return new Browser(base(), DATA.resolve(ServerTls.CERTIFICATE_PEM), certificate.keyStore(),
        certificate.password().toCharArray());
  }

  /** A TLS client context that trusts the server's certificate and presents none. */
  static SSLContext trustingServer() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(DATA.resolve(ServerTls.CERTIFICATE_PEM))) {
        trust.setCertificateEntry("server",
            CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The services' client CAs as one PEM file in {@code dir}: what a TLS terminator's
   * client-certificate request names ({@code @CLIENT_CA@} of the shipped proxy configurations).
   */
  Path clientCas(Path dir) throws IOException, GeneralSecurityException {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : shomei.clientTrustManager().getAcceptedIssuers()) {
      b.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    Files.createDirectories(dir);
    Path f = dir.resolve("client-cas.pem");
    Files.writeString(f, b.toString(), StandardCharsets.US_ASCII);
    return f;
  }

  Letter enroll(String userId, String service) {
    EnrollmentResult result = shomei.enrollment().enroll(userId, service);
    assertThat(result).isInstanceOf(EnrollmentResult.Enrolled.class);
    try (LetterFields letter = ((EnrollmentResult.Enrolled) result).letter()) {
      return new Letter(userId, service, new String(letter.temporaryPassword().toCharArray()),
          new String(letter.acquisitionPassword().toCharArray()));
    }
  }

  /** Acquires a certificate through the web form and downloads the PKCS#12 (MISSION A1-A5). */
  ClientCertificate acquire(Letter letter, String loginPassword) {
    Browser b = browser();
    assertThat(b.get("/acquire").status()).isEqualTo(200);
    Browser.Page issued = b.post("/acquire", Map.of("service", letter.service(),
        "userId", letter.userId(), "password", loginPassword,
        "acquisitionPassword", letter.acquisitionPassword()));
    assertThat(issued.status()).as(issued.body()).isEqualTo(200);
    assertThat(issued.body()).contains("id=\"issued\"");
    Browser.Page file = b.post("/acquire/download", Map.of());
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Type")).hasValue("application/x-pkcs12");
    assertThat(file.headers().firstValue("Content-Disposition").orElse(""))
        .startsWith("attachment").contains(".p12");
    char[] password = letter.acquisitionPassword().toCharArray();
    try {
      KeyStore p12 = KeyStore.getInstance("PKCS12");
      p12.load(new ByteArrayInputStream(file.bytes()), password);
      String alias = p12.aliases().nextElement();
      return new ClientCertificate(p12, letter.acquisitionPassword(),
          (X509Certificate) p12.getCertificate(alias));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a certificate login for a service: the result is the password page or a refusal. */
  static Browser.Page certificateStep(Browser b, String service) {
    assertThat(b.get("/").status()).isEqualTo(200);
    return b.post("/login/certificate", Map.of("service", service));
  }

  /** Certificate, temporary password and first-login change: ends on the landing page. */
  static Browser.Page firstLogin(Browser b, Letter letter, String newPassword) {
    assertThat(certificateStep(b, letter.service()).path()).isEqualTo("/login/password");
    Browser.Page change = b.post("/login/password", Map.of("password", letter.temporaryPassword()));
    assertThat(change.path()).isEqualTo("/login/change");
    Browser.Page home = b.post("/login/change", Map.of(
        "newPassword", newPassword, "confirmation", newPassword));
    assertThat(home.path()).isEqualTo("/home");
    return home;
  }
}
