package io.shomei.core.internal.x509;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * Verifies ECDSA certificate signatures on the NIST curves with the SDK's unregistered Bouncy
 * Castle provider ({@link Bc#PROVIDER}), as a shortcut in front of the JDK's own verification.
 *
 * <p>It only ever says "verified" or "don't know": {@link #verified} is {@code true} only when
 * Bouncy Castle verified the signature, and every other case (another algorithm, signature
 * algorithm parameters present, a key that is not on P-256, P-384 or P-521 by name, a signature
 * Bouncy Castle refuses or cannot read) goes to the JDK, whose answer and exception stand. What
 * Bouncy Castle accepts the JDK accepts too: both compute the same ECDSA verification on the same
 * curves; Bouncy Castle only reads strict DER signatures (it re-encodes and compares) with both
 * integers in range, and validates the public key, where the JDK is as strict or more lenient.
 * So the verdict is the JDK's for every certificate, and only the cost of the common case
 * changes (about a fifth on this project's machine, BENCHMARKS.md).
 *
 * <p>Issuer keys converted to Bouncy Castle's form are remembered (at most
 * {@value #MAX_KEYS}, then forgotten all at once): they are the keys of trust anchors and of
 * certificates whose own signature already verified, so a handful. Thread-safe.
 */
final class EcdsaFastPath {
  /** Most converted issuer keys remembered. */
  static final int MAX_KEYS = 64;

  /** ecdsa-with-SHA256/384/512 (RFC 5758) to the JCA name of the same algorithm. */
  private static final Map<String, String> ALGORITHMS = Map.of(
      X9ObjectIdentifiers.ecdsa_with_SHA256.getId(), "SHA256withECDSA",
      X9ObjectIdentifiers.ecdsa_with_SHA384.getId(), "SHA384withECDSA",
      X9ObjectIdentifiers.ecdsa_with_SHA512.getId(), "SHA512withECDSA");

  /** The curves the JDK's SunEC verifies: P-256, P-384, P-521. */
  private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(
      SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1,
      SECObjectIdentifiers.secp521r1);

  /**
   * Issuer key's SubjectPublicKeyInfo DER to BC's form of the key. Keyed by the encoding, not by
   * the key object, whose {@code equals} is the key class's to define.
   */
  private final ConcurrentHashMap<ByteBuffer, PublicKey> keys = new ConcurrentHashMap<>();

  /**
   * Whether Bouncy Castle verified the certificate's signature with the issuer's key.
   *
   * @param certificate the certificate
   * @param issuerKey the key of its issuer
   * @return true if verified; false if not or not tried (then only the JDK can decide)
   */
  boolean verified(X509Certificate certificate, PublicKey issuerKey) {
    String algorithm = ALGORITHMS.get(certificate.getSigAlgOID());
    if (algorithm == null || certificate.getSigAlgParams() != null) {
      return false;
    }
    PublicKey key = bcKey(issuerKey);
    if (key == null) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(algorithm, Bc.PROVIDER);
      s.initVerify(key);
      s.update(certificate.getTBSCertificate());
      return s.verify(certificate.getSignature());
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // the JDK decides, and reports its own reason
    }
  }

  /** How many converted issuer keys are remembered now (for tests). */
  int rememberedKeys() {
    return keys.size();
  }

  /** The issuer key in BC's form, or null when it is not an EC key on a NIST curve by name. */
  private @Nullable PublicKey bcKey(PublicKey issuerKey) {
    if (!(issuerKey instanceof ECPublicKey)) {
      return null;
    }
    byte[] spki = issuerKey.getEncoded();
    if (spki == null) {
      return null;
    }
    ByteBuffer id = ByteBuffer.wrap(spki);
    PublicKey known = keys.get(id);
    if (known != null) {
      return known;
    }
    PublicKey converted;
    try {
      if (!(SubjectPublicKeyInfo.getInstance(spki).getAlgorithm().getParameters()
          instanceof ASN1ObjectIdentifier curve) || !CURVES.contains(curve)) {
        return null;
      }
      converted = KeyFactory.getInstance("EC", Bc.PROVIDER)
          .generatePublic(new X509EncodedKeySpec(spki.clone()));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null; // a key BC does not read (or not valid for it): the JDK decides
    }
    if (keys.size() >= MAX_KEYS) {
      keys.clear();
    }
    keys.put(id, converted);
    return converted;
  }
}
