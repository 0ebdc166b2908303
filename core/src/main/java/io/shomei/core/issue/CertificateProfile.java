package io.shomei.core.issue;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How certificates for one service are made: key type for server-side key generation, signature
 * hash, validity, the fixed parts of the subject, the certificate policy and where relying parties
 * find revocation status (CRL distribution point, OCSP responder) and the issuing CA's certificate.
 *
 * <p>Every certificate issued under a profile has: subject {@code C, O, OU} from the profile (each
 * optional) and {@code CN} = the user ID; basicConstraints {@code cA=false} (critical); keyUsage
 * {@code digitalSignature} (critical); extendedKeyUsage {@code clientAuth}; subject and authority key
 * identifiers; certificatePolicies with {@link #policyOid()} (so rules can select certificates by
 * policy); and, when configured, a CRL distribution point and an authority information access
 * extension with the OCSP responder's URL and the URL of the issuing CA's certificate
 * ({@code caIssuers}). TLS terminators such as nginx take the OCSP URL from the certificate when no
 * responder is configured.
 *
 * @param name profile name, 1..64 characters; recorded with each certificate
 * @param service the service the certificates are for (for example {@code fx-forward}), 1..64
 *     characters
 * @param keyType key type generated on the server-side key generation path
 * @param signatureDigest hash of the CA's signature
 * @param validity validity period, 1 minute .. 3650 days
 * @param country optional two-letter country code for the subject
 * @param organization optional organization for the subject
 * @param organizationalUnit optional organizational unit for the subject
 * @param policyOid the certificate policy OID (dotted decimal)
 * @param crlDistributionPoint optional CRL URL ({@code http}, {@code https} or {@code ldap})
 * @param ocspResponder optional OCSP responder URL ({@code http} or {@code https}; relying parties
 *     mostly speak only {@code http} to a responder), put in the authority information access
 *     extension; since 0.2.0
 * @param caIssuers optional URL of the issuing CA's certificate ({@code http}, {@code https} or
 *     {@code ldap}), put in the authority information access extension; since 0.2.0
 * @since 0.1.0
 */
