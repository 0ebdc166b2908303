package io.shomei.core;

/**
 * Produces the CA's CRL for relying parties other than Shomei's own login (which checks the
 * certificate store directly and needs no CRL). Obtain it from {@link io.shomei.core.Shomei#crl()}.
 *
 * <p>The CRL lists every REVOKED certificate with its RFC 5280 reason and revocation instant, and
 * every SUPERSEDED one (reason {@code superseded}, instant of supersession): a superseded certificate
 * is refused by Shomei's login at once, and other relying parties should refuse it too. It is signed
 * through {@link io.shomei.spi.KeyCustody}, so the CA key never leaves custody. The CRL number is the
 * issue instant in milliseconds since the epoch, so it grows across restarts and JVMs without shared
 * state. Audited as {@code CRL_ISSUED}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface CrlPublisher {

  /**
   * Issues a CRL now, with {@code nextUpdate = now + } the configured interval.
   *
   * @return the CRL
   * @throws io.shomei.spi.KeyCustodyException if signing failed
   * @throws io.shomei.spi.StorageException if the store failed
   */
  Crl issue();
}
