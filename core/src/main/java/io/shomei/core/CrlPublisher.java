package io.shomei.core;

import java.util.Optional;

/**
 * Produces and publishes one CA's CRL for relying parties other than Shomei's own login (which
 * checks the certificate store directly and needs no CRL). Obtain it from
 * {@link io.shomei.core.Shomei#crl()}.
 *
 * <p>The CRL lists every REVOKED certificate with its RFC 5280 reason and revocation instant, every
 * SUPERSEDED one (reason {@code superseded}, instant of supersession), and every certificate a
 * campaign rule publishes as revoked; its {@code nextUpdate} never passes a rule's cut-over. It is
 * signed through {@link io.shomei.spi.KeyCustody}, so the CA key never leaves custody, and audited
 * as {@code CRL_ISSUED}.
 *
 * <h2>Numbers and publication</h2>
 *
 * <p>Every CRL issued is stored as the issuer's newest in {@link io.shomei.spi.CrlStore}, whose
 * compare-and-set guarantees that CRL numbers only grow: a new CRL's number is the greater of the
 * stored newest's plus one and the issue instant in milliseconds since the epoch (so numbers
 * issued before the store kept them stay below). Two nodes never publish the same number, and a
 * clock stepped back never lowers it. Every node serves the same CRL from {@link #latest()}.
 *
 * <h2>Schedule</h2>
 *
 * <p>Hosts call {@link #publishIfDue()} periodically on every node (every minute is usual; the CLI's
 * {@code crl --if-due} from cron does the same). A CRL is due when none is stored, or at
 * {@code nextUpdate - renewBefore} (see {@code Shomei.Builder#crlRenewBefore}), or, for a CRL whose
 * {@code nextUpdate} was brought forward to a campaign's cut-over, at that cut-over, when the
 * certificates the rule revokes can be listed. Of the nodes that find it due, the one that takes
 * the issuer's lease in {@link io.shomei.spi.LeaseStore} publishes; the others answer
 * {@link CrlRun.HeldElsewhere}. A revocation appears in the next scheduled CRL; a host that wants it
 * published sooner calls {@link #issue()}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface CrlPublisher {

  /**
   * The CA whose CRL this publisher issues: every CA given to the engine has one
   * ({@link Shomei#crls()}), its numbers and lease its own.
   *
   * @return the CA
   * @since 0.2.0
   */
  IssuingCa issuingCa();

  /**
   * Issues a CRL now, with {@code nextUpdate = now + } the configured interval (or the next
   * cut-over, if sooner), and publishes it as the newest.
   *
   * @return the CRL
   * @throws io.shomei.spi.KeyCustodyException if signing failed
   * @throws io.shomei.spi.StorageException if the store failed
   */
  Crl issue();

  /**
   * The newest published CRL, as stored; signs nothing.
   *
   * @return the CRL, or empty if none was published yet
   * @throws io.shomei.spi.StorageException if the store failed
   * @since 0.2.0
   */
  Optional<Crl> latest();

  /**
   * Publishes a new CRL if one is due and no other node is publishing it.
   *
   * @return what was done
   * @throws io.shomei.spi.KeyCustodyException if signing failed
   * @throws io.shomei.spi.StorageException if the store failed
   * @since 0.2.0
   */
  CrlRun publishIfDue();
}
