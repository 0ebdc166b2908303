package io.shomei.core.forwarded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a TLS terminator writes the client certificate it received into request headers. Each
 * format has default header names ({@link #certificateHeader()}, {@link #chainHeader()}); a host
 * may rename them on the {@link ForwardedCertificates.Builder}.
 *
 * <p>In every format, a comma where the format has none means that two values were joined into
 * one line, and is answered as {@link ForwardedCertificate.Duplicated}.
 *
 * @since 0.2.0
 */
public enum ForwardedFormat {
  /**
   * RFC 9440: {@code Client-Cert} is a structured-field Item whose value is a Byte Sequence (the
   * DER between colons, in base64); {@code Client-Cert-Chain} is a List of Byte Sequences (the
   * other certificates), which may legitimately arrive over several header lines. Parameters on a
   * member are allowed and ignored, as RFC 8941 asks of unknown parameters.
   */
  RFC_9440("rfc9440", "Client-Cert", "Client-Cert-Chain"),
  /**
   * nginx {@code $ssl_client_escaped_cert}: the client certificate as PEM, percent-encoded
   * ({@code proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;}). nginx has no variable
   * for the client's other certificates, so this format has no chain header. An empty value (nginx
   * sends one when the client presented no certificate) is {@link ForwardedCertificate.Absent}.
   */
  NGINX_ESCAPED_PEM("nginx", "X-SSL-Client-Cert", null),
  /**
   * HAProxy {@code %[ssl_c_der,base64]} for the client certificate and
   * {@code %[ssl_c_chain_der,base64]} for the other certificates the client sent (their DER
   * encodings concatenated, then base64). An empty value is {@link ForwardedCertificate.Absent}.
   */
  HAPROXY_BASE64_DER("haproxy", "X-SSL-Client-Cert", "X-SSL-Client-Chain"),
  /**
   * Apache httpd {@code %{SSL_CLIENT_CERT}s} (PEM; {@code mod_headers} may turn its line breaks
   * into spaces, which is accepted) and, optionally, a chain header holding one or more PEM blocks
   * (from {@code SSL_CLIENT_CERT_CHAIN_n}). An empty value, or Apache's {@code (null)}, is
   * {@link ForwardedCertificate.Absent}.
   */
  APACHE_PEM("apache", "X-SSL-Client-Cert", "X-SSL-Client-Chain"),
  /**
   * Envoy {@code x-forwarded-client-cert} (XFCC): {@code key=value} pairs separated by semicolons,
   * where {@code Cert} is the percent-encoded PEM of the client certificate and {@code Chain} the
   * percent-encoded PEM of the whole chain (client certificate first). Several comma-separated
   * elements (one per proxy hop, as {@code APPEND_FORWARD} writes them) are refused as
   * {@link ForwardedCertificate.Duplicated}: configure Envoy with {@code SANITIZE_SET}. An element
   * with neither {@code Cert} nor {@code Chain} is {@link ForwardedCertificate.Absent}.
   */
  ENVOY_XFCC("envoy", "X-Forwarded-Client-Cert", null);

  private final String shortName;
  private final String certificateHeader;
  private final @Nullable String chainHeader;

  ForwardedFormat(String shortName, String certificateHeader, @Nullable String chainHeader) {
    this.shortName = shortName;
    this.certificateHeader = certificateHeader;
    this.chainHeader = chainHeader;
  }

  /**
   * The format a host's configuration names: {@code nginx}, {@code haproxy}, {@code rfc9440},
   * {@code apache} or {@code envoy} (case-insensitive).
   *
   * @param name the configured name
   * @return the format, or empty for any other name
   * @since 0.2.0
   */
  public static Optional<ForwardedFormat> named(String name) {
    for (ForwardedFormat f : values()) {
      if (f.shortName.equalsIgnoreCase(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * The header that carries the client certificate unless the builder names another.
   *
   * @return the header name
   */
  public String certificateHeader() {
    return certificateHeader;
  }

  /**
   * The header that carries the client's other certificates unless the builder names another, or
   * {@code null} when the format carries them in the certificate header or not at all.
   *
   * @return the header name, or {@code null}
   */
  public @Nullable String chainHeader() {
    return chainHeader;
  }

  /**
   * The headers a proxy of this format sends for a chain, under the default names: what a host's
   * tests put in a request to play the proxy (or to forge one). The chain header is left out when
   * the chain has only the client's certificate or the format has none; Envoy's {@code Chain}
   * repeats the client's certificate first, as Envoy writes it.
   *
   * @param chain the DER encodings, the client's certificate first
   * @return header name to value, in the order a proxy would write them
   * @throws IllegalArgumentException if the chain is empty
   */
  public Map<String, String> encode(List<byte[]> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a chain has at least the client's certificate");
    }
    byte[] leaf = chain.get(0);
    List<byte[]> rest = chain.subList(1, chain.size());
    Map<String, String> out = new LinkedHashMap<>();
    switch (this) {
      case RFC_9440 -> {
        out.put(certificateHeader, HeaderCodecs.sfBytes(leaf));
        if (!rest.isEmpty()) {
          List<String> members = new ArrayList<>();
          rest.forEach(c -> members.add(HeaderCodecs.sfBytes(c)));
          out.put(requiredChainHeader(), String.join(", ", members));
        }
      }
      case NGINX_ESCAPED_PEM -> out.put(certificateHeader,
          HeaderCodecs.percentEncode(HeaderCodecs.pem(leaf)));
      case HAPROXY_BASE64_DER -> {
        out.put(certificateHeader, java.util.Base64.getEncoder().encodeToString(leaf));
        if (!rest.isEmpty()) {
          out.put(requiredChainHeader(),
              java.util.Base64.getEncoder().encodeToString(HeaderCodecs.concat(rest)));
        }
      }
      case APACHE_PEM -> {
        // mod_headers writes the PEM's line breaks as spaces
        out.put(certificateHeader, HeaderCodecs.pem(leaf).replace('\n', ' ').strip());
        if (!rest.isEmpty()) {
          StringBuilder b = new StringBuilder();
          rest.forEach(c -> b.append(HeaderCodecs.pem(c)));
          out.put(requiredChainHeader(), b.toString().replace('\n', ' ').strip());
        }
      }
      case ENVOY_XFCC -> {
        StringBuilder whole = new StringBuilder();
        chain.forEach(c -> whole.append(HeaderCodecs.pem(c)));
        out.put(certificateHeader, "Hash=" + TrustedPeers.sha256(leaf) + ";Cert=\""
            + HeaderCodecs.percentEncode(HeaderCodecs.pem(leaf)) + "\";Chain=\""
            + HeaderCodecs.percentEncode(whole.toString()) + "\";Subject=\"\"");
      }
    }
    return out;
  }

  private String requiredChainHeader() {
    String c = chainHeader;
    if (c == null) {
      throw new IllegalStateException(this + " has no chain header");
    }
    return c;
  }
}
