package io.shomei.testing.memory;

import io.shomei.spi.CrlStore;
import io.shomei.spi.PublishedCrl;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A strict in-memory {@link CrlStore}: one newest CRL per issuer, replaced only by a greater number.
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public final class InMemoryCrlStore implements CrlStore {
  private final Map<String, PublishedCrl> latest = new HashMap<>();

  /** An empty store. */
  public InMemoryCrlStore() {}

  @Override
  public synchronized Optional<PublishedCrl> latest(String issuer) {
    return Optional.ofNullable(latest.get(Objects.requireNonNull(issuer, "issuer")));
  }

  @Override
  public synchronized boolean publish(PublishedCrl crl) {
    PublishedCrl stored = latest.get(crl.issuer());
    if (stored != null && stored.number().compareTo(crl.number()) >= 0) {
      return false;
    }
    latest.put(crl.issuer(), crl);
    return true;
  }

  @Override
  public synchronized String toString() {
    return "InMemoryCrlStore[issuers=" + latest.size() + "]";
  }
}
