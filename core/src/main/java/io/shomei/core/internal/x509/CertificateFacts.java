package io.shomei.core.internal.x509;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * The one parse of a certificate's facts, for login acceptance, eligibility selectors, the
 * certificate policy and the import of existing certificates. Parsed with Bouncy Castle's ASN.1
 * classes (the issuer is an {@link X500Name} built from the encoding, never from a string).
 *
 * <p>Two ways in, the same answers: {@link #parse(byte[])} reads a stored DER (eligibility reads
 * the records' DER), and the static checks read an {@link X509Certificate} the JDK already parsed
 * (acceptance holds the presented certificates). The public key is always classified by
 * {@link Key#of(SubjectPublicKeyInfo)}. Every static method returns a value for every
 * certificate: parsing failures are answers, not exceptions. Immutable.
 */
public final class CertificateFacts {
  /** id-kp-clientAuth. */
  public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private static final ConcurrentHashMap<String, Integer> CURVE_SIZES = new ConcurrentHashMap<>();

  private final X500Name issuer;
  private final byte @Nullable [] authorityKeyId;
  private final List<String> policyOids;
  private final Key key;
  private final byte[] subjectPublicKeyInfo;
  private final String signatureAlgorithmOid;
  private final byte @Nullable [] signatureAlgorithmParameters;

  private CertificateFacts(X500Name issuer, byte @Nullable [] authorityKeyId,
      List<String> policyOids, Key key, byte[] subjectPublicKeyInfo, String signatureAlgorithmOid,
      byte @Nullable [] signatureAlgorithmParameters) {
    this.issuer = issuer;
    this.authorityKeyId = authorityKeyId;
    this.policyOids = List.copyOf(policyOids);
    this.key = key;
    this.subjectPublicKeyInfo = subjectPublicKeyInfo;
    this.signatureAlgorithmOid = signatureAlgorithmOid;
    this.signatureAlgorithmParameters = signatureAlgorithmParameters;
  }

  /**
   * A subject public key, classified. Never refers to a policy: deciding is the policy's job.
   *
   * @param algorithm {@code RSA}, {@code EC}, {@code DSA}, {@code Ed25519}, {@code Ed448}, or the
   *     dotted OID of another algorithm
   * @param bits the RSA/DSA modulus size or the EC field size in bits, or -1 if unknown
   * @param curveOid the named curve's OID for EC keys; {@code null} for other keys and for EC keys
   *     with explicit or missing parameters
   * @param wellFormed whether the key is usable as encoded: for RSA an odd modulus and an odd
   *     public exponent of at least 3 with absent or NULL parameters; for EC a named curve; for
   *     the others whether it parsed
   */
  public record Key(String algorithm, int bits, @Nullable String curveOid, boolean wellFormed) {
    private static final Key UNPARSEABLE = new Key("unparseable", -1, null, false);

    /**
     * Classifies a key; never throws.
     *
     * @param spki the key
     * @return its facts
     */
    public static Key of(SubjectPublicKeyInfo spki) {
      try {
        AlgorithmIdentifier alg = spki.getAlgorithm();
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)
            || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)
            || oid.equals(X509ObjectIdentifiers.id_ea_rsa)) {
          RSAPublicKey rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
          BigInteger e = rsa.getPublicExponent();
          boolean usable = oid.equals(PKCSObjectIdentifiers.rsaEncryption)
              && (alg.getParameters() == null || alg.getParameters() instanceof ASN1Null)
              && rsa.getModulus().testBit(0) && e.testBit(0) && e.bitLength() >= 2;
          return new Key("RSA", rsa.getModulus().bitLength(), null, usable);
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
          ASN1Encodable params = alg.getParameters();
          String curve = params instanceof ASN1ObjectIdentifier named ? named.getId() : null;
          return new Key("EC", ecFieldSize(params), curve, curve != null);
        }
        if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
          ASN1Encodable params = alg.getParameters();
          return new Key("DSA",
              params == null ? -1 : DSAParameter.getInstance(params).getP().bitLength(), null, true);
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
          return new Key("Ed25519", 256, null, true);
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
          return new Key("Ed448", 448, null, true);
        }
        return new Key(oid.getId(), -1, null, true);
      } catch (IOException | RuntimeException e) {
        return UNPARSEABLE;
      }
    }

    /**
     * Classifies an encoded key ({@code PublicKey.getEncoded()}); never throws.
     *
     * @param subjectPublicKeyInfo the DER
     * @return its facts
     */
    public static Key of(byte[] subjectPublicKeyInfo) {
      try {
        return of(SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo));
      } catch (RuntimeException e) {
        return UNPARSEABLE;
      }
    }
  }

  /**
   * The issuer name.
   *
   * @return the name
   */
  public X500Name issuer() {
    return issuer;
  }

  /**
   * Whether the authorityKeyIdentifier's keyIdentifier equals {@code keyId}.
   *
   * @param keyId the expected identifier
   * @return {@code true} if present and equal
   */
  public boolean authorityKeyIdEquals(byte[] keyId) {
    return authorityKeyId != null && Arrays.equals(authorityKeyId, keyId);
  }

  /**
   * The asserted certificate policies, in order.
   *
   * @return dotted OIDs
   */
  public List<String> policyOids() {
    return policyOids;
  }

  /**
   * The subject public key.
   *
   * @return its facts
   */
  public Key key() {
    return key;
  }

  /**
   * The subject public key as encoded, for {@code CertificatePolicy.checkKey}.
   *
   * @return a copy of the DER
   */
  public byte[] subjectPublicKeyInfo() {
    return subjectPublicKeyInfo.clone();
  }

  /**
   * The CA's signature algorithm.
   *
   * @return the dotted OID
   */
  public String signatureAlgorithmOid() {
    return signatureAlgorithmOid;
  }

  /**
   * The DER of the signature algorithm's parameters, as {@link X509Certificate#getSigAlgParams()}
   * returns them.
   *
   * @return a copy, or {@code null} if absent
   */
  public byte @Nullable [] signatureAlgorithmParameters() {
    return signatureAlgorithmParameters == null ? null : signatureAlgorithmParameters.clone();
  }

  /**
   * Parses a certificate.
   *
   * @param der the DER encoding
   * @return the facts
   * @throws IllegalArgumentException if the DER is not a certificate
   */
  public static CertificateFacts parse(byte[] der) {
    Certificate c;
    try {
      c = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a DER X.509 certificate", e);
    }
    if (c == null) {
      throw new IllegalArgumentException("not a DER X.509 certificate");
    }
    try {
      Extensions ext = c.getTBSCertificate().getExtensions();
      byte[] akid = null;
      List<String> policies = new ArrayList<>();
      if (ext != null) {
        Extension a = ext.getExtension(Extension.authorityKeyIdentifier);
        if (a != null) {
          ASN1OctetString k =
              AuthorityKeyIdentifier.getInstance(a.getParsedValue()).getKeyIdentifierObject();
          akid = k == null ? null : k.getOctets();
        }
        Extension p = ext.getExtension(Extension.certificatePolicies);
        if (p != null) {
          policies = policyOids(CertificatePolicies.getInstance(p.getParsedValue()));
        }
      }
      AlgorithmIdentifier sig = c.getSignatureAlgorithm();
      ASN1Encodable sigParams = sig.getParameters();
      SubjectPublicKeyInfo spki = c.getSubjectPublicKeyInfo();
      return new CertificateFacts(c.getIssuer(), akid, policies, Key.of(spki),
          spki.getEncoded(ASN1Encoding.DER), sig.getAlgorithm().getId(),
          sigParams == null ? null : sigParams.toASN1Primitive().getEncoded(ASN1Encoding.DER));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed certificate field", e);
    }
  }

  private static int ecFieldSize(@Nullable ASN1Encodable params) {
    if (params instanceof ASN1ObjectIdentifier curve) {
      // building a curve's parameters is costly: remember each named curve's field size
      return CURVE_SIZES.computeIfAbsent(curve.getId(), id -> {
        X9ECParameters p = ECNamedCurveTable.getByOID(curve);
        return p == null ? -1 : p.getCurve().getFieldSize();
      });
    }
    if (params == null || params.toASN1Primitive() instanceof ASN1Null) {
      return -1;
    }
    return X9ECParameters.getInstance(params.toASN1Primitive()).getCurve().getFieldSize();
  }

  /**
   * The key of a certificate the JDK parsed.
   *
   * @param c the certificate
   * @return its facts
   */
  public static Key keyOf(X509Certificate c) {
    return Key.of(c.getPublicKey().getEncoded());
  }

  /**
   * Whether the certificate is a CA certificate by any sign: basicConstraints cA, or the
   * keyCertSign bit.
   *
   * @param c the certificate
   * @return {@code true} if it is (or claims to be) a CA
   */
  public static boolean isCa(X509Certificate c) {
    boolean[] ku = c.getKeyUsage();
    return c.getBasicConstraints() != -1 || (ku != null && ku.length > 5 && ku[5]);
  }

  /**
   * Whether the subject and issuer names are equal (a self-issued certificate).
   *
   * @param c the certificate
   * @return {@code true} if self-issued
   */
  public static boolean isSelfIssued(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }

  /**
   * Whether the extended key usage lists id-kp-clientAuth (anyExtendedKeyUsage does not count; no
   * extension does not count).
   *
   * @param c the certificate
   * @return {@code true} if clientAuth is listed
   */
  public static boolean hasClientAuth(X509Certificate c) {
    try {
      List<String> eku = c.getExtendedKeyUsage();
      return eku != null && eku.contains(CLIENT_AUTH);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  /**
   * Whether keyUsage is present with digitalSignature set.
   *
   * @param c the certificate
   * @return {@code true} if digitalSignature is set
   */
  public static boolean hasDigitalSignature(X509Certificate c) {
    boolean[] ku = c.getKeyUsage();
    return ku != null && ku.length > 0 && ku[0];
  }

  /**
   * A distinguished name for display, most significant RDN first, with every string type decoded
   * correctly; {@code "<unparseable>"} if it does not parse.
   *
   * @param nameDer the DER encoding
   * @return the display string
   */
  public static String displayName(byte[] nameDer) {
    try {
      return X500Name.getInstance(BCStyle.INSTANCE, nameDer).toString();
    } catch (RuntimeException e) {
      return "<unparseable>";
    }
  }

  /**
   * The certificate policy OIDs, in order; empty if there is no extension or it does not parse.
   *
   * @param c the certificate
   * @return an immutable list
   */
  public static List<String> policyOids(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.certificatePolicies.getId());
    if (ext == null) {
      return List.of();
    }
    try {
      return policyOids(
          CertificatePolicies.getInstance(ASN1OctetString.getInstance(ext).getOctets()));
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static List<String> policyOids(CertificatePolicies policies) {
    List<String> out = new ArrayList<>();
    for (PolicyInformation pi : policies.getPolicyInformation()) {
      out.add(pi.getPolicyIdentifier().getId());
    }
    return List.copyOf(out);
  }
}
