package io.shomei.core.internal.identity;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.jspecify.annotations.Nullable;

/**
 * Checks and display helpers over single certificates. Every method returns a value for every
 * certificate (parsing failures are answers, not exceptions).
 */
public final class CertificateFacts {
  /** id-kp-clientAuth. */
  public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
  private static final String MGF1 = "1.2.840.113549.1.1.8";
  private static final Set<String> SHA2 = Set.of(
      "2.16.840.1.101.3.4.2.1", // SHA-256
      "2.16.840.1.101.3.4.2.2", // SHA-384
      "2.16.840.1.101.3.4.2.3"); // SHA-512

  /** Signature algorithms accepted on a certificate (no SHA-1, no MD5, no DSA). */
  private static final Set<String> SIGNATURE_ALLOW_LIST = Set.of(
      "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
      "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
      "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
      "1.2.840.10045.4.3.2", // ecdsa-with-SHA256
      "1.2.840.10045.4.3.3", // ecdsa-with-SHA384
      "1.2.840.10045.4.3.4"); // ecdsa-with-SHA512

  private static final String RSA_KEY = "1.2.840.113549.1.1.1";
  private static final String EC_KEY = "1.2.840.10045.2.1";
  private static final Set<String> CURVES = Set.of(
      "1.2.840.10045.3.1.7", // P-256 (secp256r1)
      "1.3.132.0.34"); // P-384 (secp384r1)

  /** Smallest RSA modulus accepted, in bits. */
  public static final int MIN_RSA_BITS = 2048;

  private CertificateFacts() {}

  /**
   * Whether the certificate's signature algorithm is on the allow-list (RSA PKCS#1 v1.5, RSASSA-PSS
   * or ECDSA, each with SHA-256, SHA-384 or SHA-512).
   *
   * @param c the certificate
   * @return {@code true} if allowed
   */
  public static boolean hasAllowedSignatureAlgorithm(X509Certificate c) {
    String oid = c.getSigAlgOID();
    if (SIGNATURE_ALLOW_LIST.contains(oid)) {
      return true;
    }
    if (!RSASSA_PSS.equals(oid)) {
      return false;
    }
    byte[] params = c.getSigAlgParams();
    if (params == null) {
      return false; // absent parameters mean SHA-1 for RSASSA-PSS
    }
    try {
      RSASSAPSSparams pss = RSASSAPSSparams.getInstance(ASN1Primitive.fromByteArray(params));
      AlgorithmIdentifier mgf = pss.getMaskGenAlgorithm();
      return SHA2.contains(pss.getHashAlgorithm().getAlgorithm().getId())
          && MGF1.equals(mgf.getAlgorithm().getId())
          && mgf.getParameters() != null
          && SHA2.contains(AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm().getId());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Why the public key is refused, or {@code null} if it is RSA with at least 2048 bits or EC on
   * P-256 or P-384 (named curve).
   *
   * @param c the certificate
   * @return a short English reason, or {@code null} if the key is acceptable
   */
  public static @Nullable String keyProblem(X509Certificate c) {
    PublicKey key = c.getPublicKey();
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
    } catch (RuntimeException e) {
      return "the public key does not parse";
    }
    String alg = spki.getAlgorithm().getAlgorithm().getId();
    if (RSA_KEY.equals(alg)) {
      if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS) {
        return null;
      }
      return "the RSA key is shorter than " + MIN_RSA_BITS + " bits";
    }
    if (EC_KEY.equals(alg)) {
      if (spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve
          && CURVES.contains(curve.getId())) {
        return null;
      }
      return "the EC key is not on P-256 or P-384 (named curve)";
    }
    return "the key algorithm is neither RSA nor EC";
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
    byte[] ext = c.getExtensionValue("2.5.29.32");
    if (ext == null) {
      return List.of();
    }
    try {
      CertificatePolicies policies =
          CertificatePolicies.getInstance(ASN1OctetString.getInstance(ext).getOctets());
      List<String> out = new ArrayList<>();
      for (PolicyInformation pi : policies.getPolicyInformation()) {
        out.add(pi.getPolicyIdentifier().getId());
      }
      return List.copyOf(out);
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
