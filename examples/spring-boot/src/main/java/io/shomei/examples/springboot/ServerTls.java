package io.shomei.examples.springboot;

import io.shomei.core.Shomei;
import io.shomei.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.web.embedded.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTPS connector: the server's own TLS key and certificate, and client authentication
 * <em>wanted</em> with every client chain passed through to Shomei.
 *
 * <p>{@code application.properties} sets {@code server.ssl.bundle=shomei-server} and
 * {@code server.ssl.client-auth=want}. The bundle is registered here from {@code server.p12} in the
 * data directory, a self-signed certificate for {@code localhost} and {@code 127.0.0.1} created on
 * first start (its PEM is written beside it, for {@code curl --cacert}). A bank replaces the bundle
 * with its real server certificate ({@code spring.ssl.bundle.*} properties) and keeps the rest.
 * The bundle allows TLS 1.3 and 1.2 only, with ECDHE and AEAD suites only ({@link #CIPHER_SUITES}).
 */
@Configuration(proxyBeanMethods = false)
public class ServerTls {
  /** The SSL bundle name {@code server.ssl.bundle} refers to. */
  public static final String BUNDLE = "shomei-server";

  static final String KEYSTORE = "server.p12";
  static final String CERTIFICATE_PEM = "server-certificate.pem";
  /** TLS 1.3 and 1.2 only. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /**
   * Forward secrecy and authenticated encryption only: the TLS 1.3 suites, and for TLS 1.2 ECDHE
   * with AES-GCM or ChaCha20-Poly1305 (no CBC, no RSA key exchange), for an ECDSA or an RSA key.
   */
  static final String[] CIPHER_SUITES = {
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};

  private static final String ALIAS = "server";
  private static final Duration VALIDITY = Duration.ofDays(397);
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  /**
   * Registers the server's key and certificate as the {@value #BUNDLE} bundle, creating them on
   * first start (and again when the certificate is about to expire).
   *
   * @param dir the data directory
   * @param clock dates the certificate
   * @param random generates the key
   * @return the registrar
   */
  @Bean
  public SslBundleRegistrar shomeiServerSslBundle(DataDirectory dir, Clock clock,
      SecureRandom random) {
    return registry -> {
      try (Secret password = dir.password("server-password.txt", random)) {
        KeyStore keyStore = loadOrCreate(dir, password, clock, random);
        registry.registerBundle(BUNDLE,
            SslBundle.of(SslStoreBundle.of(keyStore, new String(password.toCharArray()), null),
                null, SslOptions.of(CIPHER_SUITES, PROTOCOLS)));
      }
    };
  }

  /**
   * Lets every client certificate chain through the TLS handshake with Shomei's
   * {@link Shomei#clientTrustManager()}, so that Shomei, not the TLS stack, decides whether it is
   * acceptable for the service being logged in to (each service has its own trust anchors, which
   * one TLS trust store cannot express). The handshake still proves that the client holds the
   * private key of the certificate it presents.
   *
   * <p>Each of the connector's TLS host configurations gets a ready context
   * ({@link TomcatSslContext}) with the keys of the {@code server.ssl.bundle} bundle and that trust
   * manager. A bundle reloaded at run time ({@code spring.ssl.bundle.*.reload-on-update}) would
   * replace the host configuration without it: the example does not enable reloading.
   *
   * @param shomei the engine, whose trust manager names every service's anchors as acceptable
   *     issuers
   * @param bundles the SSL bundles
   * @param bundleName the server's bundle, {@code server.ssl.bundle}
   * @param random the CSPRNG
   * @return the customizer
   */
  @Bean
  public TomcatConnectorCustomizer clientCertificatesToShomei(Shomei shomei, SslBundles bundles,
      @Value("${server.ssl.bundle:" + BUNDLE + "}") String bundleName, SecureRandom random) {
    return (Connector connector) -> {
      if (!(connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol)) {
        return;
      }
      SslBundle bundle = bundles.getBundle(bundleName);
      for (SSLHostConfig host : protocol.findSslHostConfigs()) {
        for (SSLHostConfigCertificate certificate : host.getCertificates(true)) {
          certificate.setSslContext(TomcatSslContext.of(bundle.getProtocol(),
              bundle.getManagers().getKeyManagers(), shomei.clientTrustManager(), random));
        }
      }
    };
  }

  private static KeyStore loadOrCreate(DataDirectory dir, Secret password, Clock clock,
      SecureRandom random) {
    Path file = dir.file(KEYSTORE);
    char[] pw = password.toCharArray();
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          keyStore.load(in, pw);
        }
        Certificate c = keyStore.getCertificate(ALIAS);
        if (c instanceof X509Certificate x
            && x.getNotAfter().toInstant().isAfter(clock.instant().plus(Duration.ofDays(1)))) {
          return keyStore;
        }
        LOG.info("the server certificate in {} expires: making a new one", file);
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keyPair = generator.generateKeyPair();
      X509Certificate certificate = selfSigned(keyPair, clock.instant(), random);
      keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(ALIAS, keyPair.getPrivate(), pw, new Certificate[] {certificate});
      Path tmp = dir.file(KEYSTORE + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        keyStore.store(out, pw);
      }
      DataDirectory.ownerOnly(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.writeString(dir.file(CERTIFICATE_PEM), pem(certificate), StandardCharsets.US_ASCII);
      DataDirectory.ownerOnly(dir.file(CERTIFICATE_PEM));
      LOG.info("created the server's TLS certificate (localhost, 127.0.0.1) in {}", file);
      return keyStore;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the server's TLS key", e);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  private static X509Certificate selfSigned(KeyPair keyPair, Instant now, SecureRandom random)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name subject = new X500Name("CN=localhost,O=Shomei Spring Boot example");
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(127, random).setBit(126), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
        new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")}));
    PrivateKey key = keyPair.getPrivate();
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static String pem(X509Certificate certificate) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    }
    return text.toString();
  }
}
