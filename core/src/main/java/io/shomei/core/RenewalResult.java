package io.shomei.core;

import io.shomei.core.eligibility.ProofDecision;
import io.shomei.core.identity.AcceptanceRefusal;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of {@link Renewal#renew}.
 *
 * @since 0.2.0
 */
public sealed interface RenewalResult {

  /**
   * The successor is active and the presented certificate superseded: show the download screen
   * exactly as after an acquisition.
   *
   * @param acquired the new certificate, its download ticket and the superseded serial
   * @param proof why the presented certificate could prove possession
   */
  record Renewed(AcquisitionResult.Acquired acquired, ProofDecision.Allowed proof)
      implements RenewalResult {
    /** Checks for nulls. */
    public Renewed {
      Objects.requireNonNull(acquired, "acquired");
      Objects.requireNonNull(proof, "proof");
    }
  }

  /**
   * Refused; nothing was issued.
   *
   * @param reason the code a host shows
   * @param availableFrom for {@link RenewalRefusal#NOT_YET_ELIGIBLE}: from when; otherwise
   *     {@code null}
   * @param certificateRefusal for {@link RenewalRefusal#CERTIFICATE_NOT_ACCEPTED}: why the
   *     certificate check refused; otherwise {@code null}
   * @param proof for {@link RenewalRefusal#NOT_USABLE_AS_PROOF}: the rules' decision; otherwise
   *     {@code null}
   */
  record Refused(RenewalRefusal reason, @Nullable Instant availableFrom,
      @Nullable AcceptanceRefusal certificateRefusal, ProofDecision.@Nullable Refused proof)
      implements RenewalResult {
    /** Checks that the optional parts match the reason. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      if ((reason == RenewalRefusal.NOT_YET_ELIGIBLE) != (availableFrom != null)) {
        throw new IllegalArgumentException("availableFrom is set exactly for NOT_YET_ELIGIBLE");
      }
      if ((reason == RenewalRefusal.CERTIFICATE_NOT_ACCEPTED) != (certificateRefusal != null)) {
        throw new IllegalArgumentException(
            "certificateRefusal is set exactly for CERTIFICATE_NOT_ACCEPTED");
      }
      if ((reason == RenewalRefusal.NOT_USABLE_AS_PROOF) != (proof != null)) {
        throw new IllegalArgumentException("proof is set exactly for NOT_USABLE_AS_PROOF");
      }
    }

    /**
     * A refusal without a date, certificate reason or proof decision.
     *
     * @param reason the reason
     * @return the refusal
     */
    public static Refused of(RenewalRefusal reason) {
      return new Refused(reason, null, null, null);
    }
  }
}
