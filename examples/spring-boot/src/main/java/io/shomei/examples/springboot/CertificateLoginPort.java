package io.shomei.examples.springboot;

import io.shomei.core.Shomei;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Certificate login on a port of its own (MISSION L1&ndash;L2): a second HTTPS connector, the only
 * one that asks the browser for a client certificate. The pages' connector ({@code server.port})
 * never does, so a browser with certificates installed shows its chooser only after
 * [電子証明書ログイン], never on the login or acquisition page. A bank does the same with a separate
 * host name.
 *
 * <p>{@code shomei.login-port} sets the port (default: {@code server.port + 1}, or a free port when
 * {@code server.port} is 0). The connector listens on {@code server.address}, with the keys of the
 * {@code server.ssl.bundle} bundle, the same protocols and suites as the pages' connector
 * ({@link ServerTls}), client authentication <em>wanted</em>, and Shomei's
 * {@link Shomei#clientTrustManager()}. Both connectors serve the same application: the start page's
 * form posts to this connector, the browser stays on it from the certificate step to logout (the
 * session's certificate check needs the certificate on every request of the login), and the session
 * cookie and CSRF token are shared (cookies are not bound to a port).
 *
 * <p>Behind a TLS terminator ({@code server.ssl.enabled=false}, {@link BehindProxy}) there is no
 * second connector: the proxy's configuration decides where the browser is asked.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "server.ssl.enabled", havingValue = "true", matchIfMissing = true)
public class CertificateLoginPort {
  private final AtomicReference<@Nullable Connector> connector = new AtomicReference<>();
  private final String host;

  /**
   * Creates the configuration.
   *
   * @param address {@code server.address}, the interface both connectors listen on
   */
  public CertificateLoginPort(@Value("${server.address:127.0.0.1}") String address) {
    this.host = address.contains(":") ? "[" + address + "]" : address;
  }

  /**
   * Adds the certificate-login connector to Tomcat.
   *
   * @param shomei the engine, whose trust manager lets every client chain through to Shomei
   * @param bundles the SSL bundles
   * @param bundleName the server's bundle, {@code server.ssl.bundle}
   * @param serverPort {@code server.port}
   * @param properties the host's properties: {@code shomei.login-port}, or -1 for
   *     {@code server.port + 1}
   * @param random the CSPRNG
   * @return the customizer
   */
  @Bean
  public WebServerFactoryCustomizer<TomcatServletWebServerFactory> certificateLoginConnector(
      Shomei shomei, SslBundles bundles,
      @Value("${server.ssl.bundle:" + ServerTls.BUNDLE + "}") String bundleName,
      @Value("${server.port:8080}") int serverPort,
      ShomeiProperties properties, SecureRandom random) {
    int loginPort = properties.loginPort();
    return factory -> {
      int port = loginPort >= 0 ? loginPort : serverPort == 0 ? 0 : serverPort + 1;
      Connector c = new Connector(Http11NioProtocol.class.getName());
      c.setScheme("https");
      c.setSecure(true);
      c.setPort(port);
      Http11NioProtocol protocol = (Http11NioProtocol) c.getProtocolHandler();
      InetAddress address = factory.getAddress();
      if (address != null) {
        protocol.setAddress(address);
      }
      protocol.setSSLEnabled(true);
      SSLHostConfig tls = new SSLHostConfig();
      tls.setHostName("_default_"); // the host configuration for every SNI name
      tls.setProtocols("+" + String.join(",+", ServerTls.PROTOCOLS));
      tls.setCiphers(String.join(",", ServerTls.CIPHER_SUITES));
      tls.setHonorCipherOrder(true);
      // "optional": the certificate is asked for in the handshake, a connection without one is
      // still served (the certificate step then refuses with a typed reason)
      tls.setCertificateVerification("optional");
      SslBundle bundle = bundles.getBundle(bundleName);
      SSLHostConfigCertificate certificate =
          new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.UNDEFINED);
      certificate.setSslContext(TomcatSslContext.of(bundle.getProtocol(),
          bundle.getManagers().getKeyManagers(), shomei.clientTrustManager(), random));
      tls.addCertificate(certificate);
      protocol.addSslHostConfig(tls);
      factory.addAdditionalTomcatConnectors(c);
      connector.set(c);
    };
  }

  /**
   * The origin the start page's certificate-login form posts to, for example
   * {@code https://127.0.0.1:8444}; known once the server started.
   *
   * @return the origin
   * @throws IllegalStateException before the connector is bound
   */
  public String origin() {
    return "https://" + host + ":" + port();
  }

  /**
   * Whether the connector is bound (false before the server started, and in an application
   * context without a web server).
   *
   * @return {@code true} once {@link #port()} answers
   */
  public boolean bound() {
    Connector c = connector.get();
    return c != null && c.getLocalPort() > 0;
  }

  /**
   * The port the connector is bound to.
   *
   * @return the local port
   * @throws IllegalStateException before the connector is bound
   */
  public int port() {
    Connector c = connector.get();
    int local = c == null ? -1 : c.getLocalPort();
    if (local <= 0) {
      throw new IllegalStateException("the certificate-login connector is not bound yet");
    }
    return local;
  }
}
