package io.shomei.core.eligibility;

import io.shomei.spi.CertificateStatus;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which certificates a rule applies to. Every criterion that is set must hold (logical AND); an
 * empty set or an open range means "any". Within one set criterion any listed value may match
 * (logical OR).
 *
 * <p>The first group of criteria is read from the stored record and costs nothing; the second group
 * ({@code issuer*}, {@code policyOids}, {@code key*}, {@code signatureAlgorithms}) needs facts that
 * only the DER has. Those are parsed with Bouncy Castle's ASN.1 classes (never from a string form
 * of a name), once per evaluation and only when every cheap criterion of some rule already holds.
 *
 * @param services services of the certificate's account ({@code AccountKey.service()}), compared
 *     exactly; empty for any
 * @param validityStart range that {@code notBefore} must lie in (inclusive)
 * @param validityEnd range that {@code notAfter} must lie in (inclusive)
 * @param statuses lifecycle states; empty for any
 * @param issuerDn the issuer's distinguished name in RFC 4514 form (most specific RDN first, as
 *     {@code X500Principal.getName()} and {@code openssl -nameopt RFC2253} print it), compared with
 *     the issuer parsed from the DER RDN by RDN in order, attribute values case- and
 *     space-insensitively; {@code null} for any
 * @param issuerKeyId the authority key identifier ({@code keyIdentifier} of the certificate's
 *     authorityKeyIdentifier extension) as lowercase hex, or {@code null} for any
 * @param policyOids certificate policy OIDs; the certificate must assert at least one; empty for
 *     any
 * @param keyAlgorithm subject public key algorithm, one of {@code RSA}, {@code EC}, {@code DSA},
 *     {@code Ed25519}, {@code Ed448}, or {@code null} for any
 * @param keySizes inclusive range of key sizes in bits (RSA/DSA modulus, EC field size)
 * @param signatureAlgorithms the CA's signature algorithms, as JCA names ({@code SHA1withRSA}) or
 *     dotted OIDs; matched by OID; empty for any
 * @param keyRefusedByPolicy {@code true} to match only certificates whose key the rule set's
 *     {@link io.shomei.core.identity.CertificatePolicy} refuses (login would refuse them with
 *     {@code WEAK_KEY}): the campaign after a bank tightened its policy; {@code false} for any
 *     (since 0.2.0)
 * @since 0.1.0
 */
