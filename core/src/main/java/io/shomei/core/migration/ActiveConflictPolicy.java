package io.shomei.core.migration;

/**
 * What an import of an ACTIVE certificate does when its account already has an active
 * certificate. Either way at most one certificate per (user, service) is active afterwards.
 *
 * @since 0.1.0
 */
public enum ActiveConflictPolicy {
  /**
   * The certificate with the later {@code notBefore} (ties: the larger serial) stays or becomes
   * active, the other one is SUPERSEDED by it. The outcome does not depend on the order of the
   * imports: a newer certificate imported first stays active, and the older one imported after it
   * is recorded as SUPERSEDED.
   */
  SUPERSEDE_OLDER,
  /**
   * The import is refused with {@link ImportRefusal#ACTIVE_EXISTS}; nothing changes.
   */
  REFUSE
}
