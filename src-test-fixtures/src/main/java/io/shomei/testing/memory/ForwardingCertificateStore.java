package io.shomei.testing.memory;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CertificateStore} that passes every call to another one. Tests extend it and override the
 * calls they want to observe, count or distort.
 *
 * @since 0.1.0
 */
public class ForwardingCertificateStore implements CertificateStore {
  private final CertificateStore delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @param delegate the store that does the work
   */
  public ForwardingCertificateStore(CertificateStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The store every call goes to.
   *
   * @return the delegate
   */
  protected final CertificateStore delegate() {
    return delegate;
  }

  @Override
  public RecordResult record(CertificateRecord certificate) {
    return delegate.record(certificate);
  }

  @Override
  public ActivationResult activate(BigInteger serial, @Nullable BigInteger expectedActive,
      Instant at) {
    return delegate.activate(serial, expectedActive, at);
  }

  @Override
  public RevocationResult revoke(BigInteger serial, RevocationReason reason, Instant at) {
    return delegate.revoke(serial, reason, at);
  }

  @Override
  public Optional<CertificateRecord> findBySerial(BigInteger serial) {
    return delegate.findBySerial(serial);
  }

  @Override
  public ActivationResult activate(IssuerName issuer, BigInteger serial,
      @Nullable BigInteger expectedActive, Instant at) {
    return delegate.activate(issuer, serial, expectedActive, at);
  }

  @Override
  public RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason,
      Instant at) {
    return delegate.revoke(issuer, serial, reason, at);
  }

  @Override
  public Optional<CertificateRecord> findBySerial(IssuerName issuer, BigInteger serial) {
    return delegate.findBySerial(issuer, serial);
  }

  @Override
  public List<CertificateRecord> findAllBySerial(BigInteger serial) {
    return delegate.findAllBySerial(serial);
  }

  @Override
  public Optional<CertificateRecord> findByFingerprint(String sha256Fingerprint) {
    return delegate.findByFingerprint(sha256Fingerprint);
  }

  @Override
  public Optional<CertificateRecord> findActive(AccountKey account) {
    return delegate.findActive(account);
  }

  @Override
  public List<CertificateRecord> findByAccount(AccountKey account) {
    return delegate.findByAccount(account);
  }

  @Override
  public long count() {
    return delegate.count();
  }

  @Override
  public void forEach(Consumer<? super CertificateRecord> action) {
    delegate.forEach(action);
  }
}
