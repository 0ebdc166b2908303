package io.shomei.core.custody;

import io.shomei.spi.KeyCustodyException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Checks of a CA certificate chain handed to a key custody. */
final class Chains {
  private Chains() {}

  /**
   * Converts a keystore chain to X.509 certificates.
   *
   * @param certs the keystore's chain
   * @return the certificates, in the same order
   * @throws KeyCustodyException if one is not X.509
   */
  public static List<X509Certificate> x509(Certificate[] certs) {
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : certs) {
      if (!(c instanceof X509Certificate x)) {
        throw new KeyCustodyException("the keystore chain holds a non-X.509 certificate", null);
      }
      out.add(x);
    }
    return out;
  }

  /**
   * Checks that a CA chain is in order: each certificate is issued (name and signature) by the
   * next one, and the first one, if it is a version 3 certificate, is a CA certificate
   * (basicConstraints cA). The last one need not be
   * self-signed: a chain may stop below the root.
   *
   * @param chain the chain, signing certificate first
   * @throws KeyCustodyException if it is empty, out of order, or the first is not a CA
   */
  public static void requireOrdered(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new KeyCustodyException("the CA certificate chain is empty", null);
    }
    // a version 1 certificate has no extensions at all: old CAs may have one, so only v3 is held to it
    if (chain.get(0).getVersion() >= 3 && chain.get(0).getBasicConstraints() < 0) {
      throw new KeyCustodyException("the key's certificate is not a CA certificate"
          + " (no basicConstraints cA)", null);
    }
    for (int i = 0; i + 1 < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      X509Certificate issuer = chain.get(i + 1);
      if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
        throw new KeyCustodyException("certificate " + i + " of the CA chain is not issued by"
            + " certificate " + (i + 1) + " (names differ); list the chain from the signing CA"
            + " up to the root", null);
      }
      try {
        c.verify(issuer.getPublicKey());
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new KeyCustodyException("certificate " + i + " of the CA chain is not signed by"
            + " certificate " + (i + 1), e);
      }
    }
  }
}
