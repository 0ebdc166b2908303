package io.shomei.spi;

/**
 * Revocation reason codes of RFC 5280, section 5.3.1. Code 7 is unused by the RFC. Shomei does not
 * support certificate hold (suspension): a revocation is final.
 *
 * @since 0.1.0
 */
public enum RevocationReason {
  /** {@code unspecified (0)}. */
  UNSPECIFIED(0),
  /** {@code keyCompromise (1)}. */
  KEY_COMPROMISE(1),
  /** {@code cACompromise (2)}. */
  CA_COMPROMISE(2),
  /** {@code affiliationChanged (3)}. */
  AFFILIATION_CHANGED(3),
  /** {@code superseded (4)}: replaced by a newer certificate. */
  SUPERSEDED(4),
  /** {@code cessationOfOperation (5)}: for example the customer closed the service. */
  CESSATION_OF_OPERATION(5),
  /** {@code privilegeWithdrawn (9)}. */
  PRIVILEGE_WITHDRAWN(9);

  private final int code;

  RevocationReason(int code) {
    this.code = code;
  }

  /**
   * The RFC 5280 {@code CRLReason} code.
   *
   * @return the numeric code
   */
  public int code() {
    return code;
  }

  /**
   * Looks up a reason by its RFC 5280 code.
   *
   * @param code the numeric code
   * @return the reason
   * @throws IllegalArgumentException if the code is not one this enum supports
   */
  public static RevocationReason ofCode(int code) {
    for (RevocationReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalArgumentException("unsupported CRLReason code " + code);
  }
}
