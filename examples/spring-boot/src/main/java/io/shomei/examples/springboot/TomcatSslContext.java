package io.shomei.examples.springboot;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A ready JSSE {@link javax.net.ssl.SSLContext} in the shape Tomcat accepts through
 * {@code SSLHostConfigCertificate.setSslContext}: the way to give Tomcat a trust manager
 * <em>instance</em> (Shomei's {@code clientTrustManager()}).
 *
 * <p>Why an adapter: Tomcat 10.1 takes a trust manager either by class name
 * ({@code SSLHostConfig.setTrustManagerClassName}, instantiated with no arguments, so its
 * configuration would have to live in a static field) or inside a whole context of its own
 * interface {@code org.apache.tomcat.util.net.SSLContext}; its only JSSE implementation is
 * package-private. Spring Boot 3.5 hands an SSL bundle to Tomcat as key and trust <em>stores</em>
 * only, so a trust manager put into a bundle's managers never reaches Tomcat. This class is the
 * few lines between the two.
 *
 * <p>Tomcat never initializes a context it is given, so {@link #init} refuses.
 */
final class TomcatSslContext implements org.apache.tomcat.util.net.SSLContext {
  private final javax.net.ssl.SSLContext context;
  private final @Nullable X509KeyManager keys;
  private final X509TrustManager trust;

  private TomcatSslContext(javax.net.ssl.SSLContext context, @Nullable X509KeyManager keys,
      X509TrustManager trust) {
    this.context = context;
    this.keys = keys;
    this.trust = trust;
  }

  /**
   * Builds and initializes a JSSE context with the server's keys and the given trust manager.
   *
   * @param protocol the JSSE protocol name, normally {@code TLS}
   * @param keys the server's key managers
   * @param trust the trust manager for client certificates
   * @param random the CSPRNG
   * @return the context, for {@code SSLHostConfigCertificate.setSslContext}
   * @throws IllegalStateException if the JSSE provider refuses the protocol or the managers
   */
  static TomcatSslContext of(String protocol, KeyManager[] keys, X509TrustManager trust,
      SecureRandom random) {
    Objects.requireNonNull(trust, "trust");
    try {
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance(protocol);
      context.init(keys.clone(), new TrustManager[] {trust}, random);
      X509KeyManager x509 = null;
      for (KeyManager k : keys) {
        if (k instanceof X509KeyManager m) {
          x509 = m;
          break;
        }
      }
      return new TomcatSslContext(context, x509, trust);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the TLS context", e);
    }
  }

  @Override
  public void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr)
      throws KeyManagementException {
    throw new KeyManagementException("this context is initialized when it is made");
  }

  @Override
  public void destroy() {
    // nothing to release: the JSSE context holds no native resources
  }

  @Override
  public SSLSessionContext getServerSessionContext() {
    return context.getServerSessionContext();
  }

  @Override
  public SSLEngine createSSLEngine() {
    return context.createSSLEngine();
  }

  @Override
  public SSLServerSocketFactory getServerSocketFactory() {
    return context.getServerSocketFactory();
  }

  @Override
  public SSLParameters getSupportedSSLParameters() {
    return context.getSupportedSSLParameters();
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    return keys == null ? null : keys.getCertificateChain(alias);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return trust.getAcceptedIssuers();
  }

  @Override
  public String toString() {
    return "TomcatSslContext[" + context.getProtocol() + ", " + trust + "]";
  }
}
