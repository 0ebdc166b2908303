package io.shomei.core.identity;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of {@link IssuerCrls#load}: {@link Loaded} or {@link Refused}.
 *
 * @since 0.2.0
 */
public sealed interface CrlLoad {

  /**
   * Which certificates of its issuer a CRL speaks about (its issuingDistributionPoint).
   *
   * @since 0.2.0
   */
  enum Scope {
    /** Every certificate of the issuer (no issuingDistributionPoint, or one without a limit). */
    ALL,
    /** End-entity certificates only (onlyContainsUserCerts). */
    END_ENTITY_CERTIFICATES,
    /** CA certificates only (onlyContainsCACerts). */
    CA_CERTIFICATES
  }

  /**
   * The CRL verified against its issuer and is now the one consulted for that issuer and scope
   * (loading the same CRL again also answers this).
   *
   * @param issuer the CRL's issuer, the subject of the configured CA certificate that verified it
   * @param crlNumber the CRL number, or {@code null} when the CRL has none
   * @param thisUpdate when the CRL was issued
   * @param nextUpdate when the next CRL is due; after it the CRL is stale
   * @param entries how many certificates it lists
   * @param scope which certificates of the issuer it speaks about
   * @since 0.2.0
   */
  record Loaded(X500Principal issuer, @Nullable BigInteger crlNumber, Instant thisUpdate,
      Instant nextUpdate, int entries, Scope scope) implements CrlLoad {
    /** Checks for nulls and order. */
    public Loaded {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(thisUpdate, "thisUpdate");
      Objects.requireNonNull(nextUpdate, "nextUpdate");
      Objects.requireNonNull(scope, "scope");
      if (nextUpdate.isBefore(thisUpdate) || entries < 0) {
        throw new IllegalArgumentException("nextUpdate before thisUpdate, or negative entries");
      }
    }

    @Override
    public String toString() {
      return "Loaded[" + issuer.getName() + ", number=" + crlNumber + ", thisUpdate=" + thisUpdate
          + ", nextUpdate=" + nextUpdate + ", entries=" + entries + ", scope=" + scope + "]";
    }
  }

  /**
   * The CRL was not taken; the one loaded before (if any) stays in force.
   *
   * @param reason the typed reason
   * @param detail an English explanation for logs and operators
   * @since 0.2.0
   */
  record Refused(CrlRefusal reason, String detail) implements CrlLoad {
    /** Checks for nulls. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
