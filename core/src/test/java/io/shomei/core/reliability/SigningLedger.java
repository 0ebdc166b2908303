package io.shomei.core.reliability;

import io.shomei.spi.KeyCustody;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * Key custody that remembers what it signed: the serial of every TBSCertificate and the number of
 * CRLs, so a test can compare "what the CA signed" with "what the store recorded". Records a
 * signature only once the delegate produced it.
 */
final class SigningLedger implements KeyCustody {
  private final KeyCustody delegate;
  private final List<BigInteger> certificates = new ArrayList<>();
  private int crls;
  private int other;

  SigningLedger(KeyCustody delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return delegate.certificateChain();
  }

  @Override
  public Set<String> signatureAlgorithms() {
    return delegate.signatureAlgorithms();
  }

  @Override
  public byte[] sign(String algorithm, byte[] data) {
    byte[] signature = delegate.sign(algorithm, data);
    BigInteger serial = certificateSerial(data);
    synchronized (this) {
      if (serial != null) {
        certificates.add(serial);
      } else if (isCrl(data)) {
        crls++;
      } else {
        other++;
      }
    }
    return signature;
  }

  private static @org.jspecify.annotations.Nullable BigInteger certificateSerial(byte[] data) {
    try {
      return TBSCertificate.getInstance(data).getSerialNumber().getValue();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean isCrl(byte[] data) {
    try {
      TBSCertList.getInstance(data);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Serials of every certificate signed, oldest first. */
  synchronized List<BigInteger> certificates() {
    return List.copyOf(certificates);
  }

  synchronized int crls() {
    return crls;
  }

  /** Signatures over anything that was neither a certificate nor a CRL. */
  synchronized int other() {
    return other;
  }

  @Override
  public String toString() {
    return "SigningLedger[" + delegate + "]";
  }
}
