package io.shomei.core.ocsp;

import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.RuleRevocation;
import io.shomei.core.internal.x509.Bc;
import io.shomei.core.internal.x509.FunctionContentSigner;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.IssuerName;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.ShomeiException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The responder; see {@link OcspResponder}. */
final class OcspEngine implements OcspResponder {
  private static final Logger LOG = LoggerFactory.getLogger(OcspEngine.class);
  private static final int MAX_CACHED = 10_000;
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  /** The status code of an unsigned OCSP error response, DER, for each error. */
  private static final Map<Integer, byte[]> ERRORS = new ConcurrentHashMap<>();

  private final CertificateStore store;
  private final Clock clock;
  /** The CAs answered for, in the order they were given. */
  private final List<Authority> authorities;
  private final Duration nextUpdate;
  private final @Nullable Duration cacheFor;
  private final Map<String, Eligibility> rules;
  private final Map<ByteBuffer, Cached> cache = new ConcurrentHashMap<>();

  /** A signed answer the responder may reuse until {@code expires}. */
  // never leaves the engine, never compared: the array is handed to OcspAnswer, which copies it
  @SuppressWarnings("ArrayRecordComponent")
  private record Cached(byte[] der, Instant thisUpdate, Instant nextUpdate, Instant expires) {}

  /**
   * One CA the responder answers for: the CertIDs that name it, the key its serials are kept
   * under in the store, and who signs its answers.
   */
  static final class Authority {
    private final X509Certificate certificate;
    private final ResponderKeys keys;
    /** The key under which the store keeps this CA's serials. */
    private final IssuerName issuer;
    /** Issuer name and key hashes per hash algorithm (SHA-1 and the SHA-2 family). */
    private final Map<ASN1ObjectIdentifier, byte[][]> hashes;
    /**
     * Whether another CA of this responder has the same name: then a record found under the name
     * may be the other CA's, and only one whose signature this CA's key verifies is answered.
     */
    private final boolean nameShared;

    Authority(X509Certificate certificate, ResponderKeys keys, boolean nameShared) {
      this.certificate = certificate;
      this.keys = keys;
      this.nameShared = nameShared;
      byte[] name = certificate.getSubjectX500Principal().getEncoded();
      byte[] key = ResponderKeys.spki(certificate.getPublicKey()).getPublicKeyData().getBytes();
      this.issuer = IssuerName.ofEncoded(name);
      Map<ASN1ObjectIdentifier, byte[][]> h = new LinkedHashMap<>();
      h.put(OIWObjectIdentifiers.idSHA1, hashes("SHA-1", name, key));
      h.put(NISTObjectIdentifiers.id_sha256, hashes("SHA-256", name, key));
      h.put(NISTObjectIdentifiers.id_sha384, hashes("SHA-384", name, key));
      h.put(NISTObjectIdentifiers.id_sha512, hashes("SHA-512", name, key));
      this.hashes = Map.copyOf(h);
    }

    X509Certificate certificate() {
      return certificate;
    }

    ResponderKeys keys() {
      return keys;
    }

    private static byte[][] hashes(String algorithm, byte[] name, byte[] key) {
      try {
        return new byte[][] {MessageDigest.getInstance(algorithm).digest(name),
            MessageDigest.getInstance(algorithm).digest(key)};
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(algorithm + " is required of every Java platform", e);
      }
    }

    /** Whether the CertID names this CA by its name and key hashes. */
    boolean named(CertID id) {
      byte[][] h = hashes.get(id.getHashAlgorithm().getAlgorithm());
      return h != null && MessageDigest.isEqual(h[0], id.getIssuerNameHash().getOctets())
          && MessageDigest.isEqual(h[1], id.getIssuerKeyHash().getOctets());
    }

