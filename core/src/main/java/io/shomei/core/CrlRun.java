package io.shomei.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What one {@link CrlPublisher#publishIfDue()} did for an issuing CA.
 *
 * @since 0.2.0
 */
public sealed interface CrlRun {

  /**
   * This node issued and published a new CRL.
   *
   * @param crl the new CRL, now the newest in the store
   */
  record Published(Crl crl) implements CrlRun {
    /** Checks for null. */
    public Published {
      Objects.requireNonNull(crl, "crl");
    }
  }

  /**
   * The newest stored CRL is fresh; nothing was signed.
   *
   * @param current the newest stored CRL
   * @param dueAt when the next one is due
   */
  record NotDue(Crl current, Instant dueAt) implements CrlRun {
    /** Checks for nulls. */
    public NotDue {
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(dueAt, "dueAt");
    }
  }

  /**
   * A CRL is due, but another node holds the publishing lease and is publishing it.
   *
   * @param holder the other node's identifier
   * @param until when its lease ends
   */
  record HeldElsewhere(String holder, Instant until) implements CrlRun {
    /** Checks for nulls. */
    public HeldElsewhere {
      Objects.requireNonNull(holder, "holder");
      Objects.requireNonNull(until, "until");
    }
  }
}
