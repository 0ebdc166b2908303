package io.shomei.core.issue;

import io.shomei.core.identity.CertificatePolicy;
import io.shomei.core.identity.CertificatePolicy.SignatureAlgorithm;
import io.shomei.core.internal.x509.Bc;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.jspecify.annotations.Nullable;

/**
 * Checks a PKCS#10 request: size, strict DER, signature algorithm and public key (both under the
 * {@link CertificatePolicy}), proof of possession. Nothing from the request is used except its
 * public key; the subject and any requested extensions are ignored.
 */
final class CsrValidator {

  /** What a check found: a usable public key, or a refusal. */
  record Outcome(@Nullable SubjectPublicKeyInfo publicKey, @Nullable IssuanceRefusal refusal) {
    static Outcome refused(IssuanceRefusal r) {
      return new Outcome(null, r);
    }
  }

  /** Too weak whatever the policy: refused as weak rather than as unsupported. */
  private static final Set<ASN1ObjectIdentifier> WEAK_SIGNATURES = Set.of(
      PKCSObjectIdentifiers.md2WithRSAEncryption,
      PKCSObjectIdentifiers.md4WithRSAEncryption,
      PKCSObjectIdentifiers.md5WithRSAEncryption,
      PKCSObjectIdentifiers.sha1WithRSAEncryption,
      PKCSObjectIdentifiers.sha224WithRSAEncryption,
      new ASN1ObjectIdentifier("1.3.14.3.2.29"), // OIW sha1WithRSASignature
      X9ObjectIdentifiers.ecdsa_with_SHA1,
      X9ObjectIdentifiers.ecdsa_with_SHA224,
      X9ObjectIdentifiers.id_dsa_with_sha1);

  private CsrValidator() {}

  /**
   * Checks a request.
   *
   * @param input DER, or one PEM block of type {@code CERTIFICATE REQUEST}
   * @param maxLength the size cap in bytes
   * @param policy the keys and signature algorithms allowed
   * @return the outcome
   */
  static Outcome check(byte[] input, int maxLength, CertificatePolicy policy) {
    if (input.length > maxLength) {
      return Outcome.refused(IssuanceRefusal.CSR_TOO_LARGE);
    }
    CertificationRequest req = parse(input, maxLength);
    if (req == null) {
      return Outcome.refused(IssuanceRefusal.CSR_MALFORMED);
    }
    AlgorithmIdentifier sigAlg = req.getSignatureAlgorithm();
    ASN1ObjectIdentifier sigOid = sigAlg.getAlgorithm();
    if (WEAK_SIGNATURES.contains(sigOid)) {
      return Outcome.refused(IssuanceRefusal.CSR_WEAK_SIGNATURE_ALGORITHM);
    }
    // RSASSA-PSS requests are not verified (their parameters would have to be honoured): unsupported.
    SignatureAlgorithm signature = SignatureAlgorithm.of(sigOid.getId(), null).orElse(null);
    if (signature == null || !policy.allows(signature)) {
      return Outcome.refused(IssuanceRefusal.CSR_UNSUPPORTED_SIGNATURE_ALGORITHM);
    }
    boolean rsaSig = signature.jcaName().endsWith("withRSA");
    if (rsaSig ? !isAbsentOrNull(sigAlg) : sigAlg.getParameters() != null) {
      return Outcome.refused(IssuanceRefusal.CSR_MALFORMED);
    }
    SubjectPublicKeyInfo spki = req.getCertificationRequestInfo().getSubjectPublicKeyInfo();
    ASN1ObjectIdentifier keyOid = spki.getAlgorithm().getAlgorithm();
    boolean rsaKey = keyOid.equals(PKCSObjectIdentifiers.rsaEncryption);
    if (rsaKey ? !isAbsentOrNull(spki.getAlgorithm())
        : !keyOid.equals(X9ObjectIdentifiers.id_ecPublicKey)
            || !(spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier)) {
      return Outcome.refused(IssuanceRefusal.CSR_UNSUPPORTED_KEY); // or explicit curve parameters
    }
    byte[] encodedKey;
    try {
      encodedKey = spki.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      return Outcome.refused(IssuanceRefusal.CSR_UNSUPPORTED_KEY);
    }
    CertificatePolicy.KeyRefusal keyProblem = policy.checkKey(encodedKey).orElse(null);
    if (keyProblem != null) {
      return Outcome.refused(switch (keyProblem) {
        case RSA_TOO_SHORT, UNUSABLE -> IssuanceRefusal.CSR_WEAK_KEY;
        case RSA_TOO_LONG, CURVE_NOT_ALLOWED, ALGORITHM_NOT_ALLOWED ->
            IssuanceRefusal.CSR_UNSUPPORTED_KEY;
      });
    }
    if (rsaSig != rsaKey) {
      return Outcome.refused(IssuanceRefusal.CSR_SIGNATURE_KEY_MISMATCH);
    }
    PublicKey key;
    try {
      // BC's EC decoding validates that the point is on the curve.
      key = KeyFactory.getInstance(rsaKey ? "RSA" : "EC", Bc.PROVIDER)
          .generatePublic(new X509EncodedKeySpec(encodedKey));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Outcome.refused(IssuanceRefusal.CSR_UNSUPPORTED_KEY);
    }
    try {
      Signature verifier = Signature.getInstance(signature.jcaName(), Bc.PROVIDER);
      verifier.initVerify(key);
      verifier.update(req.getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
      if (!verifier.verify(req.getSignature().getOctets())) {
        return Outcome.refused(IssuanceRefusal.CSR_BAD_SIGNATURE);
      }
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return Outcome.refused(IssuanceRefusal.CSR_BAD_SIGNATURE);
    }
    return new Outcome(spki, null);
  }

  private static boolean isAbsentOrNull(AlgorithmIdentifier id) {
    return id.getParameters() == null || id.getParameters() instanceof ASN1Null;
  }

  private static @Nullable CertificationRequest parse(byte[] input, int maxLength) {
    try {
      byte[] der = input;
      if (startsWith(input, "-----BEGIN")) {
        try (PemReader r = new PemReader(
            new StringReader(new String(input, StandardCharsets.US_ASCII)))) {
          PemObject pem = r.readPemObject();
          if (pem == null || !(pem.getType().equals("CERTIFICATE REQUEST")
              || pem.getType().equals("NEW CERTIFICATE REQUEST")) || r.readPemObject() != null) {
            return null;
          }
          der = pem.getContent();
        }
      }
      ASN1Primitive primitive;
      try (ASN1InputStream in = new ASN1InputStream(new java.io.ByteArrayInputStream(der), maxLength)) {
        primitive = in.readObject();
        if (primitive == null || in.readObject() != null) {
          return null; // empty, or trailing data
        }
      }
      CertificationRequest req = CertificationRequest.getInstance(primitive);
      // Strict DER: the signature is checked over the DER re-encoding, so any other encoding of the
      // same request is refused rather than silently normalised.
      if (!Arrays.equals(req.getEncoded(ASN1Encoding.DER), der)) {
        return null;
      }
      return req;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // StackOverflowError: deeply nested garbage; the size cap bounds it, this is the backstop.
      return null;
    }
  }

  private static boolean startsWith(byte[] input, String prefix) {
    if (input.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (input[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
