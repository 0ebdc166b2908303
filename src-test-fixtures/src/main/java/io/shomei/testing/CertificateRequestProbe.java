package io.shomei.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * What a browser is told by a TLS server that asks for a client certificate: one handshake, as a
 * client without a certificate, returning the CA names of the server's certificate request (the
 * names Windows and Chrome filter the certificate selection dialog by). The server is not
 * authenticated: a probe for tests on 127.0.0.1, never for a connection that carries data.
 *
 * @since 0.2.0
 */
public final class CertificateRequestProbe {
  private CertificateRequestProbe() {}

  /**
   * Connects, completes one handshake with the given protocol and returns the requested CA names.
   *
   * @param address the server (127.0.0.1 and a port in tests)
   * @param protocol {@code TLSv1.2} or {@code TLSv1.3}
   * @return the names in the order the server sent them; empty if it sent none
   * @throws IOException if the connection or the handshake fails (bounded by ten seconds)
   * @throws IllegalStateException if the server did not ask for a client certificate
   */
  public static List<X500Principal> requestedCaNames(InetSocketAddress address, String protocol)
      throws IOException {
    Recording names = new Recording();
    SSLContext client;
    try {
      client = SSLContext.getInstance("TLS");
      client.init(new KeyManager[] {names}, new TrustManager[] {new Unauthenticated()},
          new SecureRandom());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS client context", e);
    }
    try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket()) {
      c.connect(address, 10_000);
      c.setSoTimeout(10_000);
      c.setEnabledProtocols(new String[] {protocol});
      c.startHandshake();
      if (!protocol.equals(c.getSession().getProtocol())) {
        throw new IOException("negotiated " + c.getSession().getProtocol() + ", not " + protocol);
      }
    }
    Principal[] asked = names.issuers;
    if (asked == null) {
      throw new IllegalStateException("the server did not ask for a client certificate");
    }
    List<X500Principal> named = new ArrayList<>(asked.length);
    for (Principal p : asked) {
      named.add(p instanceof X500Principal x ? x : new X500Principal(p.getName()));
    }
    return List.copyOf(named);
  }

  /** Presents no certificate; remembers the names it was asked for. */
  private static final class Recording extends X509ExtendedKeyManager {
    volatile Principal @Nullable [] issuers;

    private @Nullable String remember(Principal @Nullable [] asked) {
      issuers = asked == null ? new Principal[0] : asked.clone();
      return null;
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] asked) {
      return null;
    }

    @Override
    public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] asked,
        @Nullable Socket socket) {
      return remember(asked);
    }

    @Override
    public @Nullable String chooseEngineClientAlias(String[] keyType,
        Principal @Nullable [] asked, @Nullable SSLEngine engine) {
      return remember(asked);
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] asked) {
      return null;
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] asked,
        @Nullable Socket socket) {
      return null;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
      return null;
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
      return null;
    }
  }

  /** The probe reads the server's request and nothing else: it does not judge the server. */
  private static final class Unauthenticated extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      Objects.requireNonNull(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      Objects.requireNonNull(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType,
        @Nullable Socket socket) {
      Objects.requireNonNull(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType,
        @Nullable Socket socket) {
      Objects.requireNonNull(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType,
        @Nullable SSLEngine engine) {
      Objects.requireNonNull(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType,
        @Nullable SSLEngine engine) {
      Objects.requireNonNull(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
