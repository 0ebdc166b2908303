package io.shomei.core;

import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which revocation reasons are "for cause": after such a revocation the account's passwords may
 * be in someone else's hands (a copied key, malware), or the bank withdrew the customer's right to
 * a certificate, so self-service acquisition stays closed until an operator issues a new
 * acquisition password. The one decision behind acquisition and {@link Certificates#status}.
 *
 * <p>A natural replacement ({@code superseded}) and the end of the service
 * ({@code cessationOfOperation}) are never for cause: they say nothing about the customer's
 * secrets.
 *
 * @param reasons the reasons that close self-service (never SUPERSEDED or CESSATION_OF_OPERATION)
 */
record RevocationForCause(Set<RevocationReason> reasons) {
  /**
   * The default: {@code keyCompromise}, {@code affiliationChanged}, {@code privilegeWithdrawn},
   * and {@code unspecified} (a revocation that does not say why is treated as one for cause).
   */
  static final Set<RevocationReason> DEFAULT = Collections.unmodifiableSet(EnumSet.of(
      RevocationReason.UNSPECIFIED, RevocationReason.KEY_COMPROMISE,
      RevocationReason.AFFILIATION_CHANGED, RevocationReason.PRIVILEGE_WITHDRAWN));

  RevocationForCause {
    reasons = reasons.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(RevocationReason.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(reasons));
    for (RevocationReason r : reasons) {
      if (!r.forCause()) { // superseded and cessationOfOperation: RevocationReason#forCause
        throw new IllegalArgumentException(r + " is never a revocation for cause");
      }
    }
  }

  /**
   * The newest certificate of the account that was revoked for cause at or after the moment its
   * current acquisition password was issued: while there is one, only an operator (by issuing a
   * new acquisition password) reopens self-service acquisition.
   *
   * @param held the account's certificates, any state
   * @param acquisition the account's acquisition password, or {@code null} if it has none
   * @return the revoked record, or {@code null} if self-service is not closed by a revocation
   */
  @Nullable CertificateRecord pending(List<CertificateRecord> held,
      @Nullable AcquisitionPassword acquisition) {
    CertificateRecord newest = null;
    for (CertificateRecord c : held) {
      RevocationReason reason = c.revocationReason();
      Instant at = c.statusChangedAt();
      if (c.status() != CertificateStatus.REVOKED || reason == null || at == null
          || !reasons.contains(reason)) {
        continue;
      }
      if (acquisition != null && acquisition.issuedAt().isAfter(at)) {
        continue; // an operator issued a new acquisition password after the revocation
      }
      if (newest == null || at.isAfter(Objects.requireNonNull(newest.statusChangedAt()))) {
        newest = c;
      }
    }
    return newest;
  }
}
