package io.shomei.examples.web;

import io.shomei.core.audit.AuditTrail;
import io.shomei.core.forwarded.ForwardedCertificates;
import io.shomei.core.forwarded.ForwardedFormat;
import java.util.List;
import java.util.Objects;

/**
 * The web host behind a TLS terminator (nginx, HAProxy, ...): it serves plain HTTP on 127.0.0.1
 * and takes the client certificate from the header the proxy forwards, only when the connection
 * comes from one of {@link #trustedPeers()}; the chain then goes through the same login as a
 * directly presented one. A header from anyone else is refused and audited
 * ({@code FORWARDED_CERTIFICATE_REFUSED}) and counts as no certificate.
 *
 * <p>The proxy must strip the header from clients' requests, request client certificates naming the
 * services' CAs, and connect from a trusted address: see {@code examples/web/proxy/}. Give the proxy
 * its own source address (nginx {@code proxy_bind}, HAProxy {@code source}) when other local
 * processes could reach the backend port: a trusted peer is an address, so anything that can
 * connect from it is trusted.
 *
 * @param format how the proxy writes the certificate
 * @param trustedPeers the proxies' addresses or CIDR blocks (literals only)
 */
public record BehindProxy(ForwardedFormat format, List<String> trustedPeers) {
  /** Validates eagerly: at least one trusted peer, each an IP literal or CIDR block. */
  public BehindProxy {
    Objects.requireNonNull(format, "format");
    trustedPeers = List.copyOf(trustedPeers);
    if (trustedPeers.isEmpty()) {
      throw new IllegalArgumentException("behind a proxy, at least one trusted peer is needed");
    }
    builder(format, trustedPeers).build(); // fails now on a bad address
  }

  /**
   * The format named on the command line: {@code nginx}, {@code haproxy}, {@code rfc9440},
   * {@code apache} or {@code envoy}.
   *
   * @param name the name
   * @return the format
   * @throws IllegalArgumentException for another name
   */
  static ForwardedFormat format(String name) {
    return ForwardedFormat.named(name).orElseThrow(() -> new IllegalArgumentException(
        "--behind-proxy takes nginx, haproxy, rfc9440, apache or envoy"));
  }

  /** The decoder, auditing its refusals to the host's trail. */
  ForwardedCertificates decoder(AuditTrail audit) {
    return builder(format, trustedPeers).auditTrail(audit).build();
  }

  private static ForwardedCertificates.Builder builder(ForwardedFormat format, List<String> peers) {
    ForwardedCertificates.Builder b = ForwardedCertificates.builder(format);
    peers.forEach(b::trustedPeer);
    return b;
  }
}
