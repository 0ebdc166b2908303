package io.shomei.core.eligibility;

import java.util.Objects;

/**
 * Whether a certificate may <em>prove possession</em> of its key for a renewal with the current
 * certificate, from {@link Eligibility#checkProof}. Apart from "usable for login"
 * ({@link LoginDecision}): a campaign can make a certificate unusable for login and still let it
 * prove possession ({@link ReacquisitionRule#proofAfterUnusable()}), so that its owner renews with
 * it instead of the three secrets a phishing site can ask for.
 *
 * @since 0.2.0
 */
public sealed interface ProofDecision {

  /**
   * The verdict the decision was derived from.
   *
   * @return the verdict
   */
  Verdict verdict();

  /**
   * A sentence for operators and logs saying why (never shown as the customer's only message).
   *
   * @return the explanation
   */
  String explanation();

  /**
   * The certificate may prove possession.
   *
   * @param verdict the verdict
   * @param basis why
   */
  record Allowed(Verdict verdict, Basis basis) implements ProofDecision {
    /** Checks for nulls and that the basis matches the verdict. */
    public Allowed {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(basis, "basis");
      if ((basis == Basis.USABLE_FOR_LOGIN) != verdict.usableNow()) {
        throw new IllegalArgumentException(basis + " does not match a verdict with usableNow="
            + verdict.usableNow());
      }
    }

    @Override
    public String explanation() {
      if (basis == Basis.USABLE_FOR_LOGIN) {
        return "usable for login, so it proves possession";
      }
      return "unusable for login under campaign " + Objects.requireNonNull(verdict.rule()).id()
          + ", which declares that its certificates still prove possession";
    }
  }

  /**
   * The certificate proves nothing now.
   *
   * @param verdict the verdict
   * @param reason why
   */
  record Refused(Verdict verdict, Reason reason) implements ProofDecision {
    /** Checks for nulls. */
    public Refused {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String explanation() {
      return switch (reason) {
        case NOT_CURRENT -> "superseded or revoked: only the account's current certificate proves";
        case NOT_YET_VALID -> "not valid yet";
        case EXPIRED -> "expired";
        case CAMPAIGN_REFUSES_PROOF -> "unusable for login under campaign "
            + Objects.requireNonNull(verdict.rule()).id()
            + ", which does not let its certificates prove possession";
      };
    }
  }

  /**
   * Why a certificate may prove possession.
   *
   * @since 0.2.0
   */
  enum Basis {
    /** It is usable for login now. */
    USABLE_FOR_LOGIN,
    /**
     * A campaign made it unusable for login and declares that it still proves possession
     * ({@link ReacquisitionRule#proofAfterUnusable()}); it has not expired.
     */
    CAMPAIGN_ALLOWS_PROOF
  }

  /**
   * Why a certificate proves nothing.
   *
   * @since 0.2.0
   */
  enum Reason {
    /** Superseded or revoked. */
    NOT_CURRENT,
    /** Its validity has not started. */
    NOT_YET_VALID,
    /** It expired. */
    EXPIRED,
    /** A campaign made it unusable for login and does not let it prove possession. */
    CAMPAIGN_REFUSES_PROOF
  }
}
