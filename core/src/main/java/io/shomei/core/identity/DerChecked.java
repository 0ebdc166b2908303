package io.shomei.core.identity;

import io.shomei.core.internal.x509.RawCertificate;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The strict-DER check of presented certificates, remembered by the SHA-256 fingerprint of the
 * exact bytes checked: a returning certificate is not parsed and re-encoded again. Only encodings
 * that passed are remembered, and a fingerprint names one byte string, so every verdict is the one
 * {@link RawCertificate#isDer} gives. Bounded (the oldest entries go first, roughly); thread-safe.
 */
final class DerChecked {
  private final int max;
  private final Set<String> passed = ConcurrentHashMap.newKeySet();

  /**
   * @param max how many fingerprints to remember (0: check every time)
   */
  DerChecked(int max) {
    this.max = max;
  }

  /**
   * Whether the bytes are strict DER.
   *
   * @param encoding the certificate's bytes
   * @param fingerprint {@code CertificateRecord.fingerprintOf(encoding)}
   * @return the answer of {@link RawCertificate#isDer}
   */
  boolean isDer(byte[] encoding, String fingerprint) {
    if (max > 0 && passed.contains(fingerprint)) {
      return true;
    }
    boolean der = RawCertificate.isDer(encoding);
    if (der && max > 0) {
      if (passed.size() >= max) {
        Iterator<String> it = passed.iterator();
        while (passed.size() >= max && it.hasNext()) {
          it.next();
          it.remove();
        }
      }
      passed.add(fingerprint);
    }
    return der;
  }
}
