package io.shomei.spi;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * The CA's signing capability. It hands out signatures, never keys: no method can return private key
 * material, and an implementation backed by an HSM keeps the key inside it.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>The private key never crosses this interface, in any form.
 *   <li>{@link #sign} signs exactly the given bytes with exactly the named algorithm; it never falls
 *       back to another algorithm.
 *   <li>Exceptions never carry key material or PINs.
 *   <li>Every method is safe to call from many threads at once.
 * </ul>
 *
 * @since 0.1.0
 */
public interface KeyCustody {

  /**
   * The CA certificate chain: first the certificate of the signing key, then each issuer up to and
   * including the root.
   *
   * @return an immutable, non-empty list
   */
  List<X509Certificate> certificateChain();

  /**
   * The certificate of the signing key, {@code certificateChain().get(0)}.
   *
   * @return the CA certificate
   */
  default X509Certificate certificate() {
    return certificateChain().get(0);
  }

  /**
   * The public key matching the signing key.
   *
   * @return the public key
   */
  default PublicKey publicKey() {
    return certificate().getPublicKey();
  }

  /**
   * The JCA signature algorithm names this custody can sign with (for example
   * {@code SHA256withECDSA}, {@code SHA384withRSA}).
   *
   * @return an immutable, non-empty set
   */
  Set<String> signatureAlgorithms();

  /**
   * Signs data.
   *
   * @param algorithm a JCA signature algorithm name from {@link #signatureAlgorithms()}
   * @param data the bytes to sign (for a certificate: the DER of the TBSCertificate)
   * @return the signature in the algorithm's standard encoding (DER for ECDSA)
   * @throws IllegalArgumentException if the algorithm is not supported
   * @throws KeyCustodyException if signing failed; nothing was signed
   */
  byte[] sign(String algorithm, byte[] data);
}
