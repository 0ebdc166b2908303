package io.shomei.examples.springboot;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust manager of the HTTPS connector (Tomcat instantiates it by class name, through
 * {@code SSLHostConfig.setTrustManagerClassName}). It lets every client chain through the handshake
 * and validates nothing itself: the chain reaches the application as the request attribute
 * {@code jakarta.servlet.request.X509Certificate}, and {@link CertificateLoginFilter} hands it to
 * Shomei, which validates the path against the trust anchors of the service being logged in to,
 * maps the subject from its DER, and binds the certificate to the account's active one.
 *
 * <h2>Security</h2>
 *
 * <ul>
 *   <li>Possession is still proven: TLS verifies the client's CertificateVerify signature with the
 *       presented certificate's key whatever this class says.
 *   <li>Nothing but {@link CertificateLoginFilter} reads the client chain, and it reads it only
 *       through Shomei. Do not add another consumer of the request attribute that trusts it.
 *   <li>It refuses to judge server certificates: it must never be used on the client side.
 * </ul>
 */
public final class PassThroughClientTrustManager extends X509ExtendedTrustManager {
  private static volatile List<X509Certificate> acceptedIssuers = List.of();

  /** Called by Tomcat. */
  public PassThroughClientTrustManager() {}

  /**
   * Sets the CA certificates sent to clients as acceptable issuers (the union of the services'
   * trust anchors), so that browsers and TLS clients offer the bank's certificates. Advisory only.
   *
   * @param anchors the anchors
   */
  static void advertise(List<X509Certificate> anchors) {
    acceptedIssuers = List.copyOf(anchors);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    requireChain(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    requireChain(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    requireChain(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager judges no server certificate");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("this trust manager judges no server certificate");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("this trust manager judges no server certificate");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptedIssuers.toArray(new X509Certificate[0]);
  }

  private static void requireChain(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("empty client certificate chain");
    }
  }
}
