package io.shomei.core.internal.eligibility;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
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
 * The facts a selector may need that only the DER holds, parsed with Bouncy Castle's ASN.1 classes
 * (the issuer is an {@link X500Name} built from the encoding, never from a string). Immutable.
 */
public final class CertificateFacts {
  private static final ConcurrentHashMap<String, Integer> CURVE_SIZES = new ConcurrentHashMap<>();
  private final X500Name issuer;
  private final byte @Nullable [] authorityKeyId;
  private final Set<String> policyOids;
  private final String keyAlgorithm;
  private final int keyBits;
  private final String signatureAlgorithmOid;

  private CertificateFacts(X500Name issuer, byte @Nullable [] authorityKeyId, Set<String> policyOids,
      String keyAlgorithm, int keyBits, String signatureAlgorithmOid) {
    this.issuer = issuer;
    this.authorityKeyId = authorityKeyId;
    this.policyOids = Set.copyOf(policyOids);
    this.keyAlgorithm = keyAlgorithm;
    this.keyBits = keyBits;
    this.signatureAlgorithmOid = signatureAlgorithmOid;
  }

  /** The issuer name. @return the name */
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
    return authorityKeyId != null && java.util.Arrays.equals(authorityKeyId, keyId);
  }

  /** The asserted certificate policies. @return dotted OIDs */
  public Set<String> policyOids() {
    return policyOids;
  }

  /**
   * {@code RSA}, {@code EC}, {@code DSA}, {@code Ed25519}, {@code Ed448}, or the dotted OID of
   * another algorithm.
   *
   * @return the key algorithm
   */
  public String keyAlgorithm() {
    return keyAlgorithm;
  }

  /** The key size in bits, or -1 if unknown. @return the size */
  public int keyBits() {
    return keyBits;
  }

  /** The CA's signature algorithm. @return the dotted OID */
  public String signatureAlgorithmOid() {
    return signatureAlgorithmOid;
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
      Set<String> policies = new HashSet<>();
      if (ext != null) {
        Extension a = ext.getExtension(Extension.authorityKeyIdentifier);
        if (a != null) {
          ASN1OctetString k = AuthorityKeyIdentifier.getInstance(a.getParsedValue()).getKeyIdentifierObject();
          akid = k == null ? null : k.getOctets();
        }
        Extension p = ext.getExtension(Extension.certificatePolicies);
        if (p != null) {
          for (PolicyInformation pi :
              CertificatePolicies.getInstance(p.getParsedValue()).getPolicyInformation()) {
            policies.add(pi.getPolicyIdentifier().getId());
          }
        }
      }
      SubjectPublicKeyInfo spki = c.getSubjectPublicKeyInfo();
      AlgorithmIdentifier keyAlg = spki.getAlgorithm();
      ASN1ObjectIdentifier oid = keyAlg.getAlgorithm();
      String alg;
      int bits;
      if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)
          || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)
          || oid.equals(X509ObjectIdentifiers.id_ea_rsa)) {
        alg = "RSA";
        bits = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
      } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        alg = "EC";
        bits = ecFieldSize(keyAlg.getParameters());
      } else if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
        alg = "DSA";
        ASN1Encodable params = keyAlg.getParameters();
        bits = params == null ? -1 : DSAParameter.getInstance(params).getP().bitLength();
      } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
        alg = "Ed25519";
        bits = 256;
      } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
        alg = "Ed448";
        bits = 448;
      } else {
        alg = oid.getId();
        bits = -1;
      }
      return new CertificateFacts(c.getIssuer(), akid, policies, alg, bits,
          c.getSignatureAlgorithm().getAlgorithm().getId());
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
    if (params == null) {
      return -1;
    }
    ASN1Primitive prim = params.toASN1Primitive();
    if (prim instanceof org.bouncycastle.asn1.ASN1Null) {
      return -1;
    }
    return X9ECParameters.getInstance(prim).getCurve().getFieldSize();
  }
}
