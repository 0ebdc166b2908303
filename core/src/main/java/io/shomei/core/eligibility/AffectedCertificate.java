package io.shomei.core.eligibility;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateStatus;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One certificate a campaign affects, with the dates that matter to its owner: one row of a
 * campaign's export. A non-conforming certificate that no campaign of the rule set matches is
 * listed under the built-in rule {@link Campaign#NON_CONFORMING_RULE_ID} (see {@link Campaign}).
 *
 * @param account whose certificate it is
 * @param serial the certificate's serial
 * @param status its lifecycle state at scan time
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param verdict the verdict's kind at the scan instant
 * @param rule the campaign that affects it
 * @param progress whether its owner already re-acquired
 * @param successor serial of the certificate that replaced it, or {@code null}
 * @param successorRecordedAt when the successor was recorded, or {@code null}
 * @param conforming {@code false} for a certificate recorded as not conforming to the mapping
 *     policy (an imported legacy certificate): login never accepts it, so its owner needs a new
 *     certificate whether or not a campaign affects it
 * @since 0.1.0
 */
public record AffectedCertificate(
    AccountKey account,
    BigInteger serial,
    CertificateStatus status,
    Instant notBefore,
    Instant notAfter,
    VerdictKind verdict,
    ReacquisitionRule rule,
    Progress progress,
    @Nullable BigInteger successor,
    @Nullable Instant successorRecordedAt,
    boolean conforming) {

  /** Checks for nulls. */
  public AffectedCertificate {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(progress, "progress");
  }

  /**
   * A row for a conforming certificate (the shape before {@code conforming} was added).
   *
   * @param account whose certificate it is
   * @param serial the certificate's serial
   * @param status its lifecycle state at scan time
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @param verdict the verdict's kind at the scan instant
   * @param rule the campaign that affects it
   * @param progress whether its owner already re-acquired
   * @param successor serial of the certificate that replaced it, or {@code null}
   * @param successorRecordedAt when the successor was recorded, or {@code null}
   */
  public AffectedCertificate(AccountKey account, BigInteger serial, CertificateStatus status,
      Instant notBefore, Instant notAfter, VerdictKind verdict, ReacquisitionRule rule,
      Progress progress, @Nullable BigInteger successor, @Nullable Instant successorRecordedAt) {
    this(account, serial, status, notBefore, notAfter, verdict, rule, progress, successor,
        successorRecordedAt, true);
  }

  /**
   * The campaign's {@code unusableFrom}.
   *
   * @return the instant
   */
  public Instant unusableFrom() {
    return rule.unusableFrom();
  }

  /**
   * The campaign's {@code reacquireFrom}.
   *
   * @return the instant
   */
  public Instant reacquireFrom() {
    return rule.reacquireFrom();
  }

  /**
   * The campaign's {@code reacquireUntil}, or {@code null}.
   *
   * @return the instant, or {@code null}
   */
  public @Nullable Instant reacquireUntil() {
    return rule.reacquireUntil();
  }

  /**
   * The campaign's explanation URL, or {@code null}.
   *
   * @return the URL, or {@code null}
   */
  public @Nullable URI explanationUrl() {
    return rule.explanationUrl();
  }

  /**
   * Where an affected certificate stands in the campaign.
   *
   * @since 0.1.0
   */
  public enum Progress {
    /** Still current (ISSUED or ACTIVE): its owner has not re-acquired yet. */
    PENDING,
    /** Replaced by a certificate recorded at or after {@code reacquireFrom}: re-acquired. */
    DONE,
    /**
     * Replaced before {@code reacquireFrom} (for example by an ordinary renewal): the successor is
     * judged on its own in the same scan.
     */
    REPLACED_EARLIER,
    /** Revoked without a successor: an operator already handled it. */
    REVOKED
  }
}
