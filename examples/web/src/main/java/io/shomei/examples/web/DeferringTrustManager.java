package io.shomei.examples.web;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS layer's trust manager for client certificates: it names the trust anchors of every
 * service in the handshake's list of accepted CAs (so browsers offer the right certificates), and
 * leaves the trust decision to the SDK.
 *
 * <p>Why not let JSSE validate the chain? Because JSSE then ends the handshake with a
 * {@code bad_certificate} alert, which a browser shows as an opaque connection error. Here the
 * handshake completes and {@code CertificateAcceptance} in the SDK validates the chain against the
 * anchors of the service the customer logs in to, with its own checks (algorithms, key sizes,
 * extended key usage, the bank's record of the certificate), and the page says in words what is
 * wrong ("not issued by this bank", "replaced by a newer certificate", ...).
 *
 * <p>This is safe because JSSE still verifies the client's {@code CertificateVerify} signature, so
 * a presented certificate always comes with proof of its private key, and nothing in this
 * application reads the peer certificate except through the SDK's login flow. A server certificate
 * is never checked with this manager: it refuses.
 */
final class DeferringTrustManager extends X509ExtendedTrustManager {
  private final X509Certificate[] acceptedIssuers;

  DeferringTrustManager(List<X509Certificate> acceptedIssuers) {
    this.acceptedIssuers = acceptedIssuers.toArray(new X509Certificate[0]);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("empty client certificate chain");
    }
    // the trust decision is the SDK's (see the class comment)
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
    return acceptedIssuers.clone();
  }
}
