package io.shomei.core.eligibility;

import io.shomei.spi.RevocationReason;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The revocation status the rules give a certificate whose record is ACTIVE or ISSUED, as Shomei
 * publishes it to relying parties: the OCSP responder and the CRL answer from this one decision
 * ({@link Eligibility#revocationByRule}), so a terminator reading either sees what login decides.
 * Only a campaign rule that declares a {@code revocation-reason} ever revokes.
 *
 * @since 0.2.0
 */
public sealed interface RuleRevocation {

  /**
   * The rules do not revoke the certificate now.
   *
   * @param revokedFrom when a campaign with a revocation reason will revoke it (a relying party
   *     must not rely on "not revoked" past it), or {@code null} when none will
   * @since 0.2.0
   */
  record NotRevoked(@Nullable Instant revokedFrom) implements RuleRevocation {}

  /**
   * A campaign with a revocation reason made the certificate unusable.
   *
   * @param at the campaign's {@code unusable-from}: the revocation time published
   * @param reason the campaign's revocation reason
   * @since 0.2.0
   */
  record Revoked(Instant at, RevocationReason reason) implements RuleRevocation {
    /** Checks for nulls. */
    public Revoked {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
