package io.shomei.examples.web.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.shomei.core.forwarded.ForwardedCertificate;
import io.shomei.core.forwarded.ForwardedCertificates;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Where a request's client certificate comes from: the host's own TLS session
 * ({@link #direct()}), or, behind a TLS terminator, the header a trusted proxy forwarded
 * ({@link #forwarded}). Behind a proxy the TLS session's certificates are the proxy's own and are
 * never taken for the customer's.
 */
@FunctionalInterface
public interface ClientCertificates {
  /**
   * The client's chain for one exchange, the client's certificate first.
   *
   * @param exchange the exchange
   * @return the chain, or an empty list when there is none (or it was refused)
   */
  List<X509Certificate> of(HttpExchange exchange);

  /**
   * The certificates of the host's own TLS session.
   *
   * @return the source
   */
  static ClientCertificates direct() {
    return exchange -> tlsPeer(exchange);
  }

  /**
   * The chain a trusted proxy forwarded in a header. A refused header (untrusted peer,
   * duplicated, oversized, malformed: audited by the decoder) counts as no certificate, as a
   * failed TLS client authentication would; so does a decoded encoding the platform cannot parse.
   *
   * @param decoder the decoder with the trusted peers
   * @param log where a refusal's reason goes (never the header's text)
   * @return the source
   */
  static ClientCertificates forwarded(ForwardedCertificates decoder, Consumer<String> log) {
    Objects.requireNonNull(decoder, "decoder");
    ClientCertificates chain = exchange -> {
      InetSocketAddress remote = exchange.getRemoteAddress();
      if (remote == null || remote.getAddress() == null) {
        return List.of();
      }
      ForwardedCertificate fc = decoder.decode(remote.getAddress(), tlsPeer(exchange),
          exchange.getRequestHeaders()::get);
      if (fc instanceof ForwardedCertificate.Refused r) {
        log.accept("forwarded certificate refused: " + r.reason() + " from "
            + remote.getAddress().getHostAddress());
        return List.of();
      }
      if (!(fc instanceof ForwardedCertificate.Forwarded f)) {
        return List.of();
      }
      try {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : f.chain()) {
          out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
        return List.copyOf(out);
      } catch (CertificateException | ClassCastException e) {
        log.accept("forwarded certificate not parsable from "
            + remote.getAddress().getHostAddress());
        return List.of();
      }
    };
    return new ClientCertificates() {
      @Override
      public List<X509Certificate> of(HttpExchange exchange) {
        return chain.of(exchange);
      }

      @Override
      public String clientAddress(HttpExchange exchange) {
        InetSocketAddress remote = exchange.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
          return ClientCertificates.super.clientAddress(exchange);
        }
        List<String> forwardedFor =
            exchange.getRequestHeaders().get(ForwardedCertificates.FORWARDED_FOR);
        return decoder.clientAddress(remote.getAddress(), tlsPeer(exchange),
            forwardedFor == null ? List.of() : forwardedFor);
      }
    };
  }

  /**
   * The address the per-address edge limits ({@link EdgeLimits}) count a request under: the
   * connection's peer. Behind a trusted proxy, the client's address the proxy passed.
   *
   * @param exchange the exchange
   * @return an IP address, without the port ({@code "unknown"} if the server does not know it)
   */
  default String clientAddress(HttpExchange exchange) {
    InetSocketAddress remote = exchange.getRemoteAddress();
    return remote == null || remote.getAddress() == null ? "unknown"
        : remote.getAddress().getHostAddress();
  }

  private static List<X509Certificate> tlsPeer(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return List.of();
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      List<X509Certificate> out = new ArrayList<>(chain.length);
      for (Certificate c : chain) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      return List.copyOf(out);
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
