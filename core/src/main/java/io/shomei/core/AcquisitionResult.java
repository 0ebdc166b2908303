package io.shomei.core;

import io.shomei.core.issue.IssuanceRefusal;
import io.shomei.spi.AccountKey;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of {@link Acquisition#acquire}.
 *
 * @since 0.1.0
 */
public sealed interface AcquisitionResult {

  /**
   * A certificate is active for the account (MISSION A4: show the download screen).
   *
   * @param account the account
   * @param serial the new certificate's serial
   * @param certificate the new certificate
   * @param caChain the issuing CA chain, issuer first, root last
   * @param ticket the download ticket of the PKCS#12 file; {@code null} on the CSR path (the
   *     customer already holds the key; send {@code certificate} and {@code caChain} instead)
   * @param superseded the serial of the certificate this one replaced, or {@code null}
   * @param resumed {@code true} when no certificate was issued now: the account's active
   *     certificate was issued by an earlier acquisition whose download ticket is still live, and
   *     that ticket is handed back (an earlier attempt failed after the certificate was committed)
   * @since 0.1.0
   */
  record Acquired(
      AccountKey account,
      BigInteger serial,
      X509Certificate certificate,
      List<X509Certificate> caChain,
      @Nullable DownloadTicketInfo ticket,
      @Nullable BigInteger superseded,
      boolean resumed) implements AcquisitionResult {
    /** Checks for nulls and copies the chain. */
    public Acquired {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(certificate, "certificate");
      caChain = List.copyOf(caChain);
    }

    /**
     * The download ticket.
     *
     * @return the ticket, or empty on the CSR path
     */
    public Optional<DownloadTicketInfo> downloadTicket() {
      return Optional.ofNullable(ticket);
    }
  }

  /**
   * Refused; nothing the customer could use was issued.
   *
   * @param reason the code a host shows
   * @param availableFrom for {@link AcquisitionRefusal#NOT_YET_ELIGIBLE}: the first instant
   *     re-acquisition is possible; otherwise {@code null}
   * @param issuanceRefusal for {@link AcquisitionRefusal#ISSUANCE_REFUSED}: the issuer's reason;
   *     otherwise {@code null}
   * @since 0.1.0
   */
  record Refused(
      AcquisitionRefusal reason,
      @Nullable Instant availableFrom,
      @Nullable IssuanceRefusal issuanceRefusal) implements AcquisitionResult {
    /** Checks that the optional parts match the reason. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      if ((reason == AcquisitionRefusal.NOT_YET_ELIGIBLE) != (availableFrom != null)) {
        throw new IllegalArgumentException("availableFrom is set exactly for NOT_YET_ELIGIBLE");
      }
      if ((reason == AcquisitionRefusal.ISSUANCE_REFUSED) != (issuanceRefusal != null)) {
        throw new IllegalArgumentException("issuanceRefusal is set exactly for ISSUANCE_REFUSED");
      }
    }

    /**
     * A refusal without a date or issuer reason.
     *
     * @param reason the reason
     * @return the refusal
     */
    public static Refused of(AcquisitionRefusal reason) {
      return new Refused(reason, null, null);
    }
  }
}
