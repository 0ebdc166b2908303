package io.shomei.core.testkit;

import io.shomei.spi.KeyCustody;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a custody and counts signatures, to prove that a refusal signed nothing. */
public final class CountingCustody implements KeyCustody {
  private final KeyCustody delegate;
  private final Set<String> algorithms;
  private final AtomicInteger signatures = new AtomicInteger();

  /**
   * Wraps a custody with all its algorithms.
   *
   * @param delegate the custody
   */
  public CountingCustody(KeyCustody delegate) {
    this(delegate, delegate.signatureAlgorithms());
  }

  /**
   * Wraps a custody, advertising only some algorithms.
   *
   * @param delegate the custody
   * @param algorithms the advertised algorithms
   */
  public CountingCustody(KeyCustody delegate, Set<String> algorithms) {
    this.delegate = delegate;
    this.algorithms = Set.copyOf(algorithms);
  }

  /**
   * Signatures made so far.
   *
   * @return the count
   */
  public int signatures() {
    return signatures.get();
  }

  @Override
  public List<X509Certificate> certificateChain() {
    return delegate.certificateChain();
  }

  @Override
  public Set<String> signatureAlgorithms() {
    return algorithms;
  }

  @Override
  public byte[] sign(String algorithm, byte[] data) {
    if (!algorithms.contains(algorithm)) {
      throw new IllegalArgumentException(algorithm);
    }
    signatures.incrementAndGet();
    return delegate.sign(algorithm, data);
  }
}
