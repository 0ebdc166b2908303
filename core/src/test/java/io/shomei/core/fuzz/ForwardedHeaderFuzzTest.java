package io.shomei.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.forwarded.ForwardedCertificate;
import io.shomei.core.forwarded.ForwardedCertificates;
import io.shomei.core.forwarded.ForwardedFormat;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes each forwarded-certificate decoder with header lines the fuzzer chooses, as a trusted
 * proxy would send them. The input is ISO-8859-1 text split at NUL: the first part is a certificate
 * header line, the second a chain header line, further parts more lines of each in turn (so the
 * committed seeds are just what a proxy sends, joined by NUL).
 *
 * <p>Properties: no input makes the decoder throw; a {@link ForwardedCertificate.Forwarded} chain
 * holds 1..max encodings, each exactly one DER SEQUENCE (checked here by an independent reading of
 * the length octets); encoding that chain again in the same format decodes to the same chain; a
 * refusal appends exactly one audit record, anything else none.
 */
class ForwardedHeaderFuzzTest {
  private static final InetAddress PROXY = proxy();
  private static final int MAX = 6;

  /** RFC 9440 {@code Client-Cert} / {@code Client-Cert-Chain}. */
  @FuzzTest
  void rfc9440(byte[] input) {
    check(ForwardedFormat.RFC_9440, input);
  }

  /** nginx {@code $ssl_client_escaped_cert}. */
  @FuzzTest
  void nginxEscapedPem(byte[] input) {
    check(ForwardedFormat.NGINX_ESCAPED_PEM, input);
  }

  /** HAProxy {@code ssl_c_der,base64} / {@code ssl_c_chain_der,base64}. */
  @FuzzTest
  void haproxyBase64Der(byte[] input) {
    check(ForwardedFormat.HAPROXY_BASE64_DER, input);
  }

  /** Apache {@code SSL_CLIENT_CERT} PEM. */
  @FuzzTest
  void apachePem(byte[] input) {
    check(ForwardedFormat.APACHE_PEM, input);
  }

  /** Envoy {@code x-forwarded-client-cert}. */
  @FuzzTest
  void envoyXfcc(byte[] input) {
    check(ForwardedFormat.ENVOY_XFCC, input);
  }

  private static void check(ForwardedFormat format, byte[] input) {
    String[] parts = new String(input, StandardCharsets.ISO_8859_1).split("\u0000", -1);
    List<String> cert = new ArrayList<>();
    List<String> chain = new ArrayList<>();
    for (int i = 0; i < parts.length && i < 8; i++) {
      (i % 2 == 0 ? cert : chain).add(parts[i]);
    }
    LastRecordAuditLog log = new LastRecordAuditLog();
    ForwardedCertificates decoder = decoder(format, log);
    String chainName = decoder.chainHeader();
    ForwardedCertificate got = decoder.decode(PROXY, List.of(), name ->
        name.equalsIgnoreCase(decoder.certificateHeader()) ? cert
            : chainName != null && name.equalsIgnoreCase(chainName) ? chain : null);
    boolean audited = log.last().isPresent();
    Check.that(audited == got instanceof ForwardedCertificate.Refused,
        "exactly the refusals are audited", got);
    if (!(got instanceof ForwardedCertificate.Forwarded f)) {
      return;
    }
    List<byte[]> der = f.chain();
    Check.that(!der.isEmpty() && der.size() <= MAX, "1..max certificates", der.size());
    for (byte[] d : der) {
      Check.that(oneDerSequence(d), "each encoding is one DER SEQUENCE", Arrays.toString(d));
    }
    boolean leafRepeated = false;
    for (int i = 1; i < der.size(); i++) {
      leafRepeated |= Arrays.equals(der.get(i), der.get(0));
    }
    if (leafRepeated) {
      return; // a repeated client certificate is dropped only where it leads the chain
    }
    List<byte[]> expected = format == ForwardedFormat.NGINX_ESCAPED_PEM ? der.subList(0, 1) : der;
    Map<String, String> again = format.encode(der);
    LastRecordAuditLog log2 = new LastRecordAuditLog();
    ForwardedCertificate reread = decoder(format, log2).decode(PROXY, List.of(),
        name -> again.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue).toList());
    Check.that(reread.equals(new ForwardedCertificate.Forwarded(expected)),
        "what was decoded, encoded again, decodes to the same chain", reread);
  }

  private static ForwardedCertificates decoder(ForwardedFormat format, LastRecordAuditLog log) {
    return ForwardedCertificates.builder(format).trustedPeer("127.0.0.1").maxCertificates(MAX)
        .maxHeaderLength(8192)
        .auditTrail(new AuditTrail(log, Clock.fixed(FuzzWorld.NOW, ZoneOffset.UTC))).build();
  }

  /** An independent reading: tag 0x30, a shortest-form definite length that covers the rest. */
  private static boolean oneDerSequence(byte[] d) {
    if (d.length < 2 || d[0] != 0x30) {
      return false;
    }
    int b = d[1] & 0xff;
    if (b < 0x80) {
      return d.length == 2 + b;
    }
    int n = b - 0x80;
    if (n < 1 || n > 3 || d.length < 2 + n || d[2] == 0) {
      return false;
    }
    long len = new java.math.BigInteger(1, Arrays.copyOfRange(d, 2, 2 + n)).longValue();
    return len >= 0x80 && d.length == 2 + n + len;
  }

  private static InetAddress proxy() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
