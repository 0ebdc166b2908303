package io.shomei.spi;

import java.util.Optional;

/**
 * Keeps the newest published CRL of each issuing CA, so that CRL numbers only grow (across nodes,
 * restarts and clocks that step back) and every node can serve the current CRL without signing.
 *
 * <h2>Guarantees an implementation gives</h2>
 *
 * <ul>
 *   <li>{@link #publish} is a compare-and-set on the number: it stores a CRL only if its number is
 *       greater than the stored one of that issuer (or none is stored), atomically, also when
 *       several nodes publish at once; so two stored CRLs of one issuer never share a number and a
 *       later one never has a smaller number.
 *   <li>{@link #latest} returns what the last successful {@link #publish} stored, byte for byte
 *       (instants to the store's precision, at least the microsecond).
 *   <li>Every method is safe to call from many threads at once.
 * </ul>
 *
 * <p>The contract suite {@code io.shomei.testing.contract.CrlStoreContract} in
 * {@code shomei-test-fixtures} checks these guarantees.
 *
 * @since 0.2.0
 */
public interface CrlStore {

  /**
   * The newest CRL published for an issuer.
   *
   * @param issuer the issuer's key identifier (see {@link PublishedCrl#issuer()})
   * @return the CRL, or empty if none was published
   * @throws StorageException on infrastructure failure
   */
  Optional<PublishedCrl> latest(String issuer);

  /**
   * Stores a CRL as its issuer's newest, if its number is greater than the stored one's.
   *
   * @param crl the CRL
   * @return {@code true} if stored; {@code false} if a CRL with the same or a greater number is
   *     stored (nothing changed; re-read with {@link #latest})
   * @throws StorageException on infrastructure failure (then it was stored or not; re-read)
   */
  boolean publish(PublishedCrl crl);
}
