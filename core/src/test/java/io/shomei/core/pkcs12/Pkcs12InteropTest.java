package io.shomei.core.pkcs12;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.shomei.spi.Secret;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.custody.SoftwareKeyCustody;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuanceResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.issue.KeyType;
import io.shomei.core.testkit.Csrs;
import io.shomei.testing.MutableClock;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every profile and key type against the real consumers: OpenSSL 3 (no {@code -legacy}), NSS
 * {@code pk12util}, GnuTLS {@code certtool}, JDK {@code keytool}, and curl doing mTLS against a JDK
 * {@code HttpsServer} on 127.0.0.1. Skipped without the tools, failed under {@code CI=true}.
 */
class Pkcs12InteropTest {
  static final String PW = "Otp-4711-xyz.K9";
  static final String USER = "12345678";
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  static @Nullable Path caDir;
  static @Nullable SoftwareKeyCustody ca;
  static @Nullable HttpsServer server;
  static @Nullable Path serverPem;

  @TempDir Path dir;

  @BeforeAll
  static void startCaAndServer() throws Exception {
    caDir = Files.createTempDirectory("shomei-interop");
    ca = SoftwareKeyCustody.createRoot(caDir.resolve("ca.p12"), Secret.of("ca-pw"), "ca",
        RootCaSpec.of("CN=Interop Test Root,O=Example Bank,C=JP"),
        MutableClock.at(Instant.now().minusSeconds(3600)), new SecureRandom());

    KeyPair serverKey = Csrs.ec("secp256r1");
    X500Name name = new X500Name("CN=127.0.0.1");
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
        Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plusSeconds(86400)),
        name, serverKey.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    X509Certificate serverCert = new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(serverKey.getPrivate())));
    serverPem = caDir.resolve("server.pem");
    Files.writeString(serverPem, pem(serverCert));

    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", serverKey.getPrivate(), "x".toCharArray(),
        new Certificate[] {serverCert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(keys, "x".toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());

    // 127.0.0.1 exactly (the certificate's IP SAN), from its bytes: no name lookup
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    HttpsServer s = HttpsServer.create(new InetSocketAddress(loopback, 0), 10);
    s.setHttpsConfigurator(new HttpsConfigurator(ssl) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters sp = getSSLContext().getDefaultSSLParameters();
        sp.setWantClientAuth(true);
        params.setSSLParameters(sp);
      }
    });
    s.createContext("/", ex -> {
      String body;
      try {
        X509Certificate peer =
            (X509Certificate) ((HttpsExchange) ex).getSSLSession().getPeerCertificates()[0];
        body = "CLIENT-CERT " + peer.getSubjectX500Principal().getName() + "\n";
      } catch (SSLPeerUnverifiedException e) {
        body = "NO-CLIENT-CERT\n";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    s.start();
    server = s;
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @BeforeEach
  void requireTools() {
    Components.require(Component.OPENSSL, Component.NSS_TOOLS, Component.GNUTLS_CERTTOOL,
        Component.CURL);
  }

  static Stream<Arguments> cases() {
    return Stream.of(Pkcs12Profile.values()).flatMap(p -> Stream.of(KeyType.RSA_2048,
        KeyType.RSA_3072, KeyType.EC_P256, KeyType.EC_P384).map(k -> Arguments.of(p, k)));
  }

  static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  static ProcessRunner.Result run(String... command) {
    return ProcessRunner.run(List.of(command), TIMEOUT);
  }

  static String all(ProcessRunner.Result r) {
    return r.stdout() + r.stderr();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void everyConsumerReadsTheFile(Pkcs12Profile profile, KeyType keyType) throws Exception {
    SoftwareKeyCustody custody = java.util.Objects.requireNonNull(ca);
    CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(custody)
        .clock(java.time.Clock.systemUTC()).build();
    CertificateProfile cp = CertificateProfile.builder("interop", "fx-forward",
        "1.3.6.1.4.1.99999.1.1").keyType(keyType).organization("Example Bank").country("JP")
        .build();
    IssuedCertificate ic =
        ((IssuanceResult.Issued) issuer.issueWithGeneratedKey(cp, USER)).certificate();
    Pkcs12File file = ((Pkcs12Result.Packaged) Pkcs12Packager.builder().profile(profile).build()
        .pack(ic, Secret.of(PW))).file();
    Path p12 = dir.resolve("client.p12");
    Files.write(p12, file.bytes());
    Path leafPem = dir.resolve("leaf.pem");
    Files.writeString(leafPem, pem(ic.certificate()));
    Path rootPem = dir.resolve("root.pem");
    Files.writeString(rootPem, pem(custody.certificate()));

    // OpenSSL 3 without -legacy: structure, then full decryption (key + leaf + root).
    ProcessRunner.Result info = run("openssl", "pkcs12", "-info", "-noout", "-in", p12.toString(),
        "-passin", "pass:" + PW);
    assertThat(info.exitCode()).as(all(info)).isZero();
    if (profile == Pkcs12Profile.COMPAT) {
      assertThat(all(info)).contains("MAC: sha1, Iteration 2048")
          .contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048")
          .contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048");
    } else {
      assertThat(all(info)).contains("MAC: sha256, Iteration 2048")
          .contains("salt length: 8")
          .contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF"
              + " hmacWithSHA256")
          .contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF"
              + " hmacWithSHA256");
    }
    ProcessRunner.Result dump = run("openssl", "pkcs12", "-in", p12.toString(), "-passin",
        "pass:" + PW, "-nodes");
    assertThat(dump.exitCode()).as(all(dump)).isZero();
    assertThat(dump.stdout().split("-----BEGIN ", -1)).hasSize(4);
    assertThat(dump.stdout()).contains("BEGIN PRIVATE KEY").contains("friendlyName: " + USER);

    // OpenSSL chain check for a TLS client.
    ProcessRunner.Result verify = run("openssl", "verify", "-purpose", "sslclient", "-CAfile",
        rootPem.toString(), leafPem.toString());
    assertThat(verify.exitCode()).as(all(verify)).isZero();
    assertThat(verify.stdout()).contains(": OK");

    // NSS: import into a fresh database; key and certificate arrive under the friendly name.
    Path db = Files.createDirectory(dir.resolve("nssdb"));
    run("certutil", "-N", "-d", "sql:" + db, "--empty-password").requireSuccess();
    ProcessRunner.Result imp = run("pk12util", "-i", p12.toString(), "-d", "sql:" + db, "-W", PW);
    assertThat(imp.exitCode()).as(all(imp)).isZero();
    assertThat(run("certutil", "-L", "-d", "sql:" + db).requireSuccess().stdout())
        .contains(USER).contains("Interop Test Root");
    assertThat(run("certutil", "-K", "-d", "sql:" + db).requireSuccess().stdout()).contains(USER);

    // GnuTLS.
    ProcessRunner.Result gnutls = run("certtool", "--p12-info", "--inder", "--infile",
        p12.toString(), "--password", PW);
    assertThat(gnutls.exitCode()).as(all(gnutls)).isZero();
    assertThat(all(gnutls)).contains("BEGIN CERTIFICATE").contains("PRIVATE KEY");

    // JDK keytool.
    ProcessRunner.Result kt = run("keytool", "-list", "-storetype", "PKCS12", "-keystore",
        p12.toString(), "-storepass", PW);
    assertThat(kt.exitCode()).as(all(kt)).isZero();
    assertThat(kt.stdout()).contains(USER).contains("PrivateKeyEntry");

    // curl mTLS: the server sees exactly the issued certificate.
    String url = "https://127.0.0.1:" + java.util.Objects.requireNonNull(server).getAddress()
        .getPort() + "/";
    ProcessRunner.Result curl = run("curl", "-sS", "--max-time", "30", "--cacert",
        String.valueOf(serverPem), "--cert", p12 + ":" + PW, "--cert-type", "P12", url);
    assertThat(curl.exitCode()).as(all(curl)).isZero();
    assertThat(curl.stdout().strip())
        .isEqualTo("CLIENT-CERT " + ic.certificate().getSubjectX500Principal().getName());
    file.destroy();
  }

  @Test
  void serverReallyAsksForTheCertificate() {
    ProcessRunner.Result curl = run("curl", "-sS", "--max-time", "30", "--cacert",
        String.valueOf(serverPem), "https://127.0.0.1:"
            + java.util.Objects.requireNonNull(server).getAddress().getPort() + "/");
    assertThat(curl.exitCode()).as(all(curl)).isZero();
    assertThat(curl.stdout().strip()).isEqualTo("NO-CLIENT-CERT");
  }

  @Test
  void wrongPasswordIsRejectedByOpenSsl() throws IOException {
    SoftwareKeyCustody custody = java.util.Objects.requireNonNull(ca);
    CertificateIssuer issuer = CertificateIssuer.builder().keyCustody(custody)
        .clock(java.time.Clock.systemUTC()).build();
    IssuedCertificate ic = ((IssuanceResult.Issued) issuer.issueWithGeneratedKey(
        CertificateProfile.builder("i", "s", "1.2.3").build(), USER)).certificate();
    Path p12 = dir.resolve("c.p12");
    Files.write(p12, ((Pkcs12Result.Packaged) Pkcs12Packager.builder().build()
        .pack(ic, Secret.of(PW))).file().bytes());
    ProcessRunner.Result r = run("openssl", "pkcs12", "-info", "-noout", "-in", p12.toString(),
        "-passin", "pass:not-the-password");
    assertThat(r.exitCode()).isNotZero();
    assertThat(all(r)).contains("Mac verify error");
  }
}
