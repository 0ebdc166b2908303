package io.shomei.spi;

/**
 * Revocation reason codes of RFC 5280, section 5.3.1. Code 7 is unused by the RFC. Shomei does not
 * support certificate hold (suspension): a revocation is final.
 *
 * <p>{@link #SUPERSEDED} and {@link #CESSATION_OF_OPERATION} are not <em>for cause</em>
 * ({@link #forCause()}): a certificate replaced by its successor in the normal course (a
 * re-acquisition), or no longer needed because its service ended, says nothing against its holder
 * or the holder's secrets. Every other reason is an operator's decision about the certificate or
 * its holder.
 *
 * @since 0.1.0
 */
public enum RevocationReason {
  /** {@code unspecified (0)}. */
  UNSPECIFIED(0, "unspecified"),
  /** {@code keyCompromise (1)}. */
  KEY_COMPROMISE(1, "keyCompromise"),
  /** {@code cACompromise (2)}. */
  CA_COMPROMISE(2, "cACompromise"),
  /** {@code affiliationChanged (3)}. */
  AFFILIATION_CHANGED(3, "affiliationChanged"),
  /** {@code superseded (4)}: replaced by a newer certificate. Not for cause. */
  SUPERSEDED(4, "superseded"),
  /** {@code cessationOfOperation (5)}: for example the customer closed the service. */
  CESSATION_OF_OPERATION(5, "cessationOfOperation"),
  /** {@code privilegeWithdrawn (9)}. */
  PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn");

  private final int code;
  private final String rfcName;

  RevocationReason(int code, String rfcName) {
    this.code = code;
    this.rfcName = rfcName;
  }

  /**
   * The name RFC 5280 gives the reason in its {@code CRLReason} ASN.1 definition, for example
   * {@code keyCompromise}.
   *
   * @return the RFC's name
   * @since 0.2.0
   */
  public String rfcName() {
    return rfcName;
  }

  /**
   * Whether a revocation with this reason was <em>for cause</em>: every reason except
   * {@link #SUPERSEDED} and {@link #CESSATION_OF_OPERATION}. A certificate revoked as superseded
   * was replaced in the normal course and reads as superseded everywhere (acceptance, verdicts,
   * pages); a revocation for cause is an operator's decision that the branch follows up before the
   * customer acquires again (which reasons an engine treats so is configurable, within this set:
   * {@code Shomei.Builder.operatorStepAfterRevocation}).
   *
   * @return {@code false} only for {@link #SUPERSEDED} and {@link #CESSATION_OF_OPERATION}
   * @since 0.2.0
   */
  public boolean forCause() {
    return this != SUPERSEDED && this != CESSATION_OF_OPERATION;
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
