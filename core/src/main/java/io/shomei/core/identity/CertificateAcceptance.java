package io.shomei.core.identity;

import io.shomei.core.internal.x509.CertificateFacts;
import io.shomei.core.internal.x509.ChainValidator;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a presented client certificate is good for login to a service at an instant,
 * and to which account.
 *
 * <pre>{@code
 * CertificateAcceptance acceptance = CertificateAcceptance.builder()
 *     .certificateStore(store)
 *     .trustAnchors("fx-forward", List.of(bankRootCa))
 *     .zone(ZoneId.of("Asia/Tokyo"))
 *     .build();
 * AcceptanceResult r = acceptance.accept(List.of(peerCertificates), "fx-forward", clock.instant());
 * }</pre>
 *
 * <h2>What is checked, in this order</h2>
 *
 * <ol>
 *   <li>The first presented certificate is the customer's (the one whose key the TLS handshake
 *       proved; RFC 8446 section 4.4.2 puts it first), exactly as presented: a chain is never
 *       reordered. It must not be a CA certificate and must not be self-issued. Encodings given to
 *       {@link #acceptEncoded} must first parse as DER certificates
 *       ({@link AcceptanceRefusal#MALFORMED_CERTIFICATE}).
 *   <li>Its subject maps to a user ID ({@link CertificateMapper}).
 *   <li>It is valid at {@code now}, both ends inclusive.
 *   <li>Leaf rules the JDK's PKIX validation lets through: signature algorithm and key allowed by
 *       the {@link CertificatePolicy} (default {@link CertificatePolicy#bankDefault()}: RSA
 *       PKCS#1 v1.5, RSASSA-PSS or ECDSA with SHA-256/384/512; RSA of 2048..8192 bits or EC on
 *       P-256/P-384), extended key usage listing clientAuth (anyExtendedKeyUsage does not count),
 *       keyUsage with digitalSignature.
 *   <li>A PKIX path (JDK {@code CertPathValidator}, date {@code now}, revocation checking off) to a
 *       trust anchor configured <em>for this service</em> and current at {@code now} (its
 *       {@link DatedTrustAnchor window}, if it has one, contains {@code now}), whose own
 *       certificate must be valid at {@code now} (RFC 5280 does not ask this of an anchor; banks do: see
 *       {@link Builder#checkTrustAnchorValidity(boolean)}). The other presented certificates may come
 *       in any order; at most ten are looked at, and the path search is bounded (paths of at
 *       most six CA certificates, at most 64 path extensions tried per call), so certificates
 *       that name each other as issuers cannot make it try every ordering. Every CA
 *       certificate of the path must also have a signature algorithm the policy allows.
 *       <br>ECDSA signatures on P-256, P-384 and P-521 are verified by an unregistered Bouncy
 *       Castle provider instance (about a fifth of the JDK's cost here, BENCHMARKS.md); every other
 *       signature, and every one that does not verify there, is the JDK's to decide, so the
 *       verdicts are the JDK validator's. No provider is installed in the JVM.
 *       <br>A path that validated is remembered per service under the leaf's SHA-256 fingerprint
 *       (at most {@value #DEFAULT_VERIFIED_PATH_CACHE} by default, see
 *       {@link Builder#verifiedPathCache(int)}). The same certificate presented again skips the
 *       path search and the signature verifications when every CA certificate of the remembered
 *       path is presented again and every certificate of it is valid at {@code now}; every other
 *       check of this list is made on every call. The signature verification is most of the cost of
 *       an acceptance (BENCHMARKS.md). Refusals are never remembered.
 *   <li><b>Revocation by the issuing CAs</b> (only with {@link Builder#issuerCrls}): every
 *       certificate of the validated path whose issuer is a CA configured there is looked up in
 *       that CA's loaded CRL ({@link AcceptanceRefusal#REVOKED_BY_ISSUER}); a CA configured to
 *       require a CRL must have a current one ({@link AcceptanceRefusal#REVOCATION_STATUS_UNKNOWN}).
 *       Made on every call, a remembered path included.
 *   <li><b>Binding</b>: the certificate, found by the SHA-256 fingerprint of its DER, must be the
 *       stored ACTIVE certificate of exactly the mapped user and this service, and the record must
 *       be conforming. This is re-read from the {@link CertificateStore} on every call, so a
 *       superseded or revoked certificate stops working at once, with no cache to expire. It
 *       replaces CRL/OCSP for the bank's own certificates.
 * </ol>
 *
 * <p>Untrusted certificates are refused before the store is asked, so strangers cannot probe it.
 *
 * <p>Reissue-eligibility rules and the password step are not part of acceptance: a login flow
 * evaluates them against {@link AcceptanceResult.Accepted#certificate()}.
 *
 * <h2>Security</h2>
 *
 * <p>The user is derived from the subject's DER, never from {@code X500Principal.getName()}: the
 * JDK decodes BMPString bytes as UTF-8, so a BMPString CN of CJK characters can read as
 * {@code 12345678}. See {@link CertificateMapper}. Identity is never taken from the SAN, the
 * subject's serialNumber, UID or emailAddress.
 *
 * <p>Immutable and thread-safe. Clock-free: the instant is a parameter. Expected outcomes are
 * {@link AcceptanceResult} values; only a store failure ({@link io.shomei.spi.StorageException})
 * or a programmer error is thrown.
 *
 * @since 0.1.0
 */
public final class CertificateAcceptance {
  /** Longest encoding {@link #acceptEncoded} parses, in bytes. */
  public static final int MAX_ENCODED_LENGTH = 64 * 1024;

  /** How many verified paths each service remembers unless the builder says otherwise. */
  public static final int DEFAULT_VERIFIED_PATH_CACHE = 10_000;

  private final CertificateStore store;
  private final CertificateMapper mapper;
  private final ZoneId zone;
  private final CertificatePolicy policy;
  private final Map<String, AnchorSchedule> validators;
  private final boolean anchorValidity;
  private final @Nullable IssuerCrls crls;
  /** The strict-DER check, remembered per fingerprint as the verified paths are. */
  private final DerChecked derChecked;

  private CertificateAcceptance(Builder b, CertificateStore store, ZoneId zone) {
    this.crls = b.crls;
    this.anchorValidity = b.anchorValidity == null || b.anchorValidity;
    this.store = store;
    this.mapper = b.mapper == null ? CertificateMapper.standard() : b.mapper;
    this.zone = zone;
    this.policy = b.policy == null ? CertificatePolicy.bankDefault() : b.policy;
    Map<String, AnchorSchedule> v = new LinkedHashMap<>();
    int cache = b.verifiedPathCache == null ? DEFAULT_VERIFIED_PATH_CACHE : b.verifiedPathCache;
    b.anchors.forEach((service, anchors) -> v.put(service, new AnchorSchedule(anchors, cache)));
    this.validators = Map.copyOf(v);
    this.derChecked = new DerChecked(cache);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The services this instance has trust anchors for.
   *
   * @return an immutable set
   */
  public Set<String> services() {
    return validators.keySet();
  }

  /**
   * The trust anchors a service's logins accept at an instant: its anchors whose
   * {@link DatedTrustAnchor window} contains the instant (an anchor without a window always).
   * A host's TLS server names these as the acceptable issuers of its certificate request (see
   * {@link ClientCertificateTrustManager#following}), so that browsers offer only certificates that
   * can still log in.
   *
   * @param service a service with trust anchors configured
   * @param at the instant, usually of the handshake
   * @return the current anchors in configuration order; empty when none is current
   * @throws IllegalArgumentException if {@code service} has no trust anchors configured
   * @since 0.2.0
   */
  public List<X509Certificate> trustAnchorsAt(String service, Instant at) {
    Objects.requireNonNull(at, "at");
    AnchorSchedule schedule = validators.get(Objects.requireNonNull(service, "service"));
    if (schedule == null) {
      throw new IllegalArgumentException("no trust anchors configured for service " + service);
    }
    return schedule.anchorsAt(at);
  }

  /**
   * The trust anchors the logins of any service accept at an instant, each once, in the order of
   * the services and of their anchors: the acceptable issuers of a TLS port shared by every
   * service.
   *
   * @param at the instant, usually of the handshake
   * @return the current anchors; empty when none is current
   * @since 0.2.0
   */
  public List<X509Certificate> trustAnchorsAt(Instant at) {
    Objects.requireNonNull(at, "at");
    Set<X509Certificate> all = new LinkedHashSet<>();
    validators.values().forEach(schedule -> all.addAll(schedule.anchorsAt(at)));
    return List.copyOf(all);
  }

  /**
   * Every trust anchor of a service with its window, as configured.
   *
   * @param service a service with trust anchors configured
   * @return the dated anchors (an anchor without a window is {@link DatedTrustAnchor#always})
   * @throws IllegalArgumentException if {@code service} has no trust anchors configured
   * @since 0.2.0
   */
  public List<DatedTrustAnchor> datedTrustAnchors(String service) {
    AnchorSchedule schedule = validators.get(Objects.requireNonNull(service, "service"));
    if (schedule == null) {
      throw new IllegalArgumentException("no trust anchors configured for service " + service);
    }
    return schedule.anchors();
  }

  /**
   * Decides whether a presented chain, as its encodings, is good for login to {@code service} at
   * {@code now}: what a TLS terminator forwards, or a file holds. Each encoding must be exactly one
   * certificate that the platform's X.509 parser reads, with nothing after it, and must be what
   * that parser reads back ({@link AcceptanceRefusal#MALFORMED_CERTIFICATE} otherwise); then
   * everything {@link #accept} checks follows.
   *
   * @param presented the encodings, the customer's certificate first; may be empty
   * @param service the service logged in to; must have trust anchors configured
   * @param now the instant of the login
   * @return the accepted account and bound record, or the typed refusal
   * @throws IllegalArgumentException if {@code service} has no trust anchors configured
   * @throws io.shomei.spi.StorageException if the certificate store fails
   * @since 0.2.0
   */
  public AcceptanceResult acceptEncoded(List<byte[]> presented, String service, Instant now) {
    Objects.requireNonNull(now, "now");
    if (!validators.containsKey(Objects.requireNonNull(service, "service"))) {
      throw new IllegalArgumentException("no trust anchors configured for service " + service);
    }
    if (presented.size() > ChainValidator.MAX_PRESENTED + 1) {
      return refused(AcceptanceRefusal.UNTRUSTED_CHAIN, "more than "
          + (ChainValidator.MAX_PRESENTED + 1) + " certificates presented", null, null, null);
    }
    List<X509Certificate> parsed = new ArrayList<>(presented.size());
    for (int i = 0; i < presented.size(); i++) {
      String which = i == 0 ? "the presented certificate" : "presented certificate " + (i + 1);
      X509Certificate c = parseStrictly(presented.get(i));
      if (c == null) {
        return refused(AcceptanceRefusal.MALFORMED_CERTIFICATE,
            which + " is not a well-formed X.509 certificate in DER", null, null, null);
      }
      parsed.add(c);
    }
    return accept(parsed, service, now);
  }

  /** One DER certificate filling all of {@code der}, as the platform parses it, or null. */
  private static @Nullable X509Certificate parseStrictly(byte[] der) {
    if (der.length == 0 || der.length > MAX_ENCODED_LENGTH) {
      return null;
    }
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(der);
      if (!(CertificateFactory.getInstance("X.509").generateCertificate(in)
          instanceof X509Certificate c) || in.available() != 0
          || !Arrays.equals(c.getEncoded(), der)) {
        return null;
      }
      return c;
    } catch (CertificateException | RuntimeException e) {
      return null; // the parser's checked and unchecked failures alike
    }
  }

  /**
   * Decides whether the presented certificate is good for login to {@code service} at {@code now}.
   *
   * @param presented the certificates the client presented, its own first (as
   *     {@code SSLSession.getPeerCertificates()} returns them); the others in any order; may be
   *     empty
   * @param service the service logged in to; must have trust anchors configured
   * @param now the instant of the login
   * @return the accepted account and bound record, or the typed refusal
   * @throws IllegalArgumentException if {@code service} has no trust anchors configured
   * @throws io.shomei.spi.StorageException if the certificate store fails
   */
  public AcceptanceResult accept(List<X509Certificate> presented, String service, Instant now) {
    Objects.requireNonNull(now, "now");
    AnchorSchedule schedule = validators.get(Objects.requireNonNull(service, "service"));
    if (schedule == null) {
      throw new IllegalArgumentException("no trust anchors configured for service " + service);
    }
    if (presented.isEmpty()) {
      return refused(AcceptanceRefusal.NO_CERTIFICATE, "no certificate was presented", null, null,
          null);
    }
    X509Certificate leaf = presented.get(0);
    byte[] der;
    try {
      der = leaf.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the presented certificate cannot be encoded", e);
    }
    String fingerprint = CertificateRecord.fingerprintOf(der);
    CertificateSummary summary = CertificateSummary.of(leaf, der, fingerprint, zone);

    if (!derChecked.isDer(der, fingerprint)) {
      return refused(AcceptanceRefusal.MALFORMED_CERTIFICATE,
          "the presented certificate is not DER", null, null, null);
    }
    for (int i = 1; i < presented.size() && i <= ChainValidator.MAX_PRESENTED; i++) {
      byte[] other;
      try {
        other = presented.get(i).getEncoded();
      } catch (CertificateEncodingException e) {
        other = new byte[0];
      }
      if (other.length == 0 || !derChecked.isDer(other, CertificateRecord.fingerprintOf(other))) {
        return refused(AcceptanceRefusal.MALFORMED_CERTIFICATE,
            "presented certificate " + (i + 1) + " is not DER", null, null, null);
      }
    }
    if (CertificateFacts.isCa(leaf)) {
      return refused(AcceptanceRefusal.CA_CERTIFICATE_AS_LEAF,
          "the presented certificate is a CA certificate", null, summary, null);
    }
    if (CertificateFacts.isSelfIssued(leaf)) {
      return refused(AcceptanceRefusal.SELF_SIGNED_LEAF,
          "the presented certificate is self-issued", null, summary, null);
    }
    MappingResult mapping = mapper.map(leaf);
    if (mapping instanceof MappingResult.Refused r) {
      return refused(AcceptanceRefusal.SUBJECT_NOT_MAPPABLE, r.detail(), r.reason(), summary, null);
    }
    String userId = ((MappingResult.Mapped) mapping).userId();
    if (now.isBefore(summary.notBefore())) {
      return refused(AcceptanceRefusal.NOT_YET_VALID,
          "the certificate is valid from " + summary.notBeforeInZone(), null, summary, null);
    }
    if (now.isAfter(summary.notAfter())) {
      return refused(AcceptanceRefusal.EXPIRED,
          "the certificate expired at " + summary.notAfterInZone(), null, summary, null);
    }
    if (!policy.allowsSignatureAlgorithm(leaf.getSigAlgOID(), leaf.getSigAlgParams())) {
      return refused(AcceptanceRefusal.WEAK_SIGNATURE_ALGORITHM,
          "the certificate's signature algorithm (" + leaf.getSigAlgOID()
              + ") is not allowed by the certificate policy", null, summary, null);
    }
    CertificatePolicy.KeyRefusal keyProblem =
        policy.checkKey(CertificateFacts.keyOf(leaf)).orElse(null);
    if (keyProblem != null) {
      return refused(AcceptanceRefusal.WEAK_KEY, keyProblem.description(), null, summary, null);
    }
    if (!CertificateFacts.hasClientAuth(leaf)) {
      return refused(AcceptanceRefusal.NOT_FOR_CLIENT_AUTHENTICATION,
          "the extended key usage does not list clientAuth", null, summary, null);
    }
    if (!CertificateFacts.hasDigitalSignature(leaf)) {
      return refused(AcceptanceRefusal.NO_DIGITAL_SIGNATURE_USAGE,
          "keyUsage does not include digitalSignature", null, summary, null);
    }

    List<X509Certificate> others = presented.subList(1, presented.size());
    ChainValidator validator = schedule.validatorAt(now);
    ChainValidator.Outcome path = validator == null
        ? new ChainValidator.Outcome.Invalid("no trust anchor of service " + service
            + " is accepted at " + now.atZone(zone))
        : validator.validate(leaf, fingerprint, others, now);
    if (path instanceof ChainValidator.Outcome.Invalid invalid) {
      return refused(AcceptanceRefusal.UNTRUSTED_CHAIN, outsideWindow(schedule, leaf, others, now)
          .orElse(invalid.detail()), null, summary, null);
    }
    ChainValidator.Outcome.Valid valid = (ChainValidator.Outcome.Valid) path;
    X509Certificate anchor = valid.anchor();
    if (anchorValidity && (now.isBefore(anchor.getNotBefore().toInstant())
        || now.isAfter(anchor.getNotAfter().toInstant()))) {
      return refused(AcceptanceRefusal.UNTRUSTED_CHAIN,
          "the trust anchor of the path is not valid at the instant of login (valid "
              + anchor.getNotBefore().toInstant().atZone(zone) + " to "
              + anchor.getNotAfter().toInstant().atZone(zone) + ")", null, summary, null);
    }
    List<X509Certificate> validPath = valid.path();
    for (int i = 1; i < validPath.size(); i++) {
      X509Certificate ca = validPath.get(i);
      if (!policy.allowsSignatureAlgorithm(ca.getSigAlgOID(), ca.getSigAlgParams())) {
        return refused(AcceptanceRefusal.WEAK_SIGNATURE_ALGORITHM,
            "CA certificate " + i + " of the path is signed with " + ca.getSigAlgOID()
                + ", which the certificate policy does not allow", null, summary, null);
      }
    }

    IssuerCrls.Problem revoked = revocation(validPath, anchor, now);
    if (revoked != null) {
      return refused(revoked.reason(), revoked.detail(), null, summary, null);
    }

    return bind(fingerprint, new AccountKey(userId, service), summary);
  }

  /**
   * Why a path was refused when it does chain to one of the service's anchors outside its window:
   * the host's page can then say the certificate is from a CA the service no longer (or not yet)
   * accepts. Asked only after a refusal, and only of a service with dated anchors.
   */
  private Optional<String> outsideWindow(AnchorSchedule schedule, X509Certificate leaf,
      List<X509Certificate> others, Instant now) {
    ChainValidator any = schedule.anyTime();
    if (any == null) {
      return Optional.empty();
    }
    if (!(any.validate(leaf, null, others, now) instanceof ChainValidator.Outcome.Valid v)) {
      return Optional.empty();
    }
    DatedTrustAnchor window = schedule.windowOf(v.anchor());
    if (window == null || window.currentAt(now)) {
      return Optional.empty();
    }
    Instant from = window.acceptedFrom();
    Instant until = window.acceptedUntil();
    String subject = v.anchor().getSubjectX500Principal().getName();
    return Optional.of(from != null && now.isBefore(from)
        ? "the certificate chains to trust anchor " + subject + ", which this service accepts"
            + " only from " + from.atZone(zone)
        : "the certificate chains to trust anchor " + subject + ", which this service no longer"
            + " accepts (accepted until " + (until == null ? "?" : until.atZone(zone)) + ")");
  }

  /**
   * The revocation step, apart from path validation on purpose: the CRLs the issuing CAs
   * published ({@link IssuerCrls}), looked up for every certificate of the validated path. It
   * runs on every call, after a remembered path too.
   */
  private IssuerCrls.@Nullable Problem revocation(List<X509Certificate> validPath,
      X509Certificate anchor, Instant now) {
    return crls == null ? null : crls.check(validPath, anchor, now);
  }

  private AcceptanceResult bind(String fingerprint, AccountKey account, CertificateSummary summary) {
    Optional<CertificateRecord> found = store.findByFingerprint(fingerprint);
    if (found.isEmpty()) {
      return refused(AcceptanceRefusal.UNKNOWN_CERTIFICATE,
          "the bank has no record of this certificate", null, summary, null);
    }
    CertificateRecord record = found.get();
    if (!record.sha256Fingerprint().equals(fingerprint)) {
      // A store that answers with another certificate is broken; never bind to its answer.
      throw new IllegalStateException("certificate store returned a record with another fingerprint");
    }
    if (!record.account().equals(account)) {
      String which = record.account().service().equals(account.service())
          ? "another user" : "another service";
      return refused(AcceptanceRefusal.OTHER_ACCOUNT,
          "the certificate is recorded for " + which, null, summary, record);
    }
    switch (record.status()) {
      case ACTIVE -> { }
      case ISSUED -> {
        return refused(AcceptanceRefusal.NOT_ACTIVE,
            "the certificate was issued but never activated", null, summary, record);
      }
      case SUPERSEDED -> {
        return refused(AcceptanceRefusal.SUPERSEDED,
            "the certificate was replaced by a newer one", null, summary, record);
      }
      case REVOKED -> {
        if (record.replaced()) { // revoked only because a newer certificate replaced it
          return refused(AcceptanceRefusal.SUPERSEDED,
              "the certificate was replaced by a newer one (revoked as superseded)", null, summary,
              record);
        }
        return refused(AcceptanceRefusal.REVOKED,
            "the certificate was revoked (" + record.revocationReason() + ")", null, summary,
            record);
      }
    }
    if (record.status() != CertificateStatus.ACTIVE) {
      // unreachable with today's states; a state added later must not fall through to acceptance
      return refused(AcceptanceRefusal.NOT_ACTIVE, "the certificate is not active", null, summary,
          record);
    }
    if (!record.conforming()) {
      return refused(AcceptanceRefusal.NON_CONFORMING,
          "the certificate is recorded as not conforming to the mapping policy", null, summary,
          record);
    }
    return new AcceptanceResult.Accepted(account, record, summary);
  }

  private static AcceptanceResult refused(AcceptanceRefusal reason, String detail,
      @Nullable MappingRefusal mapping, @Nullable CertificateSummary summary,
      @Nullable CertificateRecord record) {
    return new AcceptanceResult.Refused(reason, detail, mapping, summary, record);
  }

  @Override
  public String toString() {
    return "CertificateAcceptance[services=" + validators.keySet() + ", " + mapper + ", zone="
        + zone + ", " + policy + "]";
  }

  /**
   * Builds a {@link CertificateAcceptance}. Each setter may be called once (trust anchors once per
   * service); {@link #build()} fails fast when a required part is missing.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable CertificateStore store;
    private @Nullable CertificateMapper mapper;
    private @Nullable ZoneId zone;
    private @Nullable Integer verifiedPathCache;
    private @Nullable CertificatePolicy policy;
    private @Nullable Boolean anchorValidity;
    private @Nullable IssuerCrls crls;
    private final Map<String, List<DatedTrustAnchor>> anchors = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The store the binding is checked against (required).
     *
     * @param certificateStore the store
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder certificateStore(CertificateStore certificateStore) {
      if (store != null) {
        throw new IllegalStateException("certificateStore already set");
      }
      store = Objects.requireNonNull(certificateStore, "certificateStore");
      return this;
    }

    /**
     * The trust anchors (root CA certificates) for one service (at least one service required).
     * Certificates chaining to another service's anchors are refused for this service.
     *
     * @param service the service identifier, as in {@link AccountKey#service()}
     * @param trustAnchors the anchors, at least one
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or the service is not a valid
     *     {@link AccountKey} service
     * @throws IllegalStateException if anchors for this service were already set
     */
    public Builder trustAnchors(String service, Collection<X509Certificate> trustAnchors) {
      List<DatedTrustAnchor> always = new ArrayList<>(trustAnchors.size());
      trustAnchors.forEach(a -> always.add(DatedTrustAnchor.always(a)));
      return datedTrustAnchors(service, always);
    }

    /**
     * The trust anchors for one service, each with the window in which its logins accept it: a
     * dated rollover from an old CA to a new one. At each login instant only the anchors current
     * then ({@link DatedTrustAnchor#currentAt}) are searched for a path; a certificate chaining to
     * an anchor outside its window is {@link AcceptanceRefusal#UNTRUSTED_CHAIN}, with a detail
     * naming the anchor and its window.
     *
     * @param service the service identifier, as in {@link AccountKey#service()}
     * @param trustAnchors the dated anchors, at least one; windows may leave instants at which no
     *     anchor is current (every login is refused then)
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or the service is not a valid
     *     {@link AccountKey} service
     * @throws IllegalStateException if anchors for this service were already set
     * @since 0.2.0
     */
    public Builder datedTrustAnchors(String service,
        Collection<DatedTrustAnchor> trustAnchors) {
      new AccountKey("x", service); // validates the service identifier
      if (anchors.containsKey(service)) {
        throw new IllegalStateException("trust anchors for " + service + " already set");
      }
      if (trustAnchors.isEmpty()) {
        throw new IllegalArgumentException("at least one trust anchor is required");
      }
      anchors.put(service, List.copyOf(trustAnchors));
      return this;
    }

    /**
     * The mapper (optional; default {@link CertificateMapper#standard()}, eight ASCII digits).
     *
     * @param certificateMapper the mapper
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder mapper(CertificateMapper certificateMapper) {
      if (mapper != null) {
        throw new IllegalStateException("mapper already set");
      }
      mapper = Objects.requireNonNull(certificateMapper, "certificateMapper");
      return this;
    }

    /**
     * The keys and signature algorithms a certificate may have (optional; default
     * {@link CertificatePolicy#bankDefault()}). Give the issuer the same policy, so that every
     * certificate it issues is accepted here.
     *
     * @param certificatePolicy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.2.0
     */
    public Builder certificatePolicy(CertificatePolicy certificatePolicy) {
      if (policy != null) {
        throw new IllegalStateException("certificatePolicy already set");
      }
      policy = Objects.requireNonNull(certificatePolicy, "certificatePolicy");
      return this;
    }

    /**
     * Whether the trust anchor's own certificate must be valid at the instant of login (optional;
     * default {@code true}). RFC 5280 section 6.1.1 treats a trust anchor as a name and a public
     * key, so PKIX path validation never looks at the anchor certificate's validity, and an issuing
     * CA pinned as an anchor would go on accepting logins after it expired. Banks expect a login
     * under an expired CA certificate to be refused: with {@code true}, a path whose anchor is not
     * valid at {@code now} is {@link AcceptanceRefusal#UNTRUSTED_CHAIN}. {@code false} is the RFC's
     * reading, for a bank that keeps using an expired root's key on purpose.
     *
     * @param check whether to check the anchor's validity
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.2.0
     */
    public Builder checkTrustAnchorValidity(boolean check) {
      if (anchorValidity != null) {
        throw new IllegalStateException("checkTrustAnchorValidity already set");
      }
      anchorValidity = check;
      return this;
    }

    /**
     * The CRLs of the CAs whose revocations login must honour (optional; default none): adopted
     * CAs and the CAs of imported inventories. After the path validates, each of its certificates
     * is looked up in its issuer's CRL ({@link AcceptanceRefusal#REVOKED_BY_ISSUER},
     * {@link AcceptanceRefusal#REVOCATION_STATUS_UNKNOWN}); see {@link IssuerCrls}.
     *
     * @param issuerCrls the CRLs; the host keeps loading new ones into it
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.2.0
     */
    public Builder issuerCrls(IssuerCrls issuerCrls) {
      if (crls != null) {
        throw new IllegalStateException("issuerCrls already set");
      }
      crls = Objects.requireNonNull(issuerCrls, "issuerCrls");
      return this;
    }

    /**
     * The bank's zone, for the dates in summaries and refusal details (required; for example
     * {@code Asia/Tokyo}). There is no default: never the JVM default zone.
     *
     * @param bankZone the zone
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder zone(ZoneId bankZone) {
      if (zone != null) {
        throw new IllegalStateException("zone already set");
      }
      zone = Objects.requireNonNull(bankZone, "bankZone");
      return this;
    }

    /**
     * How many verified paths each service remembers (optional; default
     * {@value CertificateAcceptance#DEFAULT_VERIFIED_PATH_CACHE}; 0 verifies every path in full on
     * every call). An entry holds the leaf's fingerprint and references to the CA certificates of
     * its path (none when the bank's root signs customers' certificates directly): about 200 bytes.
     * When the cache is full an arbitrary entry makes room.
     *
     * @param maxEntries the most entries per service, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder verifiedPathCache(int maxEntries) {
      if (verifiedPathCache != null) {
        throw new IllegalStateException("verifiedPathCache already set");
      }
      if (maxEntries < 0) {
        throw new IllegalArgumentException("verifiedPathCache must not be negative");
      }
      verifiedPathCache = maxEntries;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @return the acceptance
     * @throws IllegalStateException if the store, the zone or every service's anchors are missing
     */
    public CertificateAcceptance build() {
      CertificateStore s = store;
      ZoneId z = zone;
      if (s == null) {
        throw new IllegalStateException("certificateStore is required");
      }
      if (z == null) {
        throw new IllegalStateException("zone is required");
      }
      if (anchors.isEmpty()) {
        throw new IllegalStateException("trust anchors for at least one service are required");
      }
      return new CertificateAcceptance(this, s, z);
    }
  }
}
