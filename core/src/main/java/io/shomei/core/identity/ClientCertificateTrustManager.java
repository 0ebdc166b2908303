package io.shomei.core.identity;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager a host's TLS server uses for client certificates when Shomei decides the
 * trust: the handshake completes with any client chain, and {@link CertificateAcceptance} (through
 * {@code Shomei.login()} or {@code Shomei.certificates()}) validates it against the anchors of the
 * service the customer logs in to. Obtain one from {@code Shomei.clientTrustManager()}, which
 * names the anchors of every configured service that are current at each handshake as the
 * acceptable issuers (so that browsers offer the bank's certificates that can still log in).
 *
 * <h2>Why not let the TLS stack validate the chain</h2>
 *
 * <p>It would end the handshake with a {@code bad_certificate} alert, which a browser shows as an
 * opaque connection error, and it knows neither the service being logged in to nor the bank's
 * record of the certificate. Here the page can say in words what is wrong (not issued by this
 * bank, replaced by a newer certificate, revoked...).
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Possession is still proven: TLS verifies the client's {@code CertificateVerify} signature
 *       with the presented certificate's key whatever a trust manager says.
 *   <li>An empty client chain is refused here.
 *   <li>It refuses to judge a server certificate, so it cannot be misused on the client side of a
 *       connection.
 *   <li>It is only safe if nothing but Shomei reads the client chain the TLS layer hands over:
 *       a host that trusts the chain anywhere else trusts an unvalidated certificate.
 * </ul>
 *
 * @since 0.2.0
 */
public final class ClientCertificateTrustManager extends X509ExtendedTrustManager {
  private final Supplier<? extends List<X509Certificate>> acceptedIssuers;

  /**
   * A trust manager that names the given CA certificates as acceptable issuers.
   *
   * @param acceptedIssuers sent to clients as the acceptable issuers; advisory only
   */
  public ClientCertificateTrustManager(List<X509Certificate> acceptedIssuers) {
    List<X509Certificate> fixed = List.copyOf(acceptedIssuers);
    this.acceptedIssuers = () -> fixed;
  }

  private ClientCertificateTrustManager(Supplier<? extends List<X509Certificate>> current) {
    this.acceptedIssuers = current;
  }

  /**
   * A trust manager whose acceptable issuers are asked for at every handshake: the TLS stack
   * calls {@link #getAcceptedIssuers()} when it writes a certificate request (the
   * {@code certificate_authorities} of TLS 1.2 and 1.3), so the names follow a dated rollover
   * of the trust anchors at the second of the cut-over, with no restart and no new
   * {@code SSLContext}. {@code Shomei.clientTrustManager()} gives one that names the anchors
   * current at its clock's instant.
   *
   * @param current the CA certificates to name now, for example
   *     {@code () -> acceptance.trustAnchorsAt(clock.instant())}; called once per handshake,
   *     so it must be cheap and thread-safe
   * @return the trust manager
   * @since 0.2.0
   */
  public static ClientCertificateTrustManager following(
      Supplier<? extends List<X509Certificate>> current) {
    return new ClientCertificateTrustManager(Objects.requireNonNull(current, "current"));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("empty client certificate chain");
    }
    // the trust decision is Shomei's, per service (see the class comment)
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager checks client certificates only");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return List.copyOf(acceptedIssuers.get()).toArray(new X509Certificate[0]);
  }

  @Override
  public String toString() {
    return "ClientCertificateTrustManager[" + acceptedIssuers.get().size()
        + " acceptable issuers now]";
  }
}
