package io.shomei.core.forwarded;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the client certificate a TLS terminator forwarded in a request header, only from a peer
 * the host trusts, and hands it back as encodings that the login then accepts exactly like a
 * directly presented chain (MISSION invariant 9: a forwarded certificate is only as good as its
 * sender).
 *
 * <pre>{@code
 * ForwardedCertificates forwarded = ForwardedCertificates.builder(ForwardedFormat.NGINX_ESCAPED_PEM)
 *     .trustedPeer("127.0.0.1")              // the proxy's address(es) or CIDR block(s)
 *     .auditTrail(shomei.audit())            // refusals are audited
 *     .build();
 * ForwardedCertificate fc = forwarded.decode(exchange.getRemoteAddress().getAddress(), List.of(),
 *     exchange.getRequestHeaders()::get);
 * if (fc instanceof ForwardedCertificate.Forwarded f) {
 *   LoginResult.CertificateStep step = shomei.login().presentEncodedCertificate("fx-forward", f.chain());
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li><b>The peer first.</b> A certificate header from a peer that is not trusted is refused as
 *       {@link ForwardedCertificate.UntrustedPeer} before a byte of it is decoded. A peer is trusted
 *       when its address is in one of the configured blocks and/or (when configured) the first
 *       certificate of its own TLS session is one of the configured proxy certificates; with both
 *       configured it must satisfy both. {@link Builder#build()} refuses a decoder that trusts
 *       nobody. Addresses are literals and CIDR blocks only: no name is ever looked up.
 *   <li><b>One header, one value, bounded.</b> The certificate header must occur at most once and
 *       hold one value ({@link ForwardedCertificate.Duplicated}); no header may be longer than
 *       {@link Builder#maxHeaderLength} chars and no chain may hold more than
 *       {@link Builder#maxCertificates} certificates ({@link ForwardedCertificate.Oversized}). Lengths
 *       are checked before anything is decoded.
 *   <li><b>Decoded, not trusted.</b> A {@link ForwardedCertificate.Forwarded} chain is only known to
 *       be DER {@code SEQUENCE}s in the format's encoding. What makes it good for login is
 *       {@link io.shomei.core.Login#presentEncodedCertificate} (per-service anchors, binding to the
 *       account's active certificate), so a pass-through terminator that forwards certificates it
 *       did not verify gains an attacker nothing.
 *   <li><b>Audited.</b> With {@link Builder#auditTrail} set, every {@link ForwardedCertificate.Refused}
 *       appends {@link AuditEventType#FORWARDED_CERTIFICATE_REFUSED} (actor {@code system}; details
 *       {@code reason}, {@code header}, {@code peer}, {@code format}) and is logged at WARN. No value,
 *       log line or audit detail carries header text.
 *   <li><b>What stays the host's job.</b> The proxy must strip the header from clients' requests (the
 *       shipped nginx and HAProxy configurations do), and the backend must be reachable only from
 *       the proxy: the peer address a host passes is the TCP peer, never an
 *       {@code X-Forwarded-For} value.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class ForwardedCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(ForwardedCertificates.class);

  /** Default largest header length, in chars (a few certificates, percent-encoded). */
  public static final int DEFAULT_MAX_HEADER_LENGTH = 16 * 1024;

  /** Default largest number of certificates in a forwarded chain, the client's included. */
  public static final int DEFAULT_MAX_CERTIFICATES = 6;

  /**
   * How a host hands its request headers to {@link #decode}: every value of a header, one entry per
   * header line, or {@code null} (or an empty list) when the request has none. Names are matched
   * case-insensitively by the host, as HTTP requires.
   *
   * <p>The JDK server: {@code exchange.getRequestHeaders()::get}; a servlet container:
   * {@code name -> Collections.list(request.getHeaders(name))}.
   *
   * @since 0.2.0
   */
  @FunctionalInterface
  public interface Headers {
    /**
     * The values of a header.
     *
     * @param name the header name
     * @return its values in the order received, or {@code null} if absent
     */
    @Nullable List<String> values(String name);
  }

  private final ForwardedFormat format;
  private final String certificateHeader;
  private final @Nullable String chainHeader;
  private final TrustedPeers peers;
  private final int maxHeaderLength;
  private final int maxCertificates;
  private final @Nullable AuditTrail audit;

  private ForwardedCertificates(Builder b, TrustedPeers peers) {
    this.format = b.format;
    this.certificateHeader = b.certificateHeader != null ? b.certificateHeader
        : b.format.certificateHeader();
    this.chainHeader = b.noChainHeader ? null
        : b.chainHeader != null ? b.chainHeader : b.format.chainHeader();
    this.peers = peers;
    this.maxHeaderLength = b.maxHeaderLength != null ? b.maxHeaderLength : DEFAULT_MAX_HEADER_LENGTH;
    this.maxCertificates = b.maxCertificates != null ? b.maxCertificates : DEFAULT_MAX_CERTIFICATES;
    this.audit = b.audit;
  }

  /**
   * Starts a decoder for a format.
   *
   * @param format how the proxy writes the certificate
   * @return a builder
   */
  public static Builder builder(ForwardedFormat format) {
    return new Builder(format);
  }

  /**
   * The header this decoder reads the client certificate from (the one the proxy must strip).
   *
   * @return the header name
   */
  public String certificateHeader() {
    return certificateHeader;
  }

  /**
   * The header this decoder reads the other certificates from, or {@code null}.
   *
   * @return the header name, or {@code null}
   */
  public @Nullable String chainHeader() {
    return chainHeader;
  }

  /**
   * Whether this decoder would take a header from a peer (for a host that wants to choose between a
   * forwarded and a directly presented certificate before reading headers).
   *
   * @param peer the TCP peer's address
   * @param peerCertificates the peer's own TLS certificates (empty on plain HTTP)
   * @return {@code true} if the peer is a trusted proxy
   */
  public boolean trusts(InetAddress peer, List<? extends Certificate> peerCertificates) {
    return peers.trusts(Objects.requireNonNull(peer, "peer"), peerCertificates);
  }

  /** The header a proxy passes the client's address in. */
  public static final String FORWARDED_FOR = "X-Forwarded-For";

  private static final Pattern IPV4 = Pattern.compile(
      "(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  /** Hex groups with at least two colons (an embedded IPv4 tail allowed), no zone. */
  private static final Pattern IPV6 = Pattern.compile("(?=.*:.*:)[0-9A-Fa-f:.]{2,45}");

  /**
   * The address a host's per-client limits should count a request under: the client's address a
   * trusted proxy passed in {@value #FORWARDED_FOR}, otherwise the TCP peer's. The shipped nginx
   * and HAProxy configurations set that header to the address the client connected from,
   * replacing whatever the client sent, so it holds exactly one IP literal; from a peer this
   * decoder does not trust, or when the header is absent, repeated, a list or not an IP literal,
   * the peer's own address is the answer. Without it every customer behind one proxy would share
   * the proxy's address and its limit.
   *
   * @param peer the TCP peer's address
   * @param peerCertificates the peer's own TLS certificates (empty on plain HTTP)
   * @param forwardedFor the values of {@value #FORWARDED_FOR} as received (empty when absent)
   * @return an IP address in its canonical text, without a port
   * @since 0.2.0
   */
  public String clientAddress(InetAddress peer, List<? extends Certificate> peerCertificates,
      List<String> forwardedFor) {
    String own = Objects.requireNonNull(peer, "peer").getHostAddress();
    if (forwardedFor.size() != 1 || !peers.trusts(peer, peerCertificates)) {
      return own;
    }
    String value = forwardedFor.get(0).strip();
    if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
      return own;
    }
    try {
      return InetAddress.getByName(value).getHostAddress(); // a literal: no name is looked up
    } catch (UnknownHostException e) {
      return own;
    }
  }

  /**
   * Reads the forwarded certificate of one request.
   *
   * @param peer the TCP peer's address (the proxy's, never a forwarded-for value)
   * @param peerCertificates the certificates of the peer's own TLS session with the host, its own
   *     first (empty on plain HTTP or when it presented none)
   * @param headers the request's headers
   * @return {@link ForwardedCertificate.Forwarded}, {@link ForwardedCertificate.Absent}, or a
   *     {@link ForwardedCertificate.Refused}
   * @throws io.shomei.spi.StorageException if auditing a refusal fails
   */
  public ForwardedCertificate decode(InetAddress peer, List<? extends Certificate> peerCertificates,
      Headers headers) {
    Objects.requireNonNull(peer, "peer");
    List<String> certValues = values(headers, certificateHeader);
    String chainName = chainHeader;
    List<String> chainValues = chainName == null ? List.of() : values(headers, chainName);
    if (certValues.isEmpty() && chainValues.isEmpty()) {
      return new ForwardedCertificate.Absent();
    }
    if (!peers.trusts(peer, peerCertificates)) {
      return refused(new ForwardedCertificate.UntrustedPeer(
          certValues.isEmpty() && chainName != null ? chainName : certificateHeader), peer);
    }
    ForwardedCertificate.Refused sizeOrCount = shape(certificateHeader, certValues, false);
    if (sizeOrCount == null && chainName != null) {
      sizeOrCount = shape(chainName, chainValues, format == ForwardedFormat.RFC_9440);
    }
    if (sizeOrCount != null) {
      return refused(sizeOrCount, peer);
    }
    String cert = certValues.isEmpty() ? "" : certValues.get(0).strip();
    String chainText = String.join(", ", chainValues).strip();

    byte[] leaf;
    List<byte[]> rest;
    String at = certificateHeader;
    try {
      if (format == ForwardedFormat.ENVOY_XFCC) {
        HeaderCodecs.XfccCertificates x = HeaderCodecs.xfcc(cert);
        List<byte[]> whole = x.chain() == null ? List.of()
            : HeaderCodecs.pemBlocks(HeaderCodecs.percentDecode(x.chain()), maxCertificates);
        leaf = x.cert() == null || x.cert().isEmpty() ? null
            : single(HeaderCodecs.pemBlocks(HeaderCodecs.percentDecode(x.cert()), 1));
        if (leaf == null && !whole.isEmpty()) {
          leaf = whole.get(0);
          rest = whole.subList(1, whole.size());
        } else {
          rest = whole;
        }
      } else {
        leaf = leaf(cert);
        at = chainName == null ? certificateHeader : chainName;
        rest = chain(chainText);
        at = certificateHeader;
      }
      if (leaf == null) {
        if (!rest.isEmpty()) {
          return refused(new ForwardedCertificate.Malformed(certificateHeader,
              "other certificates without the client's certificate"), peer);
        }
        return new ForwardedCertificate.Absent();
      }
      HeaderCodecs.oneDerSequence(leaf);
      at = chainName == null ? certificateHeader : chainName;
      for (byte[] c : rest) {
        HeaderCodecs.oneDerSequence(c);
      }
    } catch (HeaderCodecs.Bad bad) {
      return refused(bad.joined() ? new ForwardedCertificate.Duplicated(at, 2)
          : new ForwardedCertificate.Malformed(at, Objects.requireNonNullElse(bad.getMessage(),
              "malformed")), peer);
    }
    List<byte[]> chain = new ArrayList<>(1 + rest.size());
    chain.add(leaf);
    for (int i = 0; i < rest.size(); i++) {
      if (i == 0 && Arrays.equals(rest.get(0), leaf)) {
        continue; // a chain that repeats the client's certificate first (Envoy's Chain does)
      }
      chain.add(rest.get(i));
    }
    if (chain.size() > maxCertificates) {
      return refused(new ForwardedCertificate.Oversized(
          chainName == null ? certificateHeader : chainName, chain.size(), maxCertificates), peer);
    }
    return new ForwardedCertificate.Forwarded(chain);
  }

  private ForwardedCertificate.@Nullable Refused shape(String name, List<String> values,
      boolean mayRepeat) {
    long length = 0;
    for (String v : values) {
      length += v.length();
    }
    if (length > maxHeaderLength) {
      return new ForwardedCertificate.Oversized(name, (int) Math.min(length, Integer.MAX_VALUE),
          maxHeaderLength);
    }
    if (values.size() > 1 && !mayRepeat) {
      return new ForwardedCertificate.Duplicated(name, values.size());
    }
    return null;
  }

  /** The client's certificate from the certificate header, or null for an empty value. */
  private byte @Nullable [] leaf(String value) throws HeaderCodecs.Bad {
    if (value.isEmpty() || (format == ForwardedFormat.APACHE_PEM && value.equals("(null)"))) {
      return null;
    }
    return switch (format) {
      case RFC_9440 -> HeaderCodecs.sfItemBytes(value);
      case NGINX_ESCAPED_PEM -> {
        noComma(value);
        yield single(HeaderCodecs.pemBlocks(HeaderCodecs.percentDecode(value), 1));
      }
      case HAPROXY_BASE64_DER -> {
        noComma(value);
        yield HeaderCodecs.base64(value);
      }
      case APACHE_PEM -> {
        noComma(value);
        yield single(HeaderCodecs.pemBlocks(value, 1));
      }
      case ENVOY_XFCC -> throw new IllegalStateException("XFCC is decoded as a whole");
    };
  }

  /** The other certificates from the chain header's (joined) value. */
  private List<byte[]> chain(String value) throws HeaderCodecs.Bad {
    if (value.isEmpty() || (format == ForwardedFormat.APACHE_PEM && value.equals("(null)"))) {
      return List.of();
    }
    return switch (format) {
      case RFC_9440 -> HeaderCodecs.sfListBytes(value, maxCertificates);
      case HAPROXY_BASE64_DER -> {
        noComma(value);
        yield HeaderCodecs.derSequences(HeaderCodecs.base64(value), maxCertificates);
      }
      case APACHE_PEM -> {
        noComma(value);
        yield HeaderCodecs.pemBlocks(value, maxCertificates);
      }
      case NGINX_ESCAPED_PEM, ENVOY_XFCC -> List.of();
    };
  }

  private static byte[] single(List<byte[]> blocks) throws HeaderCodecs.Bad {
    if (blocks.size() != 1) {
      throw new HeaderCodecs.Bad("not exactly one certificate");
    }
    return blocks.get(0);
  }

  /** These encodings never hold a comma: one means two values joined into one line. */
  private static void noComma(String value) throws HeaderCodecs.Bad {
    if (value.indexOf(',') >= 0) {
      throw new HeaderCodecs.Bad("several values in a header that holds one", true);
    }
  }

  private static List<String> values(Headers headers, String name) {
    List<String> v = headers.values(name);
    if (v == null) {
      return List.of();
    }
    for (String s : v) {
      Objects.requireNonNull(s, "a header value");
    }
    return v;
  }

  private ForwardedCertificate.Refused refused(ForwardedCertificate.Refused r, InetAddress peer) {
    String addr = peer.getHostAddress();
    LOG.warn("forwarded certificate refused: {} (header {}, peer {}, format {})", r.reason(),
        r.header(), addr, format);
    AuditTrail trail = audit;
    if (trail != null) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("reason", r.reason().name());
      details.put("header", r.header());
      details.put("peer", addr);
      details.put("format", format.name());
      trail.append(new AuditEvent(AuditEventType.FORWARDED_CERTIFICATE_REFUSED, "system", null,
          details));
    }
    return r;
  }

  @Override
  public String toString() {
    return "ForwardedCertificates[" + format + ", " + certificateHeader
        + (chainHeader == null ? "" : ", " + chainHeader) + "]";
  }

  /**
   * Configures a {@link ForwardedCertificates}. Setters are set-once, except the repeatable
   * {@link #trustedPeer} and {@link #trustedPeerCertificate}.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private final ForwardedFormat format;
    private @Nullable String certificateHeader;
    private @Nullable String chainHeader;
    private boolean noChainHeader;
    private final List<TrustedPeers.Block> blocks = new ArrayList<>();
    private final Set<String> fingerprints = new HashSet<>();
    private @Nullable Integer maxHeaderLength;
    private @Nullable Integer maxCertificates;
    private @Nullable AuditTrail audit;

    private Builder(ForwardedFormat format) {
      this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * Reads the client certificate from this header instead of the format's default.
     *
     * @param name an HTTP header name
     * @return this builder
     */
    public Builder certificateHeader(String name) {
      certificateHeader = once(certificateHeader, headerName(name), "certificateHeader");
      return this;
    }

    /**
     * Reads the other certificates from this header instead of the format's default.
     *
     * @param name an HTTP header name
     * @return this builder
     * @throws IllegalArgumentException for a format without a chain header (nginx, Envoy)
     */
    public Builder chainHeader(String name) {
      if (format.chainHeader() == null) {
        throw new IllegalArgumentException(format + " has no chain header");
      }
      once(noChainHeader, "withoutChainHeader");
      chainHeader = once(chainHeader, headerName(name), "chainHeader");
      return this;
    }

    /**
     * Reads no chain header: only the client's certificate is forwarded (enough when the service's
     * trust anchors include the issuing CA).
     *
     * @return this builder
     */
    public Builder withoutChainHeader() {
      once(chainHeader, "chainHeader");
      once(noChainHeader, "withoutChainHeader");
      noChainHeader = true;
      return this;
    }

    /**
     * Trusts peers at this address or in this CIDR block ({@code 127.0.0.1}, {@code 10.1.0.0/16},
     * {@code ::1}, {@code fd00::/8}). Repeatable.
     *
     * @param addressOrCidr an IP literal, optionally with a prefix length
     * @return this builder
     * @throws IllegalArgumentException if it is not an IP literal (names are never looked up)
     */
    public Builder trustedPeer(String addressOrCidr) {
      blocks.add(TrustedPeers.parse(Objects.requireNonNull(addressOrCidr, "addressOrCidr")));
      return this;
    }

    /**
     * Trusts peers whose own TLS session with the host presents this certificate first (the
     * proxy's client certificate toward the backend), compared by SHA-256 of its DER. Repeatable;
     * combined with {@link #trustedPeer}, a peer must satisfy both.
     *
     * @param proxyCertificate the proxy's certificate
     * @return this builder
     * @throws IllegalArgumentException if it cannot be encoded
     */
    public Builder trustedPeerCertificate(X509Certificate proxyCertificate) {
      try {
        fingerprints.add(TrustedPeers.sha256(proxyCertificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("the proxy certificate cannot be encoded", e);
      }
      return this;
    }

    /**
     * Largest length of a header (all its lines together), in chars; longer is
     * {@link ForwardedCertificate.Oversized}. Default {@value #DEFAULT_MAX_HEADER_LENGTH}.
     *
     * @param chars at least 256
     * @return this builder
     */
    public Builder maxHeaderLength(int chars) {
      if (chars < 256) {
        throw new IllegalArgumentException("maxHeaderLength must be at least 256");
      }
      maxHeaderLength = once(maxHeaderLength, chars, "maxHeaderLength");
      return this;
    }

    /**
     * Largest number of certificates in a forwarded chain, the client's included. Default
     * {@value #DEFAULT_MAX_CERTIFICATES}.
     *
     * @param count 1..32
     * @return this builder
     */
    public Builder maxCertificates(int count) {
      if (count < 1 || count > 32) {
        throw new IllegalArgumentException("maxCertificates must be 1..32");
      }
      maxCertificates = once(maxCertificates, count, "maxCertificates");
      return this;
    }

    /**
     * Audits every refusal to this trail ({@code shomei.audit()}).
     *
     * @param trail the audit trail
     * @return this builder
     */
    public Builder auditTrail(AuditTrail trail) {
      audit = once(audit, trail, "auditTrail");
      return this;
    }

    /**
     * Builds the decoder.
     *
     * @return the decoder
     * @throws IllegalStateException if no trusted peer (address or certificate) is configured
     */
    public ForwardedCertificates build() {
      if (blocks.isEmpty() && fingerprints.isEmpty()) {
        throw new IllegalStateException(
            "a forwarded certificate is only as good as its sender: configure trustedPeer or"
                + " trustedPeerCertificate");
      }
      return new ForwardedCertificates(this, new TrustedPeers(blocks, fingerprints));
    }

    private static String headerName(String name) {
      if (name.isEmpty() || name.length() > 64
          || !name.chars().allMatch(c -> c < 0x7f && c > 0x20 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
        throw new IllegalArgumentException("not an HTTP header name");
      }
      return name;
    }
  }
}
