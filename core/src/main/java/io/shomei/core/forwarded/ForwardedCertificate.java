package io.shomei.core.forwarded;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ForwardedCertificates#decode} found in a request: a {@link Forwarded} chain, nothing
 * ({@link Absent}), or a {@link Refused} header. Switch on it:
 *
 * <pre>{@code
 * ForwardedCertificate fc = forwarded.decode(peer, List.of(), exchange.getRequestHeaders()::get);
 * if (fc instanceof ForwardedCertificate.Forwarded f) {
 *   LoginResult.CertificateStep step = login.presentEncodedCertificate(service, f.chain());
 * } else if (fc instanceof ForwardedCertificate.Refused r) {
 *   // r.reason(): untrusted peer, malformed, duplicated, oversized (audited already)
 * } // else Absent: no certificate, ask the customer to choose one
 * }</pre>
 *
 * <p>No value carries header text: a refused header may be anything an attacker chose.
 *
 * @since 0.2.0
 */
public sealed interface ForwardedCertificate {

  /**
   * A trusted peer forwarded a chain. It is only decoded, not validated: pass it to
   * {@link io.shomei.core.Login#presentEncodedCertificate} or
   * {@link io.shomei.core.Certificates#checkEncoded}, which accept it exactly like a directly
   * presented chain (per-service anchors, binding to the account's active certificate).
   *
   * @param chain the DER encodings, the client's certificate first, each one DER {@code SEQUENCE};
   *     copied in and out
   * @since 0.2.0
   */
  record Forwarded(List<byte[]> chain) implements ForwardedCertificate {
    /** Copies the encodings; requires at least one. */
    public Forwarded {
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("a forwarded chain has at least the client's certificate");
      }
      chain = copy(chain);
    }

    /**
     * The DER encodings, the client's certificate first.
     *
     * @return copies of the encodings
     */
    @Override
    public List<byte[]> chain() {
      return copy(chain);
    }

    private static List<byte[]> copy(List<byte[]> in) {
      List<byte[]> out = new ArrayList<>(in.size());
      for (byte[] b : in) {
        out.add(Objects.requireNonNull(b, "encoding").clone());
      }
      return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Forwarded f) || f.chain.size() != chain.size()) {
        return false;
      }
      for (int i = 0; i < chain.size(); i++) {
        if (!java.util.Arrays.equals(chain.get(i), f.chain.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (byte[] b : chain) {
        h = 31 * h + java.util.Arrays.hashCode(b);
      }
      return h;
    }

    @Override
    public String toString() {
      return "Forwarded[" + chain.size() + " certificate(s)]";
    }
  }

  /**
   * No certificate was forwarded: no header, or the empty value a proxy sends when the client
   * presented no certificate. Not audited (an ordinary visitor without a certificate).
   *
   * @since 0.2.0
   */
  record Absent() implements ForwardedCertificate {}

  /**
   * A refused header; with an audit trail configured, each is audited as
   * {@link io.shomei.core.audit.AuditEventType#FORWARDED_CERTIFICATE_REFUSED}.
   *
   * @since 0.2.0
   */
  sealed interface Refused extends ForwardedCertificate {
    /**
     * Why.
     *
     * @return the reason
     */
    ForwardedRefusal reason();

    /**
     * The configured name of the header concerned.
     *
     * @return the header name
     */
    String header();
  }

  /**
   * A certificate header came from a peer that is not trusted; nothing of it was decoded.
   *
   * @param header the configured name of the header that was present
   * @since 0.2.0
   */
  record UntrustedPeer(String header) implements Refused {
    @Override
    public ForwardedRefusal reason() {
      return ForwardedRefusal.UNTRUSTED_PEER;
    }
  }

  /**
   * A header is not in the configured format.
   *
   * @param header the configured name of the header
   * @param problem what is wrong, in words of this library (never the header's text)
   * @since 0.2.0
   */
  record Malformed(String header, String problem) implements Refused {
    @Override
    public ForwardedRefusal reason() {
      return ForwardedRefusal.MALFORMED;
    }
  }

  /**
   * A header that must occur once occurred several times (or held several joined values).
   *
   * @param header the configured name of the header
   * @param count how many values were found
   * @since 0.2.0
   */
  record Duplicated(String header, int count) implements Refused {
    @Override
    public ForwardedRefusal reason() {
      return ForwardedRefusal.DUPLICATED;
    }
  }

  /**
   * A header is longer than the limit, or carries more certificates than the limit.
   *
   * @param header the configured name of the header
   * @param size its length in chars, or the number of certificates
   * @param limit the limit it broke
   * @since 0.2.0
   */
  record Oversized(String header, int size, int limit) implements Refused {
    @Override
    public ForwardedRefusal reason() {
      return ForwardedRefusal.OVERSIZED;
    }
  }
}
