package io.shomei.core.issue;

import io.shomei.core.identity.CertificatePolicy;
import io.shomei.core.identity.CertificatePolicy.SignatureAlgorithm;
import io.shomei.core.internal.x509.Asn1Time;
import io.shomei.core.internal.x509.Bc;
import io.shomei.core.internal.x509.FunctionContentSigner;
import io.shomei.core.internal.x509.KeyPairs;
import io.shomei.core.internal.x509.SerialNumbers;
import io.shomei.spi.AccountKey;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Issues client certificates whose subject CN is the user ID, signed through {@link KeyCustody}.
 *
 * <p>Two paths:
 *
 * <ul>
 *   <li>{@link #issueWithGeneratedKey}: the server generates the key pair (the bank manual's flow);
 *       the key is returned in the result only so it can be packaged into the user's PKCS#12 file.
 *   <li>{@link #issueForCsr}: the user's PKCS#10 request supplies the public key after its proof of
 *       possession is verified. Only the public key is taken from the request: subject and
 *       extensions always come from the profile and the user ID.
 * </ul>
 *
 * <p>The issuer DN and authority key identifier come from custody's certificate. Recording the
 * certificate is the caller's job ({@link IssuedCertificate#toRecord(Instant)}); the store rejects a
 * duplicate serial.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>A refusal means nothing was signed.
 *   <li>The subject CN is the user ID verbatim, as a UTF8String: it is never read as RFC 4514
 *       text, so a user ID such as {@code #130831323334353637} or {@code \12345678} cannot turn
 *       into the CN {@code 12345678}. The issuer checks only what a CN needs (at most 64
 *       characters, without control characters, surrogates or leading or trailing white space):
 *       the syntax of a user ID is the {@code UserIdPolicy}'s, which the engine applies where the
 *       user ID comes in ({@code UserIdPolicy.parse}).
 *   <li>Serial numbers carry 127 bits from the CSPRNG (positive, at most 16 octets).
 *   <li>CSRs are capped at {@value #MAX_CSR_LENGTH} bytes, must be strict DER (or one PEM block of
 *       it), and their key and signature algorithm (RSA PKCS#1 v1.5 or ECDSA) must be allowed by
 *       the {@link CertificatePolicy} (default {@link CertificatePolicy#bankDefault()}: RSA of
 *       2048..8192 bits or EC on P-256 or P-384, SHA-256 or stronger).
 *   <li>Nothing is issued that login under the same policy would refuse for its key or signature
 *       algorithm: a profile whose key type or CA signature algorithm the policy does not allow is
 *       refused with an exception ({@link #requireIssuable}).
 *   <li>Validity never extends beyond the CA certificate's.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class CertificateIssuer {
  /** Largest accepted CSR, in bytes (DER or PEM). */
  public static final int MAX_CSR_LENGTH = 8 * 1024;

  private static final int MAX_USER_ID_LENGTH = 64;

  private final KeyCustody custody;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<KeyType, KeyPregenerationPool> pools;
  private final CertificatePolicy policy;
  private final X500Name issuer;
  private final byte[] authorityKeyId;
  private final String caKeyAlgorithm;
  private final X509Certificate caCertificate;
  private final List<X509Certificate> caChain;
  private final @Nullable URI crlDistributionPoint;
  private final @Nullable URI caIssuers;

  private CertificateIssuer(Builder b, KeyCustody custody, Clock clock) {
    this.custody = custody;
    this.crlDistributionPoint = b.crlDistributionPoint;
    this.caIssuers = b.caIssuers;
    this.clock = clock;
    this.random = b.random == null ? new SecureRandom() : b.random;
    this.pools = Map.copyOf(b.pools);
    this.policy = b.policy == null ? CertificatePolicy.bankDefault() : b.policy;
    for (KeyType type : pools.keySet()) {
      if (!type.allowedBy(policy)) {
        throw new IllegalStateException("a key pool for " + type + " is set, but " + policy
            + " does not allow " + type);
      }
    }
    this.caChain = List.copyOf(custody.certificateChain());
    this.caCertificate = caChain.get(0);
    try {
      this.issuer = X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read the CA certificate's subject", e);
    }
    this.authorityKeyId = Bc.keyIdentifier(caCertificate);
    this.caKeyAlgorithm = caCertificate.getPublicKey().getAlgorithm();
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
   * Issues a certificate for a key pair the server generates now (or takes from a
   * {@link KeyPregenerationPool}).
   *
   * @param profile the certificate profile
   * @param userId the user ID, which becomes the subject CN
   * @return the certificate with its generated key, or a refusal
   * @throws KeyCustodyException if custody failed to sign
   * @throws IllegalStateException if the profile is not issuable ({@link #requireIssuable})
   */
  public IssuanceResult issueWithGeneratedKey(CertificateProfile profile, String userId) {
    IssuanceRefusal bad = checkUserId(userId);
    if (bad != null) {
      return new IssuanceResult.Refused(bad);
    }
    String algorithm = requireIssuable(profile);
    KeyType type = profile.keyType();
    KeyPair kp = null;
    KeyPregenerationPool pool = pools.get(type);
    if (pool != null) {
      kp = pool.poll();
    }
    if (kp == null) {
      kp = KeyPairs.generate(type.algorithm(), type.bits(), type.curve(), random, null);
    }
    GeneratedKey key = new GeneratedKey(kp.getPublic(), kp.getPrivate());
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
    return new IssuanceResult.Issued(sign(profile, userId, spki, algorithm, key));
  }

  /**
   * Issues a certificate for the public key in a PKCS#10 request after verifying its proof of
   * possession. The request's subject and extensions are ignored.
   *
   * @param profile the certificate profile
   * @param userId the user ID, which becomes the subject CN
   * @param csr the request: DER, or a single PEM block ({@code CERTIFICATE REQUEST})
   * @return the certificate, or a refusal
   * @throws KeyCustodyException if custody failed to sign
   * @throws IllegalStateException if the profile is not issuable ({@link #requireIssuable})
   */
  public IssuanceResult issueForCsr(CertificateProfile profile, String userId, byte[] csr) {
    IssuanceRefusal bad = checkUserId(userId);
    if (bad != null) {
      return new IssuanceResult.Refused(bad);
    }
    String algorithm = requireIssuable(profile);
    CsrValidator.Outcome outcome = CsrValidator.check(csr, MAX_CSR_LENGTH, policy);
    IssuanceRefusal refusal = outcome.refusal();
    SubjectPublicKeyInfo spki = outcome.publicKey();
    if (refusal != null || spki == null) {
      return new IssuanceResult.Refused(
          refusal == null ? IssuanceRefusal.CSR_MALFORMED : refusal);
    }
    return new IssuanceResult.Issued(sign(profile, userId, spki, algorithm, null));
  }

  private static @Nullable IssuanceRefusal checkUserId(String userId) {
    if (userId.isBlank()) {
      return IssuanceRefusal.EMPTY_USER_ID;
    }
    if (userId.length() > MAX_USER_ID_LENGTH) {
      return IssuanceRefusal.INVALID_USER_ID;
    }
    for (int i = 0; i < userId.length(); i++) {
      char c = userId.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        return IssuanceRefusal.INVALID_USER_ID;
      }
    }
    if (!userId.strip().equals(userId)) {
      return IssuanceRefusal.INVALID_USER_ID;
    }
    return null;
  }

  /**
   * Checks that certificates can be issued under a profile: custody can sign with the profile's
   * hash, and the {@link CertificatePolicy} allows that signature algorithm and the profile's key
   * type. A host calls it once per profile at start-up ({@code Shomei.builder().build()} does); the
   * issue methods call it too.
   *
   * @param profile the profile
   * @return the JCA signature algorithm the CA signs with under this profile
   * @throws IllegalStateException naming what is not allowed or not possible
   * @since 0.2.0
   */
  public String requireIssuable(CertificateProfile profile) {
    String algorithm = profile.signatureDigest().jcaSignatureAlgorithm(caKeyAlgorithm);
    if (!custody.signatureAlgorithms().contains(algorithm)) {
      throw new IllegalStateException("key custody cannot sign with " + algorithm
          + " (profile " + profile.name() + ")");
    }
    if (!SignatureAlgorithm.ofJcaName(algorithm).filter(policy::allows).isPresent()) {
      throw new IllegalStateException("profile " + profile.name() + ": the CA would sign with "
          + algorithm + ", which " + policy + " does not allow");
    }
    if (!profile.keyType().allowedBy(policy)) {
      throw new IllegalStateException("profile " + profile.name() + ": key type "
          + profile.keyType() + " is not allowed by " + policy);
    }
    return algorithm;
  }

  /**
   * The policy certificates are issued under.
   *
   * @return the policy
   * @since 0.2.0
   */
  public CertificatePolicy certificatePolicy() {
    return policy;
  }

  private IssuedCertificate sign(
      CertificateProfile profile,
      String userId,
      SubjectPublicKeyInfo spki,
      String algorithm,
      @Nullable GeneratedKey key) {
    Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant caNotAfter = caCertificate.getNotAfter().toInstant();
    if (notBefore.isBefore(caCertificate.getNotBefore().toInstant())
        || notBefore.isAfter(caNotAfter)) {
      throw new KeyCustodyException("the CA certificate is not valid at " + notBefore, null);
    }
    Instant notAfter = notBefore.plus(profile.validity());
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    // what the certificate encodes (whole seconds), and so what IssuedCertificate reports
    notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
    BigInteger serial = SerialNumbers.next(random);
    try {
      ProfileParts parts = parts(profile);
      List<RDN> prefix = parts.subjectPrefix();
      RDN[] rdns = prefix.toArray(new RDN[prefix.size() + 1]);
      // The CN is the user ID exactly, as a UTF8String (the type BCStyle chose for a CN). Never
      // through X500NameBuilder.addRDN(oid, String): BCStyle reads a leading '#' as hex-encoded DER
      // and drops a leading backslash, so the user IDs "#0c083837363534333231" and "\\12345678"
      // were issued certificates with the CNs 87654321 and 12345678.
      rdns[rdns.length - 1] = new RDN(BCStyle.CN, new DERUTF8String(userId));
      X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, serial,
          Asn1Time.of(notBefore), Asn1Time.of(notAfter), new X500Name(rdns), spki);
      for (Extension e : parts.beforeKeyId()) {
        b.addExtension(e);
      }
      b.addExtension(Extension.subjectKeyIdentifier, false,
          new SubjectKeyIdentifier(Bc.keyIdentifier(spki)));
      for (Extension e : parts.afterKeyId()) {
        b.addExtension(e);
      }
      byte[] der = b.build(new FunctionContentSigner(algorithm, custody::sign))
          .getEncoded();
      return new IssuedCertificate(der, serial, notBefore, notAfter, caChain,
          new AccountKey(userId, profile.service()), profile.name(), key);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the certificate", e);
    }
  }

  /**
   * What a profile contributes to every certificate, encoded once: the subject's RDNs before the CN
   * and the extensions that depend neither on the key nor on the user, in certificate order around
   * the subjectKeyIdentifier. Building and DER-encoding them per certificate was a few per cent of
   * an issuance.
   */
  private record ProfileParts(CertificateProfile profile, List<RDN> subjectPrefix,
      List<Extension> beforeKeyId, List<Extension> afterKeyId) {}

  /** The parts of the profile used last (a host issues under one or a few profiles). */
  private volatile @Nullable ProfileParts lastParts;

  private ProfileParts parts(CertificateProfile profile) throws IOException {
    ProfileParts p = lastParts;
    if (p != null && p.profile().equals(profile)) {
      return p;
    }
    List<RDN> prefix = new ArrayList<>(3);
    // the string types BCStyle chose before: PrintableString for C, UTF8String for O and OU
    if (profile.country() != null) {
      prefix.add(new RDN(BCStyle.C, new DERPrintableString(profile.country())));
    }
    if (profile.organization() != null) {
      prefix.add(new RDN(BCStyle.O, new DERUTF8String(profile.organization())));
    }
    if (profile.organizationalUnit() != null) {
      prefix.add(new RDN(BCStyle.OU, new DERUTF8String(profile.organizationalUnit())));
    }
    List<Extension> before = List.of(
        extension(Extension.basicConstraints, true, new BasicConstraints(false)),
        extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)),
        extension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)));
    List<Extension> after = new ArrayList<>(4);
    after.add(extension(Extension.authorityKeyIdentifier, false,
        new AuthorityKeyIdentifier(authorityKeyId)));
    after.add(extension(Extension.certificatePolicies, false, new CertificatePolicies(
        new PolicyInformation(new ASN1ObjectIdentifier(profile.policyOid())))));
    URI crl = crlDistributionPoint != null ? crlDistributionPoint : profile.crlDistributionPoint();
    if (crl != null) {
      GeneralName uri = new GeneralName(GeneralName.uniformResourceIdentifier, crl.toString());
      after.add(extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(
          new DistributionPoint[] {new DistributionPoint(
              new DistributionPointName(new GeneralNames(uri)), null, null)})));
    }
    List<AccessDescription> access = new ArrayList<>(2);
    if (profile.ocspResponder() != null) {
      access.add(new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(
          GeneralName.uniformResourceIdentifier, profile.ocspResponder().toString())));
    }
    URI issuers = caIssuers != null ? caIssuers : profile.caIssuers();
    if (issuers != null) {
      access.add(new AccessDescription(AccessDescription.id_ad_caIssuers, new GeneralName(
          GeneralName.uniformResourceIdentifier, issuers.toString())));
    }
    if (!access.isEmpty()) {
      after.add(extension(Extension.authorityInfoAccess, false,
          new AuthorityInformationAccess(access.toArray(new AccessDescription[0]))));
    }
    p = new ProfileParts(profile, List.copyOf(prefix), before, List.copyOf(after));
    lastParts = p;
    return p;
  }

  private static Extension extension(ASN1ObjectIdentifier oid, boolean critical,
      ASN1Encodable value) throws IOException {
    return new Extension(oid, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
  }

  /**
   * Builds a {@link CertificateIssuer}. Setters may be called once each; {@link #build()} fails fast
   * when custody or the clock is missing.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable KeyCustody custody;
    private @Nullable Clock clock;
    private @Nullable SecureRandom random;
    private @Nullable CertificatePolicy policy;
    private final Map<KeyType, KeyPregenerationPool> pools = new EnumMap<>(KeyType.class);
    private @Nullable URI crlDistributionPoint;
    private @Nullable URI caIssuers;

    private Builder() {}

    /**
     * The CRL distribution point of this CA, written into every certificate it issues instead of
     * the profile's (optional): with several issuing CAs each publishes its own CRL, so the URL
     * belongs to the CA rather than to the service's profile.
     *
     * @param url the CRL URL ({@code http}, {@code https} or {@code ldap})
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.2.0
     */
    public Builder crlDistributionPoint(URI url) {
      if (this.crlDistributionPoint != null) {
        throw new IllegalStateException("crlDistributionPoint already set");
      }
      this.crlDistributionPoint = CertificateProfile.checkedUrl("crlDistributionPoint", url, true);
      return this;
    }

    /**
     * The URL of this CA's certificate ({@code caIssuers}), written into every certificate it
     * issues instead of the profile's (optional).
     *
     * @param url the URL ({@code http}, {@code https} or {@code ldap})
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.2.0
     */
    public Builder caIssuers(URI url) {
      if (this.caIssuers != null) {
        throw new IllegalStateException("caIssuers already set");
      }
      this.caIssuers = CertificateProfile.checkedUrl("caIssuers", url, true);
      return this;
    }

    /**
     * The CA's key custody (required).
     *
     * @param custody the custody
     * @return this builder
     */
    public Builder keyCustody(KeyCustody custody) {
      if (this.custody != null) {
        throw new IllegalStateException("keyCustody already set");
      }
      this.custody = Objects.requireNonNull(custody);
      return this;
    }

    /**
     * The clock that dates certificates (required).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      if (this.clock != null) {
        throw new IllegalStateException("clock already set");
      }
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * The CSPRNG for serials and key generation (default: a new {@link SecureRandom}).
     *
     * @param random the CSPRNG
     * @return this builder
     */
    public Builder secureRandom(SecureRandom random) {
      if (this.random != null) {
        throw new IllegalStateException("secureRandom already set");
      }
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /**
     * The keys and signature algorithms allowed in requests and in issued certificates (default
     * {@link CertificatePolicy#bankDefault()}). Give login acceptance the same policy.
     *
     * @param certificatePolicy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.2.0
     */
    public Builder certificatePolicy(CertificatePolicy certificatePolicy) {
      if (this.policy != null) {
        throw new IllegalStateException("certificatePolicy already set");
      }
      this.policy = Objects.requireNonNull(certificatePolicy);
      return this;
    }

    /**
     * A key pre-generation pool for one key type (optional; at most one per key type). The issuer
     * does not close it: the host owns its life cycle.
     *
     * @param pool the pool
     * @return this builder
     */
    public Builder keyPool(KeyPregenerationPool pool) {
      if (pools.putIfAbsent(pool.keyType(), pool) != null) {
        throw new IllegalStateException("a pool for " + pool.keyType() + " is already set");
      }
      return this;
    }

    /**
     * Builds the issuer; reads custody's certificate chain once.
     *
     * @return the issuer
     * @throws IllegalStateException if custody or the clock is missing, or the policy does not
     *     allow a pool's key type
     */
    public CertificateIssuer build() {
      KeyCustody k = custody;
      Clock c = clock;
      if (k == null || c == null) {
        throw new IllegalStateException("keyCustody and clock are required");
      }
      return new CertificateIssuer(this, k, c);
    }
  }
}
