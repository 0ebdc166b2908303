package io.shomei.examples.springboot;

import io.shomei.core.Shomei;
import io.shomei.core.forwarded.ForwardedCertificate;
import io.shomei.core.forwarded.ForwardedCertificates;
import io.shomei.core.forwarded.ForwardedFormat;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The host behind a TLS terminator (nginx, HAProxy, ...), on with
 * {@code shomei.behind-proxy.format}: the connector speaks plain HTTP to the proxy
 * ({@code server.ssl.enabled=false}), and a servlet filter, first of all filters, replaces the
 * request's client certificate attribute ({@code jakarta.servlet.request.X509Certificate}) with the
 * chain the proxy forwarded in its header, taken only from {@code shomei.behind-proxy.trusted-peers}
 * through Shomei's {@link ForwardedCertificates} (refusals audited). The rest of the host reads that
 * attribute as before, so the certificate step and the session's certificate binding work
 * unchanged.
 *
 * <pre>
 * java -jar shomei-spring-boot.jar --server.ssl.enabled=false --server.port=8080 \
 *     --shomei.behind-proxy.format=haproxy --shomei.behind-proxy.trusted-peers=127.0.0.2
 * </pre>
 *
 * <p>The peer is Tomcat's {@code getRemoteAddr()}: leave {@code server.forward-headers-strategy}
 * at {@code none}, or a client's {@code X-Forwarded-For} would become the peer the gate checks.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "shomei.behind-proxy", name = "format")
@EnableConfigurationProperties(BehindProxy.Settings.class)
public class BehindProxy {
  private static final Logger LOG = LoggerFactory.getLogger(BehindProxy.class);

  /**
   * The proxy's settings, under {@code shomei.behind-proxy.*}.
   *
   * @param format {@code nginx}, {@code haproxy}, {@code rfc9440}, {@code apache} or
   *     {@code envoy}
   * @param trustedPeers the addresses or CIDR blocks the proxy connects from
   */
  @ConfigurationProperties("shomei.behind-proxy")
  public record Settings(String format, @Nullable List<String> trustedPeers) {}

  /**
   * The decoder of the proxy's headers, with its trusted peers: the forwarded certificate, and the
   * client's address the edge limits count by ({@link EdgeThrottle}).
   *
   * @param settings the settings
   * @param shomei the engine, whose audit trail records refusals
   * @return the decoder
   */
  @Bean
  public ForwardedCertificates forwardedCertificates(Settings settings, Shomei shomei) {
    List<String> peers = settings.trustedPeers();
    if (peers == null || peers.isEmpty()) {
      throw new IllegalStateException("shomei.behind-proxy.trusted-peers is required");
    }
    ForwardedCertificates.Builder b = ForwardedCertificates.builder(format(settings.format()))
        .auditTrail(shomei.audit());
    peers.forEach(b::trustedPeer);
    return b.build();
  }

  /**
   * The filter, registered before every other filter (Spring Security's included).
   *
   * @param decoder the decoder
   * @return the registration
   */
  @Bean
  public FilterRegistrationBean<OncePerRequestFilter> forwardedCertificateFilter(
      ForwardedCertificates decoder) {
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(new Filter(decoder));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/*");
    return registration;
  }

  static ForwardedFormat format(String name) {
    return ForwardedFormat.named(name).orElseThrow(() -> new IllegalStateException(
        "shomei.behind-proxy.format takes nginx, haproxy, rfc9440, apache or envoy"));
  }

  /** Puts the forwarded chain (or nothing) where the servlet container puts a TLS client's. */
  static final class Filter extends OncePerRequestFilter {
    private final ForwardedCertificates decoder;

    Filter(ForwardedCertificates decoder) {
      this.decoder = decoder;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
        FilterChain chain) throws ServletException, IOException {
      request.removeAttribute(CertificateLoginFilter.PEER_CHAIN); // never the proxy's own
      List<X509Certificate> forwarded = forwarded(request);
      if (!forwarded.isEmpty()) {
        request.setAttribute(CertificateLoginFilter.PEER_CHAIN,
            forwarded.toArray(new X509Certificate[0]));
      }
      chain.doFilter(request, response);
    }

    private List<X509Certificate> forwarded(HttpServletRequest request) {
      InetAddress peer;
      try {
        peer = InetAddress.getByName(request.getRemoteAddr()); // a literal: no name lookup
      } catch (UnknownHostException e) {
        return List.of();
      }
      ForwardedCertificate fc = decoder.decode(peer, List.of(),
          name -> Collections.list(request.getHeaders(name)));
      if (!(fc instanceof ForwardedCertificate.Forwarded f)) {
        return List.of(); // absent, or refused (audited by the decoder)
      }
      try {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : f.chain()) {
          out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
        return out;
      } catch (CertificateException | ClassCastException e) {
        LOG.warn("a forwarded certificate does not parse (from {})", request.getRemoteAddr());
        return List.of();
      }
    }
  }
}
