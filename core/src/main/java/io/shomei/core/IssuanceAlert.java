package io.shomei.core;

import io.shomei.spi.AccountKey;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate was issued by the three secrets alone while the account held a certificate that
 * could have renewed instead ({@link ThreeSecretFallback#ALLOW_WITH_ALERT}): the customer should
 * hear of it on a second channel (mail, SMS), so that an issuance they did not make is reported.
 * The engine audits it as {@code ISSUANCE_ALERT} first; the listener is the host's seam to a
 * notification outbox.
 *
 * @param account the account
 * @param serial the new certificate
 * @param superseded the certificate it replaced, which could have proved possession
 * @param issuedAt when
 * @since 0.2.0
 */
public record IssuanceAlert(AccountKey account, BigInteger serial, BigInteger superseded,
    Instant issuedAt) {
  /** Checks for nulls. */
  public IssuanceAlert {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(superseded, "superseded");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  /**
   * Receives issuance alerts. Called after the certificate was committed and audited, on the
   * acquiring thread: keep it short (enqueue, do not send). An exception it throws is not the
   * customer's: the acquisition still succeeds, and the audit event remains the record.
   *
   * @since 0.2.0
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * One alert.
     *
     * @param alert the alert
     */
    void alert(IssuanceAlert alert);
  }
}
