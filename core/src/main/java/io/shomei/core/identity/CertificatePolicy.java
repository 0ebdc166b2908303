package io.shomei.core.identity;

import io.shomei.core.internal.x509.CertificateFacts;
import java.io.IOException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Which keys and signature algorithms a bank's certificates may have: one value, used by every
 * step that decides about a certificate, so that what the engine issues under a policy it accepts
 * at login under the same policy.
 *
 * <ul>
 *   <li>CSR checks ({@code CertificateIssuer.issueForCsr}): the request's key and its signature
 *       algorithm must be allowed.
 *   <li>Server-side key generation: a profile's key type must be allowed, and so must the
 *       signature algorithm the CA signs with; {@code Shomei.builder().build()} refuses a profile
 *       that breaks the policy.
 *   <li>Login acceptance ({@link CertificateAcceptance}): the certificate's key
 *       ({@link AcceptanceRefusal#WEAK_KEY}) and the signature algorithms of the certificate and of
 *       every CA certificate of its path ({@link AcceptanceRefusal#WEAK_SIGNATURE_ALGORITHM}).
 *   <li>Eligibility selectors: a selector may pick the certificates whose key the policy refuses
 *       (a re-acquisition campaign after the bank tightened its policy).
 * </ul>
 *
 * <p>Give it once to {@code Shomei.builder().certificatePolicy(...)}; the building blocks take it
 * through their builders, each with the same default, {@link #bankDefault()}. Immutable: the
 * {@code with...} methods return a new policy.
 *
 * <pre>{@code
 * CertificatePolicy policy = CertificatePolicy.bankDefault()
 *     .withEcCurves(EcCurve.P256, EcCurve.P384, EcCurve.P521);   // after checking the fleet
 * }</pre>
 *
 * @since 0.2.0
 */
public final class CertificatePolicy {
  private static final int RSA_FLOOR = 2048;
  private static final int RSA_CEILING = 16384;

  private static final CertificatePolicy BANK_DEFAULT = new CertificatePolicy(2048, 8192,
      EnumSet.of(EcCurve.P256, EcCurve.P384), EnumSet.allOf(SignatureAlgorithm.class));
  private static final CertificatePolicy CNSA = new CertificatePolicy(3072, 8192,
      EnumSet.of(EcCurve.P384), EnumSet.of(SignatureAlgorithm.SHA384_WITH_RSA,
          SignatureAlgorithm.SHA384_WITH_RSA_PSS, SignatureAlgorithm.SHA384_WITH_ECDSA));

  /** 0 and 0 when RSA keys are not allowed. */
  private final int rsaMinBits;
  private final int rsaMaxBits;
  private final Set<EcCurve> ecCurves;
  private final Set<SignatureAlgorithm> signatureAlgorithms;

  private CertificatePolicy(int rsaMinBits, int rsaMaxBits, Collection<EcCurve> ecCurves,
      Collection<SignatureAlgorithm> signatureAlgorithms) {
    if (rsaMinBits == 0 && ecCurves.isEmpty()) {
      throw new IllegalArgumentException("a certificate policy must allow RSA or an EC curve");
    }
    if (signatureAlgorithms.isEmpty()) {
      throw new IllegalArgumentException("a certificate policy must allow a signature algorithm");
    }
    this.rsaMinBits = rsaMinBits;
    this.rsaMaxBits = rsaMaxBits;
    this.ecCurves = Set.copyOf(ecCurves);
    this.signatureAlgorithms = Set.copyOf(signatureAlgorithms);
  }

  /**
   * The bank default: RSA keys of 2048 to 8192 bits, EC keys on P-256 or P-384; certificates and
   * requests signed with RSA PKCS#1 v1.5, RSASSA-PSS or ECDSA, each with SHA-256, SHA-384 or
   * SHA-512.
   *
   * <p>Why these:
   *
   * <ul>
   *   <li>It is what login accepted in 0.1 (except RSA keys above 8192 bits, which the CSR check
   *       never let through): every certificate that works today keeps working.
   *   <li>It covers every key type the SDK generates on the server (RSA 2048, 3072 and 4096, EC
   *       P-256 and P-384), and RSA-2048 with SHA-256 is the combination the PKCS#12 interop lab
   *       imported into OpenSSL, NSS, GnuTLS and the JDK.
   *   <li>P-521 is left out. The CSR check of 0.1 issued P-521 certificates that login then refused
   *       as {@code WEAK_KEY}; of the two, login's is the decision customers' certificates were
   *       proven against. P-521 client certificates are also the least supported of the three NIST
   *       curves in browsers' TLS client authentication, and no client of the bank's fleet was
   *       tested with one. A bank that has tested its fleet adds it with {@link #withEcCurves}.
   *   <li>RSA above 8192 bits costs every login a slow signature verification for no gain.
   *   <li>SHA-1, MD5 and SHA-224 are never allowed: SHA-1 collisions are practical, and the MISSION's
   *       trigger (the CA's "security upgrade") is exactly such a change of standard.
   * </ul>
   *
   * @return the policy
   */
  public static CertificatePolicy bankDefault() {
    return BANK_DEFAULT;
  }

  /**
   * After the NSA's CNSA 1.0 public-key suite: RSA keys of 3072 to 8192 bits or EC keys on P-384,
   * signed with SHA-384 (RSA PKCS#1 v1.5, RSASSA-PSS or ECDSA). Profiles must then use
   * {@code SignatureDigest.SHA384} and a key type of RSA 3072, RSA 4096 or EC P-384.
   *
   * @return the policy
   */
  public static CertificatePolicy cnsa() {
    return CNSA;
  }

  /**
   * This policy with another range of RSA modulus sizes.
   *
   * @param minBits the smallest allowed modulus, at least 2048
   * @param maxBits the largest allowed modulus, {@code minBits..16384}
   * @return the new policy
   * @throws IllegalArgumentException if the range is empty or outside {@code 2048..16384}
   */
  public CertificatePolicy withRsaKeys(int minBits, int maxBits) {
    if (minBits < RSA_FLOOR || maxBits < minBits || maxBits > RSA_CEILING) {
      throw new IllegalArgumentException("RSA key sizes need " + RSA_FLOOR + " <= min <= max <= "
          + RSA_CEILING + ", got " + minBits + ".." + maxBits);
    }
    return new CertificatePolicy(minBits, maxBits, ecCurves, signatureAlgorithms);
  }

  /**
   * This policy without RSA keys.
   *
   * @return the new policy
   * @throws IllegalArgumentException if no EC curve is allowed either
   */
  public CertificatePolicy withoutRsaKeys() {
    return new CertificatePolicy(0, 0, ecCurves, signatureAlgorithms);
  }

  /**
   * This policy with these EC curves (none: no EC keys).
   *
   * @param curves the allowed curves
   * @return the new policy
   * @throws IllegalArgumentException if no RSA keys are allowed either
   */
  public CertificatePolicy withEcCurves(EcCurve... curves) {
    return new CertificatePolicy(rsaMinBits, rsaMaxBits, List.of(curves), signatureAlgorithms);
  }

  /**
   * This policy with these signature algorithms.
   *
   * @param algorithms the allowed algorithms, at least one
   * @return the new policy
   * @throws IllegalArgumentException if none is given
   */
  public CertificatePolicy withSignatureAlgorithms(SignatureAlgorithm... algorithms) {
    return new CertificatePolicy(rsaMinBits, rsaMaxBits, ecCurves, List.of(algorithms));
  }

  /**
   * Whether an RSA key with this modulus size is allowed.
   *
   * @param modulusBits the size in bits
   * @return {@code true} if allowed
   */
  public boolean allowsRsaKey(int modulusBits) {
    return rsaMinBits > 0 && modulusBits >= rsaMinBits && modulusBits <= rsaMaxBits;
  }

  /**
   * Whether EC keys on this curve are allowed.
   *
   * @param curve the curve
   * @return {@code true} if allowed
   */
  public boolean allows(EcCurve curve) {
    return ecCurves.contains(curve);
  }

  /**
   * Whether this signature algorithm is allowed.
   *
   * @param algorithm the algorithm
   * @return {@code true} if allowed
   */
  public boolean allows(SignatureAlgorithm algorithm) {
    return signatureAlgorithms.contains(algorithm);
  }

  /**
   * Whether a signature algorithm, as a certificate or request encodes it, is allowed.
   *
   * @param oid the dotted OID ({@link java.security.cert.X509Certificate#getSigAlgOID()})
   * @param parameters the DER of its parameters, or {@code null} if absent
   *     ({@link java.security.cert.X509Certificate#getSigAlgParams()})
   * @return {@code true} if the algorithm is known and allowed
   */
  public boolean allowsSignatureAlgorithm(String oid, byte @Nullable [] parameters) {
    return SignatureAlgorithm.of(oid, parameters).filter(this::allows).isPresent();
  }

  /**
   * The allowed EC curves.
   *
   * @return an immutable set
   */
  public Set<EcCurve> ecCurves() {
    return ecCurves;
  }

  /**
   * The allowed signature algorithms.
   *
   * @return an immutable set
   */
  public Set<SignatureAlgorithm> signatureAlgorithms() {
    return signatureAlgorithms;
  }

  /**
   * Why a public key is refused, if it is.
   *
   * @param key the key (any provider's; only its X.509 encoding is read)
   * @return the refusal, or empty if the key is allowed
   */
  public Optional<KeyRefusal> checkKey(PublicKey key) {
    return checkKey(CertificateFacts.Key.of(key.getEncoded()));
  }

  /**
   * Why a public key, as a certificate or request encodes it, is refused, if it is.
   *
   * @param subjectPublicKeyInfo the DER of an X.509 SubjectPublicKeyInfo
   * @return the refusal, or empty if the key is allowed
   */
  public Optional<KeyRefusal> checkKey(byte[] subjectPublicKeyInfo) {
    return checkKey(CertificateFacts.Key.of(subjectPublicKeyInfo));
  }

  /** The one decision about a key, over the one parse of it. */
  Optional<KeyRefusal> checkKey(CertificateFacts.Key key) {
    KeyRefusal refusal;
    switch (key.algorithm()) {
      case "RSA" -> {
        if (rsaMinBits == 0) {
          refusal = KeyRefusal.ALGORITHM_NOT_ALLOWED;
        } else if (!key.wellFormed()) {
          refusal = KeyRefusal.UNUSABLE;
        } else if (key.bits() < rsaMinBits) {
          refusal = KeyRefusal.RSA_TOO_SHORT;
        } else if (key.bits() > rsaMaxBits) {
          refusal = KeyRefusal.RSA_TOO_LONG;
        } else {
          refusal = null;
        }
      }
      case "EC" -> {
        String curve = key.curveOid();
        if (curve == null) {
          refusal = KeyRefusal.UNUSABLE;
        } else {
          refusal = EcCurve.ofOid(curve).filter(this::allows).isPresent()
              ? null : KeyRefusal.CURVE_NOT_ALLOWED;
        }
      }
      case "unparseable" -> refusal = KeyRefusal.UNUSABLE;
      default -> refusal = KeyRefusal.ALGORITHM_NOT_ALLOWED;
    }
    return Optional.ofNullable(refusal);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CertificatePolicy p && rsaMinBits == p.rsaMinBits
        && rsaMaxBits == p.rsaMaxBits && ecCurves.equals(p.ecCurves)
        && signatureAlgorithms.equals(p.signatureAlgorithms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rsaMinBits, rsaMaxBits, ecCurves, signatureAlgorithms);
  }

  @Override
  public String toString() {
    return "CertificatePolicy[rsa=" + (rsaMinBits == 0 ? "none" : rsaMinBits + ".." + rsaMaxBits)
        + ", ec=" + new TreeSet<>(ecCurves) + ", signatures=" + new TreeSet<>(signatureAlgorithms)
        + "]";
  }

  /**
   * Why a key is refused.
   *
   * @since 0.2.0
   */
  public enum KeyRefusal {
    /** An RSA key with a modulus shorter than the policy's minimum. */
    RSA_TOO_SHORT("the RSA key is shorter than the policy allows"),
    /** An RSA key with a modulus longer than the policy's maximum. */
    RSA_TOO_LONG("the RSA key is longer than the policy allows"),
    /** An EC key on a curve the policy does not list. */
    CURVE_NOT_ALLOWED("the EC key is on a curve the policy does not allow"),
    /** A key of another algorithm (DSA, EdDSA, ...), or RSA when the policy allows none. */
    ALGORITHM_NOT_ALLOWED("the key algorithm is not allowed by the policy"),
    /**
     * A key that is unusable as encoded: it does not parse, an RSA key with an even modulus or an
     * even or tiny exponent, or an EC key with explicit or missing curve parameters.
     */
    UNUSABLE("the public key is malformed or uses explicit curve parameters");

    private final String description;

    KeyRefusal(String description) {
      this.description = description;
    }

    /**
     * A short English description for logs and refusal details.
     *
     * @return the description
     */
    public String description() {
      return description;
    }
  }

  /**
   * A named elliptic curve.
   *
   * @since 0.2.0
   */
  public enum EcCurve {
    /** NIST P-256 (secp256r1, prime256v1). */
    P256("secp256r1", "1.2.840.10045.3.1.7"),
    /** NIST P-384 (secp384r1). */
    P384("secp384r1", "1.3.132.0.34"),
    /** NIST P-521 (secp521r1). */
    P521("secp521r1", "1.3.132.0.35");

    private final String standardName;
    private final String oid;

    EcCurve(String standardName, String oid) {
      this.standardName = standardName;
      this.oid = oid;
    }

    /**
     * The SEC 2 name, as {@code ECGenParameterSpec} takes it.
     *
     * @return for example {@code secp256r1}
     */
    public String standardName() {
      return standardName;
    }

    /**
     * The curve's OID.
     *
     * @return the dotted OID
     */
    public String oid() {
      return oid;
    }

    /**
     * The curve with an OID.
     *
     * @param oid a dotted OID
     * @return the curve, or empty if it is none of these
     */
    public static Optional<EcCurve> ofOid(String oid) {
      return Arrays.stream(values()).filter(c -> c.oid.equals(oid)).findFirst();
    }

    /**
     * The curve with a SEC 2 name.
     *
     * @param name for example {@code secp384r1}
     * @return the curve, or empty if it is none of these
     */
    public static Optional<EcCurve> ofStandardName(String name) {
      return Arrays.stream(values()).filter(c -> c.standardName.equals(name)).findFirst();
    }
  }

  /**
   * A signature algorithm of certificates and certificate requests. SHA-1, MD5 and SHA-224 are not
   * offered.
   *
   * @since 0.2.0
   */
  public enum SignatureAlgorithm {
    /** RSA PKCS#1 v1.5 with SHA-256. */
    SHA256_WITH_RSA("1.2.840.113549.1.1.11", "SHA256withRSA", null),
    /** RSA PKCS#1 v1.5 with SHA-384. */
    SHA384_WITH_RSA("1.2.840.113549.1.1.12", "SHA384withRSA", null),
    /** RSA PKCS#1 v1.5 with SHA-512. */
    SHA512_WITH_RSA("1.2.840.113549.1.1.13", "SHA512withRSA", null),
    /** RSASSA-PSS with SHA-256 and MGF1 with SHA-256. */
    SHA256_WITH_RSA_PSS(PSS, "SHA256withRSAandMGF1", "2.16.840.1.101.3.4.2.1"),
    /** RSASSA-PSS with SHA-384 and MGF1 with SHA-384. */
    SHA384_WITH_RSA_PSS(PSS, "SHA384withRSAandMGF1", "2.16.840.1.101.3.4.2.2"),
    /** RSASSA-PSS with SHA-512 and MGF1 with SHA-512. */
    SHA512_WITH_RSA_PSS(PSS, "SHA512withRSAandMGF1", "2.16.840.1.101.3.4.2.3"),
    /** ECDSA with SHA-256. */
    SHA256_WITH_ECDSA("1.2.840.10045.4.3.2", "SHA256withECDSA", null),
    /** ECDSA with SHA-384. */
    SHA384_WITH_ECDSA("1.2.840.10045.4.3.3", "SHA384withECDSA", null),
    /** ECDSA with SHA-512. */
    SHA512_WITH_ECDSA("1.2.840.10045.4.3.4", "SHA512withECDSA", null);

    private final String oid;
    private final String jcaName;
    private final @Nullable String pssHashOid;

    SignatureAlgorithm(String oid, String jcaName, @Nullable String pssHashOid) {
      this.oid = oid;
      this.jcaName = jcaName;
      this.pssHashOid = pssHashOid;
    }

    /**
     * The algorithm's OID (for RSASSA-PSS, id-RSASSA-PSS; the hash is in the parameters).
     *
     * @return the dotted OID
     */
    public String oid() {
      return oid;
    }

    /**
     * The JCA signature algorithm name.
     *
     * @return for example {@code SHA256withECDSA}
     */
    public String jcaName() {
      return jcaName;
    }

    /**
     * The algorithm with a JCA name.
     *
     * @param jcaName for example {@code SHA384withRSA}
     * @return the algorithm, or empty if it is none of these
     */
    public static Optional<SignatureAlgorithm> ofJcaName(String jcaName) {
      return Arrays.stream(values()).filter(a -> a.jcaName.equals(jcaName)).findFirst();
    }

    /**
     * The algorithm a certificate or request encodes. RSASSA-PSS counts only with explicit
     * parameters whose hash and MGF1 hash are SHA-2 (absent parameters mean SHA-1); it is named
     * by its hash.
     *
     * @param oid the dotted OID
     * @param parameters the DER of the parameters, or {@code null} if absent
     * @return the algorithm, or empty if it is none of these
     */
    public static Optional<SignatureAlgorithm> of(String oid, byte @Nullable [] parameters) {
      if (!PSS.equals(oid)) {
        return Arrays.stream(values())
            .filter(a -> a.pssHashOid == null && a.oid.equals(oid)).findFirst();
      }
      if (parameters == null) {
        return Optional.empty();
      }
      try {
        RSASSAPSSparams pss = RSASSAPSSparams.getInstance(ASN1Primitive.fromByteArray(parameters));
        AlgorithmIdentifier mgf = pss.getMaskGenAlgorithm();
        String hash = pss.getHashAlgorithm().getAlgorithm().getId();
        if (!PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
            || mgf.getParameters() == null
            || Arrays.stream(values()).noneMatch(a -> AlgorithmIdentifier.getInstance(
                mgf.getParameters()).getAlgorithm().getId().equals(a.pssHashOid))) {
          return Optional.empty();
        }
        return Arrays.stream(values()).filter(a -> hash.equals(a.pssHashOid)).findFirst();
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  private static final String PSS = "1.2.840.113549.1.1.10";
}