public record CertificateSelector(
    Set<String> services,
    TimeRange validityStart,
    TimeRange validityEnd,
    Set<CertificateStatus> statuses,
    @Nullable String issuerDn,
    @Nullable String issuerKeyId,
    Set<String> policyOids,
    @Nullable String keyAlgorithm,
    KeySizes keySizes,
    Set<String> signatureAlgorithms,
    boolean keyRefusedByPolicy) {

  /** Key algorithms a selector may name. */
  public static final Set<String> KEY_ALGORITHMS = Set.of("RSA", "EC", "DSA", "Ed25519", "Ed448");

  /**
   * Validates every criterion and copies the sets.
   *
   * @throws IllegalArgumentException for a malformed DN, key identifier, OID, algorithm or service
   */
  public CertificateSelector {
    services = Set.copyOf(new LinkedHashSet<>(services));
    for (String s : services) {
      if (s.isBlank() || s.length() > 64) {
        throw new IllegalArgumentException("service must be 1..64 non-blank chars: " + s);
      }
    }
    Objects.requireNonNull(validityStart, "validityStart");
    Objects.requireNonNull(validityEnd, "validityEnd");
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    if (issuerDn != null) {
      Names.requireDistinguishedName(issuerDn);
    }
    if (issuerKeyId != null) {
      issuerKeyId = issuerKeyId.toLowerCase(Locale.ROOT);
      if (!issuerKeyId.matches("([0-9a-f]{2}){1,64}")) {
        throw new IllegalArgumentException("issuerKeyId must be 1..64 octets in hex: " + issuerKeyId);
      }
    }
    policyOids = Set.copyOf(policyOids);
    for (String oid : policyOids) {
      Names.requireOid(oid);
    }
    if (keyAlgorithm != null && !KEY_ALGORITHMS.contains(keyAlgorithm)) {
      throw new IllegalArgumentException(
          "keyAlgorithm must be one of " + List.copyOf(KEY_ALGORITHMS) + ": " + keyAlgorithm);
    }
    Objects.requireNonNull(keySizes, "keySizes");
    signatureAlgorithms = Set.copyOf(signatureAlgorithms);
    for (String alg : signatureAlgorithms) {
      Names.signatureAlgorithmOid(alg);
    }
  }

  /**
   * A selector that matches every certificate.
   *
   * @return the selector
   */
  public static CertificateSelector any() {
    return builder().build();
  }

  /**
   * Starts a selector that matches every certificate until criteria are added.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether a criterion needs facts from the DER (issuer, policies, key, signature algorithm, key
   * refused by the certificate policy).
   *
   * @return {@code true} if evaluating this selector may parse the certificate
   */
  public boolean needsDer() {
    return issuerDn != null || issuerKeyId != null || !policyOids.isEmpty() || keyAlgorithm != null
        || !keySizes.isAll() || !signatureAlgorithms.isEmpty() || keyRefusedByPolicy;
  }

  /**
   * An inclusive range of key sizes in bits.
   *
   * @param min the smallest size inside (0 for no lower bound)
   * @param max the largest size inside ({@link Integer#MAX_VALUE} for no upper bound)
   * @since 0.1.0
   */
  public record KeySizes(int min, int max) {
    private static final KeySizes ALL = new KeySizes(0, Integer.MAX_VALUE);

    /**
     * Validates {@code 0 <= min <= max}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public KeySizes {
      if (min < 0 || max < min) {
        throw new IllegalArgumentException("key sizes need 0 <= min <= max: " + min + ".." + max);
      }
    }

    /**
     * Every size.
     *
     * @return the unbounded range
     */
    public static KeySizes all() {
      return ALL;
    }

    /**
     * Whether {@code bits} lies inside.
     *
     * @param bits a key size
     * @return {@code true} if inside
     */
    public boolean contains(int bits) {
      return bits >= min && bits <= max;
    }

    /**
     * Whether the range is unbounded.
     *
     * @return {@code true} for {@link #all()}
     */
    public boolean isAll() {
      return min == 0 && max == Integer.MAX_VALUE;
    }
  }

  /** Builds a {@link CertificateSelector}; each setter replaces the criterion. Not thread-safe. */
  public static final class Builder {
    private final Set<String> services = new LinkedHashSet<>();
    private TimeRange validityStart = TimeRange.all();
    private TimeRange validityEnd = TimeRange.all();
    private final Set<CertificateStatus> statuses = EnumSet.noneOf(CertificateStatus.class);
    private @Nullable String issuerDn;
    private @Nullable String issuerKeyId;
    private final Set<String> policyOids = new LinkedHashSet<>();
    private @Nullable String keyAlgorithm;
    private KeySizes keySizes = KeySizes.all();
    private final Set<String> signatureAlgorithms = new LinkedHashSet<>();
    private boolean keyRefusedByPolicy;

    private Builder() {}

    /**
     * Services the account must belong to (any of them).
     *
     * @param names service names
     * @return this builder
     */
    public Builder services(String... names) {
      return services(List.of(names));
    }

    /**
     * Services the account must belong to (any of them).
     *
     * @param names service names
     * @return this builder
     */
    public Builder services(Collection<String> names) {
      services.clear();
      services.addAll(names);
      return this;
    }

    /**
     * Range that {@code notBefore} must lie in.
     *
     * @param range the range
     * @return this builder
     */
    public Builder validityStart(TimeRange range) {
      validityStart = Objects.requireNonNull(range);
      return this;
    }

    /**
     * Range that {@code notAfter} must lie in.
     *
     * @param range the range
     * @return this builder
     */
    public Builder validityEnd(TimeRange range) {
      validityEnd = Objects.requireNonNull(range);
      return this;
    }

    /**
     * Lifecycle states (any of them).
     *
     * @param states the states
     * @return this builder
     */
    public Builder statuses(CertificateStatus... states) {
      statuses.clear();
      statuses.addAll(List.of(states));
      return this;
    }

    /**
     * Issuer distinguished name (RFC 4514).
     *
     * @param dn the name, for example {@code CN=Old CA,O=Bank}
     * @return this builder
     */
    public Builder issuerDn(String dn) {
      issuerDn = dn;
      return this;
    }

    /**
     * Authority key identifier in hex.
     *
     * @param hex the key identifier
     * @return this builder
     */
    public Builder issuerKeyId(String hex) {
      issuerKeyId = hex;
      return this;
    }

    /**
     * Certificate policy OIDs (any of them).
     *
     * @param oids dotted OIDs
     * @return this builder
     */
    public Builder policyOids(String... oids) {
      policyOids.clear();
      policyOids.addAll(List.of(oids));
      return this;
    }

    /**
     * Subject public key algorithm.
     *
     * @param algorithm one of {@link #KEY_ALGORITHMS}
     * @return this builder
     */
    public Builder keyAlgorithm(String algorithm) {
      keyAlgorithm = algorithm;
      return this;
    }

    /**
     * Inclusive range of key sizes in bits.
     *
     * @param min smallest size inside
     * @param max largest size inside
     * @return this builder
     */
    public Builder keySizes(int min, int max) {
      keySizes = new KeySizes(min, max);
      return this;
    }

    /**
     * The CA's signature algorithms (any of them), as JCA names or dotted OIDs.
     *
     * @param algorithms the algorithms
     * @return this builder
     */
    public Builder signatureAlgorithms(String... algorithms) {
      signatureAlgorithms.clear();
      signatureAlgorithms.addAll(List.of(algorithms));
      return this;
    }

    /**
     * Matches only certificates whose key the rule set's certificate policy refuses.
     *
     * @return this builder
     * @since 0.2.0
     */
    public Builder keyRefusedByPolicy() {
      keyRefusedByPolicy = true;
      return this;
    }

    /**
     * Builds and validates the selector.
     *
     * @return the selector
     * @throws IllegalArgumentException for a malformed criterion
     */
    public CertificateSelector build() {
      return new CertificateSelector(services, validityStart, validityEnd, statuses, issuerDn,
          issuerKeyId, policyOids, keyAlgorithm, keySizes, signatureAlgorithms, keyRefusedByPolicy);
    }
  }
}
