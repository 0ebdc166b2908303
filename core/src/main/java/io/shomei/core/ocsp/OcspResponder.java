package io.shomei.core.ocsp;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.KeyCustody;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OCSP responder (RFC 6960, lightweight profile of RFC 5019) for TLS terminators and other
 * relying parties: a framework-free function from an HTTP request to an {@link OcspAnswer}. Obtain
 * one from {@code Shomei.ocspResponder()} (wired to the engine's store, every issuing CA's custody,
 * clock and rules), or assemble one with {@link #builder()}.
 *
 * <pre>{@code
 * OcspResponder ocsp = shomei.ocspResponder()
 *     .delegatedResponder(responderKey, Duration.ofDays(7))   // optional; default: the CA signs
 *     .build();
 * // in the host's handler for POST /ocsp and GET /ocsp/{base64}:
 * OcspAnswer a = ocsp.handle(method, pathAfterMount, body);
 * }</pre>
 *
 * <h2>What it answers</h2>
 *
 * <p>For each certificate asked (by serial and issuer hashes, SHA-1 or SHA-2), from the record
 * login reads, at the moment of the request:
 *
 * <ul>
 *   <li>{@code good}: ACTIVE or ISSUED (not revoked; expiry is the relying party's own check);
 *   <li>{@code revoked} with the RFC 5280 reason and the revocation instant: REVOKED, and SUPERSEDED
 *       (reason {@code superseded}, at the instant of supersession), exactly as the CRL lists them;
 *   <li>{@code revoked} with the campaign's reason at its {@code unusable-from} instant, for a
 *       certificate a campaign with a {@code revocation-reason} makes unusable (rule-aware status,
 *       below);
 *   <li>{@code unknown}: a serial Shomei never recorded, or a record another CA issued.
 * </ul>
 *
 * <h2>Several CAs</h2>
 *
 * <p>One responder answers for every CA given to {@link Builder#keyCustody} (a new CA that issues
 * and an old one that only publishes status, say). A request is routed by its CertIDs' issuer
 * name and key hashes: the CA named by the first CertID that names one of the responder's CAs
 * answers, with the records kept under its name, and its answer is signed by that CA or by that
 * CA's delegated responder. Every other CertID of the same request, one naming another of the
 * responder's CAs included, is answered {@code unknown} (a response has one signer; relying
 * parties ask about one certificate per request in practice). A serial of CA A asked under CA B
 * is {@code unknown}, even when A and B share a name.
 *
 * <p>A request that asks only about certificates of other issuers gets {@code unauthorized}; a
 * request that does not parse (or is larger than {@link #MAX_REQUEST_BYTES}, asks about more than
 * {@link #MAX_CERTIFICATES_PER_REQUEST} certificates, carries a nonce longer than 32 octets or an
 * unknown critical extension) gets {@code malformedRequest}; a store or custody failure gets
 * {@code internalError}. None of these throws to the host. A nonce in the request is echoed in the
 * response. Request signatures are ignored (RFC 5019): the answers are public.
 *
 * <h2>Signing</h2>
 *
 * <p>Responses are signed through {@link KeyCustody}: by the CA itself (the default), or by a
 * delegated responder key ({@link Builder#delegatedResponder}) whose certificate the responder
 * issues through the CA's custody with {@code id-kp-OCSPSigning} and {@code id-pkix-ocsp-nocheck},
 * and re-issues when two thirds of its validity have passed. A responder certificate is audited as
 * {@code OCSP_RESPONDER_CERTIFIED}. The delegated key is typically a second key on the HSM, so the
 * CA key signs only certificates.
 *
 * <h2>Freshness and caching</h2>
 *
 * <p>Each answer is read from the store when it is asked: {@code thisUpdate} is the moment of the
 * request and {@code nextUpdate} is {@code thisUpdate +} {@link Builder#nextUpdate} (default one
 * hour), never after the responder certificate's expiry and, for a certificate a rule-aware
 * campaign will revoke, never after the campaign's {@code unusable-from}. Relying parties may
 * cache an answer until its {@code nextUpdate}; that is how stale their view can be. With
 * {@link Builder#cacheFor} the responder itself reuses a signed answer to a GET or POST without
 * nonce for at most that long (bounded by the answer's {@code nextUpdate}), and says so to HTTP
 * caches ({@code Cache-Control: max-age}); by default it does not, and an answer is never staler
 * than the database.
 *
 * <h2>Rule-aware status (off unless a rule asks for it)</h2>
 *
 * <p>A campaign rule with a {@code revocation-reason} (see {@code examples/rules/README.md}) makes
 * the responder answer {@code revoked} for every certificate the campaign makes unusable, from its
 * {@code unusable-from} instant on, with no batch job: at the cut-over second every terminator that
 * asks sees the decision login makes. The trade-off: a terminator that refuses the handshake shows
 * its own error, not the host's page telling the customer to re-acquire. Configure the terminator
 * to let the handshake complete and route a failed verification to that page (see the README,
 * "Revocation status for TLS terminators").
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public interface OcspResponder {

  /** The largest request body, in bytes (a request for one certificate is about 100 bytes). */
  int MAX_REQUEST_BYTES = 4096;

  /** The most certificates one request may ask about. */
  int MAX_CERTIFICATES_PER_REQUEST = 8;

  /**
   * Answers a POST: the body is the DER {@code OCSPRequest}.
   *
   * @param body the request body, at most {@link #MAX_REQUEST_BYTES} (a larger one gets 413)
   * @return the answer
   */
  OcspAnswer post(byte[] body);

  /**
   * Answers a GET: {@code encodedRequest} is what follows the responder's base path, the
   * URL-encoded base64 of the DER {@code OCSPRequest} (a leading {@code /} is ignored).
   *
   * @param encodedRequest the path after the mount point, as received (still percent-encoded)
   * @return the answer
   */
  OcspAnswer get(String encodedRequest);

  /**
   * Answers an HTTP request on the responder's mount point: GET and POST as above, 405 for any
   * other method.
   *
   * @param method the HTTP method
   * @param pathAfterMount the path after the mount point, still percent-encoded (empty for POST)
   * @param body the request body (empty for GET)
   * @return the answer
   */
  default OcspAnswer handle(String method, String pathAfterMount, byte[] body) {
    return switch (method) {
      case "POST" -> post(body);
      case "GET" -> get(pathAfterMount);
      default -> OcspEngine.notOcsp(405);
    };
  }

  /**
   * The certificate relying parties verify answers with, for a responder of one CA: the CA's, or
   * the current delegated responder certificate (issued now if there is none yet or it is due for
   * rotation).
   *
   * @return the signer's certificate
   * @throws io.shomei.spi.KeyCustodyException if issuing a delegated certificate failed
   * @throws IllegalStateException if the responder answers for several CAs (use
   *     {@link #signerCertificate(KeyCustody)})
   */
  X509Certificate signerCertificate();

  /**
   * The certificate relying parties verify one CA's answers with: that CA's, or the current
   * certificate of its delegated responder (issued now if there is none yet or it is due for
   * rotation).
   *
   * @param ca the CA's custody, as given to {@link Builder#keyCustody} (compared by certificate)
   * @return the signer's certificate for that CA's answers
   * @throws IllegalArgumentException if the responder does not answer for that CA
   * @throws io.shomei.spi.KeyCustodyException if issuing a delegated certificate failed
   * @since 0.2.0
   */
  X509Certificate signerCertificate(KeyCustody ca);

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link OcspResponder}. Every setter may be called once (once per CA for
   * {@link #keyCustody} and the three-argument {@link #delegatedResponder(KeyCustody, KeyCustody,
   * Duration)}, once per service for {@link #eligibility}) and checks its argument at once;
   * {@link #build()} names the first missing part.
   *
   * <p>Required: {@link #certificateStore}, at least one {@link #keyCustody}, {@link #clock}.
   *
   * @since 0.2.0
   */
  final class Builder {
    /** Shortest and longest {@code nextUpdate} interval. */
    static final Duration MIN_NEXT_UPDATE = Duration.ofMinutes(1);
    static final Duration MAX_NEXT_UPDATE = Duration.ofDays(7);

    @Nullable CertificateStore store;
    /** The CAs answered for, in the order given. */
    final List<KeyCustody> cas = new ArrayList<>();
    @Nullable Clock clock;
    @Nullable SecureRandom random;
    @Nullable AuditTrail audit;
    /** The delegated responder of "the only CA" (two-argument {@link #delegatedResponder}). */
    @Nullable Delegation onlyCaResponder;
    /** Delegated responders named by their CA's certificate. */
    final Map<X509Certificate, Delegation> responders = new LinkedHashMap<>();
    @Nullable Duration nextUpdate;
    @Nullable Duration cacheFor;
    final Map<String, Eligibility> rules = new LinkedHashMap<>();

    /** A delegated responder key and the validity of its certificates. */
    record Delegation(KeyCustody key, Duration validity) {
      Delegation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(validity, "validity");
        if (validity.compareTo(Duration.ofHours(1)) < 0
            || validity.compareTo(Duration.ofDays(90)) > 0) {
          throw new IllegalArgumentException(
              "responder certificate validity must be 1 hour .. 90 days");
        }
      }
    }

    Builder() {}

    /**
     * The certificate records to answer from (required): the store login reads.
     *
     * @param certificates the store
     * @return this builder
     */
    public Builder certificateStore(CertificateStore certificates) {
      store = once(store, certificates, "certificateStore");
      return this;
    }

    /**
     * A CA's custody (at least one required): whose certificates are answered for, and who signs
     * answers or the delegated responder's certificate. Call it once per CA; requests are routed
     * to a CA by the issuer hashes of their CertIDs (see "Several CAs" above).
     *
     * @param custody the CA's custody
     * @return this builder
     * @throws IllegalStateException if a CA with the same certificate was given before
     */
    public Builder keyCustody(KeyCustody custody) {
      Objects.requireNonNull(custody, "keyCustody");
      X509Certificate c = custody.certificate();
      for (KeyCustody known : cas) {
        if (known.certificate().equals(c)) {
          throw new IllegalStateException("keyCustody: the CA "
              + c.getSubjectX500Principal().getName() + " was already given");
        }
      }
      cas.add(custody);
      return this;
    }

    /**
     * The clock (required) of {@code thisUpdate}, {@code producedAt} and rule decisions.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      clock = once(clock, c, "clock");
      return this;
    }

    /**
     * The CSPRNG for responder certificate serials (default a new {@link SecureRandom}).
     *
     * @param r the CSPRNG
     * @return this builder
     */
    public Builder secureRandom(SecureRandom r) {
      random = once(random, r, "secureRandom");
      return this;
    }

    /**
     * Where responder certificate issuance is audited (default: not audited).
     *
     * @param trail the audit trail
     * @return this builder
     */
    public Builder auditTrail(AuditTrail trail) {
      audit = once(audit, trail, "auditTrail");
      return this;
    }

    /**
     * Signs the only CA's answers with a delegated responder key instead of the CA key. The
     * responder issues the key's certificate through the CA's custody ({@code id-kp-OCSPSigning},
     * {@code id-pkix-ocsp-nocheck}, the given validity) and issues a new one when two thirds of the
     * validity have passed. Only the key's public key and {@link KeyCustody#sign} are used: the
     * custody's own certificate may be a self-signed placeholder, as an HSM key needs one. With
     * several CAs, name the CA: {@link #delegatedResponder(KeyCustody, KeyCustody, Duration)}.
     *
     * @param key the responder key's custody (for example a second alias on the HSM)
     * @param validity validity of each responder certificate, 1 hour .. 90 days
     * @return this builder
     */
    public Builder delegatedResponder(KeyCustody key, Duration validity) {
      Delegation d = new Delegation(key, validity);
      onlyCaResponder = once(onlyCaResponder, d, "delegatedResponder");
      return this;
    }

    /**
     * Signs one CA's answers with a delegated responder key instead of that CA's key, as
     * {@link #delegatedResponder(KeyCustody, Duration)} does for a responder of one CA: the
     * responder certificate is issued through {@code ca}'s custody. Each CA may have its own
     * delegated responder; a CA without one signs its own answers.
     *
     * @param ca the CA's custody, given to {@link #keyCustody} too (compared by certificate)
     * @param key the responder key's custody (for example a second alias on the HSM)
     * @param validity validity of each responder certificate, 1 hour .. 90 days
     * @return this builder
     * @throws IllegalStateException if that CA's delegated responder was already set
     * @since 0.2.0
     */
    public Builder delegatedResponder(KeyCustody ca, KeyCustody key, Duration validity) {
      Objects.requireNonNull(ca, "ca");
      Delegation d = new Delegation(key, validity);
      X509Certificate c = ca.certificate();
      if (responders.putIfAbsent(c, d) != null) {
        throw new IllegalStateException("delegatedResponder of the CA "
            + c.getSubjectX500Principal().getName() + " already set");
      }
      return this;
    }

    /**
     * How long relying parties may rely on an answer: {@code nextUpdate = thisUpdate + interval}
     * (default 1 hour).
     *
     * @param interval 1 minute .. 7 days
     * @return this builder
     */
    public Builder nextUpdate(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(MIN_NEXT_UPDATE) < 0 || interval.compareTo(MAX_NEXT_UPDATE) > 0) {
        throw new IllegalArgumentException("nextUpdate interval must be 1 minute .. 7 days");
      }
      nextUpdate = once(nextUpdate, interval, "nextUpdate");
      return this;
    }

    /**
     * Lets the responder reuse a signed answer to a request without nonce for at most
     * {@code maxAge}, and never past the answer's {@code nextUpdate} (default: no reuse, every
     * answer is read from the store). At most 10,000 answers are kept.
     *
     * @param maxAge 1 second .. the {@code nextUpdate} interval
     * @return this builder
     */
    public Builder cacheFor(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("cacheFor must be at least 1 second");
      }
      cacheFor = once(cacheFor, maxAge, "cacheFor");
      return this;
    }

    /**
     * The eligibility rules of a service, for rule-aware status: a campaign with a
     * {@code revocation-reason} makes its certificates answer {@code revoked} from its
     * {@code unusable-from} on. {@code Shomei.ocspResponder()} sets every service's rules.
     *
     * @param service the service
     * @param eligibility its rules
     * @return this builder
     * @throws IllegalStateException if the service's rules were set before
     */
    public Builder eligibility(String service, Eligibility eligibility) {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(eligibility, "eligibility");
      if (rules.putIfAbsent(service, eligibility) != null) {
        throw new IllegalStateException("eligibility of " + service + " was already set");
      }
      return this;
    }

    private static <T> T require(@Nullable T value, String name) {
      if (value == null) {
        throw new IllegalStateException("OcspResponder.builder(): " + name + " is required");
      }
      return value;
    }

    /**
     * Builds the responder.
     *
     * @return the responder
     * @throws IllegalStateException naming the first missing part, when {@code cacheFor} is
     *     longer than the {@code nextUpdate} interval, when the two-argument
     *     {@code delegatedResponder} is set with several CAs, or when a delegated responder names a
     *     CA not given to {@link #keyCustody}
     * @throws IllegalArgumentException if a custody cannot sign with SHA-256 for its key
     */
    public OcspResponder build() {
      CertificateStore s = require(store, "certificateStore");
      if (cas.isEmpty()) {
        throw new IllegalStateException("OcspResponder.builder(): keyCustody is required");
      }
      Clock c = require(clock, "clock");
      Duration next = nextUpdate == null ? Duration.ofHours(1) : nextUpdate;
      if (cacheFor != null && cacheFor.compareTo(next) > 0) {
        throw new IllegalStateException("OcspResponder.builder(): cacheFor " + cacheFor
            + " is longer than the nextUpdate interval " + next);
      }
      Map<X509Certificate, Delegation> delegated = new LinkedHashMap<>(responders);
      if (onlyCaResponder != null) {
        if (cas.size() != 1) {
          throw new IllegalStateException("OcspResponder.builder(): delegatedResponder(key, "
              + "validity) is for a responder of one CA; with " + cas.size()
              + " CAs name the CA: delegatedResponder(ca, key, validity)");
        }
        if (delegated.putIfAbsent(cas.get(0).certificate(), onlyCaResponder) != null) {
          throw new IllegalStateException(
              "OcspResponder.builder(): the CA's delegatedResponder was set twice");
        }
      }
      SecureRandom r = random == null ? new SecureRandom() : random;
      List<OcspEngine.Authority> authorities = new ArrayList<>(cas.size());
      for (KeyCustody ca : cas) {
        X509Certificate cert = ca.certificate();
        Delegation d = delegated.remove(cert);
        ResponderKeys keys = d == null ? ResponderKeys.ca(ca)
            : ResponderKeys.delegated(ca, d.key(), d.validity(), c, r, audit);
        boolean nameShared = false;
        for (KeyCustody other : cas) {
          nameShared |= other != ca && other.certificate().getSubjectX500Principal()
              .equals(cert.getSubjectX500Principal());
        }
        authorities.add(new OcspEngine.Authority(cert, keys, nameShared));
      }
      if (!delegated.isEmpty()) {
        throw new IllegalStateException("OcspResponder.builder(): delegatedResponder names a CA "
            + "not given to keyCustody: "
            + delegated.keySet().iterator().next().getSubjectX500Principal().getName());
      }
      return new OcspEngine(s, authorities, c, next, cacheFor, Map.copyOf(rules));
    }
  }
}