public record CertificateProfile(
    String name,
    String service,
    KeyType keyType,
    SignatureDigest signatureDigest,
    Duration validity,
    @Nullable String country,
    @Nullable String organization,
    @Nullable String organizationalUnit,
    String policyOid,
    @Nullable URI crlDistributionPoint,
    @Nullable URI ocspResponder,
    @Nullable URI caIssuers) {

  private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]{0,9})){1,30}");
  private static final Duration MAX_VALIDITY = Duration.ofDays(3650);

  /** Validates every component. */
  public CertificateProfile {
    checkText("name", name);
    checkText("service", service);
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(signatureDigest, "signatureDigest");
    Objects.requireNonNull(validity, "validity");
    if (validity.compareTo(Duration.ofMinutes(1)) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
      throw new IllegalArgumentException("validity must be between 1 minute and 3650 days");
    }
    if (country != null && !country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("country must be two upper-case letters");
    }
    if (organization != null) {
      checkText("organization", organization);
    }
    if (organizationalUnit != null) {
      checkText("organizationalUnit", organizationalUnit);
    }
    if (!OID.matcher(policyOid).matches()) {
      throw new IllegalArgumentException("policyOid must be a dotted-decimal OID");
    }
    requireUrl("crlDistributionPoint", crlDistributionPoint, true);
    requireUrl("ocspResponder", ocspResponder, false);
    requireUrl("caIssuers", caIssuers, true);
  }

  /**
   * The 0.1 profile, without authority information access.
   *
   * @param name profile name
   * @param service the service
   * @param keyType key type
   * @param signatureDigest hash of the CA's signature
   * @param validity validity period
   * @param country optional country
   * @param organization optional organization
   * @param organizationalUnit optional organizational unit
   * @param policyOid the certificate policy OID
   * @param crlDistributionPoint optional CRL URL
   */
  public CertificateProfile(String name, String service, KeyType keyType,
      SignatureDigest signatureDigest, Duration validity, @Nullable String country,
      @Nullable String organization, @Nullable String organizationalUnit, String policyOid,
      @Nullable URI crlDistributionPoint) {
    this(name, service, keyType, signatureDigest, validity, country, organization,
        organizationalUnit, policyOid, crlDistributionPoint, null, null);
  }

  /** The URL if it is absolute http, https (or ldap when allowed); else IllegalArgumentException. */
  static URI checkedUrl(String what, URI uri, boolean ldap) {
    requireUrl(what, Objects.requireNonNull(uri, what), ldap);
    return uri;
  }

  private static void requireUrl(String what, @Nullable URI uri, boolean ldap) {
    if (uri == null) {
      return;
    }
    String scheme = uri.getScheme();
    if (scheme == null || !uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")
        || (ldap && scheme.equals("ldap")))) {
      throw new IllegalArgumentException(what + " must be an http, https" + (ldap ? " or ldap" : "")
          + " URI");
    }
  }

  private static void checkText(String what, String value) {
    if (value.isBlank() || value.length() > 64) {
      throw new IllegalArgumentException(what + " must be 1..64 non-blank characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(what + " must not contain control characters");
      }
    }
  }

  /**
   * Starts a profile with the defaults: EC P-256 keys, SHA-256, 365 days, no fixed subject parts,
   * no CRL distribution point.
   *
   * @param name profile name
   * @param service service identifier
   * @param policyOid certificate policy OID
   * @return a builder
   */
  public static Builder builder(String name, String service, String policyOid) {
    return new Builder(name, service, policyOid);
  }

  /**
   * Builds a {@link CertificateProfile}; {@link #build()} validates.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String name;
    private final String service;
    private final String policyOid;
    private KeyType keyType = KeyType.EC_P256;
    private SignatureDigest signatureDigest = SignatureDigest.SHA256;
    private Duration validity = Duration.ofDays(365);
    private @Nullable String country;
    private @Nullable String organization;
    private @Nullable String organizationalUnit;
    private @Nullable URI crlDistributionPoint;
    private @Nullable URI ocspResponder;
    private @Nullable URI caIssuers;

    private Builder(String name, String service, String policyOid) {
      this.name = name;
      this.service = service;
      this.policyOid = policyOid;
    }

    /**
     * Key type for server-side key generation.
     *
     * @param keyType the key type
     * @return this builder
     */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType);
      return this;
    }

    /**
     * Hash of the CA signature.
     *
     * @param digest the hash
     * @return this builder
     */
    public Builder signatureDigest(SignatureDigest digest) {
      this.signatureDigest = Objects.requireNonNull(digest);
      return this;
    }

    /**
     * Validity period.
     *
     * @param validity the period
     * @return this builder
     */
    public Builder validity(Duration validity) {
      this.validity = Objects.requireNonNull(validity);
      return this;
    }

    /**
     * Fixed subject country.
     *
     * @param country two upper-case letters
     * @return this builder
     */
    public Builder country(String country) {
      this.country = country;
      return this;
    }

    /**
     * Fixed subject organization.
     *
     * @param organization the organization
     * @return this builder
     */
    public Builder organization(String organization) {
      this.organization = organization;
      return this;
    }

    /**
     * Fixed subject organizational unit.
     *
     * @param organizationalUnit the unit
     * @return this builder
     */
    public Builder organizationalUnit(String organizationalUnit) {
      this.organizationalUnit = organizationalUnit;
      return this;
    }

    /**
     * CRL distribution point.
     *
     * @param uri the CRL URL
     * @return this builder
     */
    public Builder crlDistributionPoint(URI uri) {
      this.crlDistributionPoint = uri;
      return this;
    }

    /**
     * OCSP responder URL, for the authority information access extension.
     *
     * @param uri the responder's URL, for example {@code http://ocsp.example.jp/ocsp}
     * @return this builder
     * @since 0.2.0
     */
    public Builder ocspResponder(URI uri) {
      this.ocspResponder = uri;
      return this;
    }

    /**
     * URL of the issuing CA's certificate, for the authority information access extension.
     *
     * @param uri the URL, for example {@code http://pki.example.jp/ca.cer}
     * @return this builder
     * @since 0.2.0
     */
    public Builder caIssuers(URI uri) {
      this.caIssuers = uri;
      return this;
    }

    /**
     * Validates and builds the profile.
     *
     * @return the profile
     */
    public CertificateProfile build() {
      return new CertificateProfile(name, service, keyType, signatureDigest, validity, country,
          organization, organizationalUnit, policyOid, crlDistributionPoint, ocspResponder,
          caIssuers);
    }
  }
}