    /** Whether this CA signed the record's certificate (checked only when its name is shared). */
    boolean signed(CertificateRecord r) {
      if (!nameShared) {
        return true; // the store keys serials by issuer name: the record is this CA's
      }
      try {
        return new X509CertificateHolder(r.der()).isSignatureValid(
            new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER)
                .build(certificate.getPublicKey()));
      } catch (IOException | CertException | OperatorCreationException | RuntimeException e) {
        return false; // not verifiable with this CA's key: not this CA's certificate
      }
    }
  }

  OcspEngine(CertificateStore store, List<Authority> authorities, Clock clock,
      Duration nextUpdate, @Nullable Duration cacheFor, Map<String, Eligibility> rules) {
    if (authorities.isEmpty()) {
      throw new IllegalArgumentException("an OCSP responder answers for at least one CA");
    }
    this.store = store;
    this.authorities = List.copyOf(authorities);
    this.clock = clock;
    this.nextUpdate = nextUpdate;
    this.cacheFor = cacheFor;
    this.rules = rules;
  }

  // ---------------------------------------------------------------- HTTP level

  @Override
  public OcspAnswer post(byte[] body) {
    if (body.length > MAX_REQUEST_BYTES) {
      return notOcsp(413);
    }
    return answer(body, false);
  }

  @Override
  public OcspAnswer get(String encodedRequest) {
    byte[] der;
    try {
      der = OcspRequestParser.decodeGet(encodedRequest);
    } catch (OcspRequestParser.Malformed e) {
      return error(OCSPRespBuilder.MALFORMED_REQUEST, OcspAnswer.Outcome.MALFORMED_REQUEST);
    }
    return answer(der, true);
  }

  @Override
  public X509Certificate signerCertificate() {
    if (authorities.size() != 1) {
      throw new IllegalStateException("this responder answers for " + authorities.size()
          + " CAs: ask signerCertificate(ca) for one of them");
    }
    return authorities.get(0).keys().signer(clock.instant()).certificate();
  }

  @Override
  public X509Certificate signerCertificate(KeyCustody ca) {
    X509Certificate wanted = ca.certificate();
    for (Authority a : authorities) {
      if (a.certificate().equals(wanted)) {
        return a.keys().signer(clock.instant()).certificate();
      }
    }
    throw new IllegalArgumentException("this responder does not answer for "
        + wanted.getSubjectX500Principal().getName());
  }

  static OcspAnswer notOcsp(int status) {
    return new OcspAnswer(status, Map.of(), new byte[0], OcspAnswer.Outcome.NOT_OCSP, null);
  }

  private static OcspAnswer error(int status, OcspAnswer.Outcome outcome) {
    byte[] der = ERRORS.computeIfAbsent(status, s -> {
      try {
        return new OCSPRespBuilder().build(s, null).getEncoded();
      } catch (OCSPException | IOException e) {
        throw new IllegalStateException("cannot encode an OCSP error response", e);
      }
    });
    return new OcspAnswer(200, Map.of("Content-Type", OcspAnswer.MEDIA_TYPE), der, outcome, null);
  }

  private OcspAnswer answer(byte[] der, boolean get) {
    OcspRequestParser.Parsed req;
    try {
      req = OcspRequestParser.parse(der);
    } catch (OcspRequestParser.Malformed e) {
      return error(OCSPRespBuilder.MALFORMED_REQUEST, OcspAnswer.Outcome.MALFORMED_REQUEST);
    }
    Instant now = clock.instant();
    ByteBuffer key = null;
    if (cacheFor != null && req.nonce() == null && req.certIds().size() == 1) {
      key = cacheKey(req.certIds().get(0));
      Cached c = cache.get(key);
      if (c != null && now.isBefore(c.expires())) {
        return successful(c.der(), c.thisUpdate(), c.nextUpdate(), get, c.expires(), now);
      }
    }
    try {
      return respond(req, now, get, key);
    } catch (ShomeiException e) {
      // a store or custody failure: the relying party may retry; the host sees an outcome
      LOG.warn("OCSP answer failed: {}", e.getClass().getSimpleName());
      return error(OCSPRespBuilder.INTERNAL_ERROR, OcspAnswer.Outcome.INTERNAL_ERROR);
    }
  }

  private static ByteBuffer cacheKey(CertID id) {
    try {
      return ByteBuffer.wrap(id.getEncoded(ASN1Encoding.DER));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a CertID", e);
    }
  }

  // ---------------------------------------------------------------- OCSP level

  /** The status of one certificate, and until when it may be relied on. */
  private record Status(org.bouncycastle.cert.ocsp.@Nullable CertificateStatus value,
      @Nullable Instant changesAt) {}

  private OcspAnswer respond(OcspRequestParser.Parsed req, Instant at, boolean get,
      @Nullable ByteBuffer cacheKey) {
    Authority ca = answering(req.certIds());
    if (ca == null) {
      return error(OCSPRespBuilder.UNAUTHORIZED, OcspAnswer.Outcome.UNAUTHORIZED);
    }
    Instant now = at.truncatedTo(ChronoUnit.SECONDS);
    ResponderKeys.Signer signer = ca.keys().signer(at);
    Instant next = now.plus(nextUpdate);
    if (signer.notAfter().isBefore(next)) {
      next = signer.notAfter();
    }
    BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(signer.responderId());
    Instant earliest = next;
    for (CertID id : req.certIds()) {
      Status s;
      if (ca.named(id)) {
        s = status(ca, id.getSerialNumber().getValue(), at);
      } else {
        // another issuer, or another of this responder's CAs: one signer per response
        s = new Status(new UnknownStatus(), null);
      }
      Instant singleNext = next;
      if (s.changesAt() != null && s.changesAt().isAfter(now) && s.changesAt().isBefore(next)) {
        singleNext = s.changesAt();
      }
      b.addResponse(new CertificateID(id), s.value(), Date.from(now), Date.from(singleNext), null);
      if (singleNext.isBefore(earliest)) {
        earliest = singleNext;
      }
    }
    if (req.nonce() != null) {
      b.setResponseExtensions(new Extensions(req.nonce()));
    }
    byte[] der;
    try {
      BasicOCSPResp basic = b.build(new FunctionContentSigner(signer.algorithm(),
          signer.key()::sign), signer.certificates(), Date.from(now));
      der = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    } catch (OCSPException | IOException e) {
      throw new IllegalStateException("cannot build the OCSP response", e);
    }
    Instant expires = now;
    if (cacheKey != null && cacheFor != null) {
      expires = now.plus(cacheFor);
      if (expires.isAfter(earliest)) {
        expires = earliest;
      }
      if (cache.size() >= MAX_CACHED) {
        cache.clear(); // bounded: a flood of distinct requests costs a refill, not memory
      }
      cache.put(cacheKey, new Cached(der, now, earliest, expires));
    }
    return successful(der, now, earliest, get, expires, at);
  }

  /** The CA of the first CertID that names one of this responder's CAs, or {@code null}. */
  private @Nullable Authority answering(List<CertID> ids) {
    for (CertID id : ids) {
      for (Authority a : authorities) {
        if (a.named(id)) {
          return a;
        }
      }
    }
    return null;
  }

  private Status status(Authority ca, BigInteger serial, Instant now) {
    if (serial.signum() <= 0 || serial.bitLength() > 159) {
      return new Status(new UnknownStatus(), null); // never a serial of a record
    }
    // a serial is unique per issuer only: an adopted CA may have used it too
    Optional<CertificateRecord> found = store.findBySerial(ca.issuer, serial);
    if (found.isEmpty() || !ca.signed(found.get())) {
      return new Status(new UnknownStatus(), null);
    }
    CertificateRecord r = found.get();
    if (r.status() == CertificateStatus.REVOKED || r.status() == CertificateStatus.SUPERSEDED) {
      RevocationReason reason = r.revocationReason();
      int code = reason == null ? CRLReason.superseded : reason.code();
      return new Status(revoked(java.util.Objects.requireNonNull(r.statusChangedAt()), code), null);
    }
    return ruleAware(r, now);
  }

  /** Good, unless a campaign with a revocation reason made the certificate unusable. */
  private Status ruleAware(CertificateRecord r, Instant now) {
    Eligibility e = rules.get(r.account().service());
    if (e == null) {
      return new Status(null, null);
    }
    RuleRevocation byRule = e.revocationByRule(r, now);
    if (byRule instanceof RuleRevocation.Revoked revoked) {
      return new Status(revoked(revoked.at(), revoked.reason().code()), null);
    }
    return new Status(null, ((RuleRevocation.NotRevoked) byRule).revokedFrom());
  }

  private static org.bouncycastle.cert.ocsp.CertificateStatus revoked(Instant at, int code) {
    Date when = Date.from(at.truncatedTo(ChronoUnit.SECONDS));
    if (code == CRLReason.unspecified) {
      // as in the CRL: the reason code unspecified is left out (RFC 5280, 5.3.1)
      return new RevokedStatus(new RevokedInfo(new ASN1GeneralizedTime(when), null));
    }
    return new RevokedStatus(when, code);
  }


  private static OcspAnswer successful(byte[] der, Instant thisUpdate, Instant next, boolean get,
      Instant expires, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", OcspAnswer.MEDIA_TYPE);
    if (get) {
      long maxAge = Math.max(0, Duration.between(now, expires).toSeconds());
      headers.put("Cache-Control", "max-age=" + maxAge + ", public, no-transform, must-revalidate");
      headers.put("Last-Modified", HTTP_DATE.format(thisUpdate));
      headers.put("Expires", HTTP_DATE.format(next));
      headers.put("ETag", "\"" + etag(der) + "\"");
    }
    return new OcspAnswer(200, headers, der, OcspAnswer.Outcome.SUCCESSFUL, next);
  }

  private static String etag(byte[] der) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** For tests: the cached answers. */
  int cached() {
    return cache.size();
  }

  @Override
  public String toString() {
    StringBuilder signers = new StringBuilder();
    for (Authority a : authorities) {
      signers.append(signers.length() == 0 ? "" : ", ").append(a.keys().getClass().getSimpleName());
    }
    return "OcspResponder[" + authorities.size() + (authorities.size() == 1 ? " CA (" : " CAs (")
        + signers + "), nextUpdate=" + nextUpdate
        + (cacheFor == null ? "" : ", cacheFor=" + cacheFor) + "]";
  }

}
