package io.shomei.spi;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything one successful acquisition writes, for {@link Storage#commitAcquisition}: the new
 * certificate, the download ticket of its PKCS#12 file (server-side key path), which certificate the
 * caller saw active, and what becomes of that one.
 *
 * @param certificate the new certificate, in state {@link CertificateStatus#ISSUED}
 * @param ticket the download ticket of its PKCS#12 file, or {@code null} (the CSR path hands out no
 *     file); its issuer, serial and account are the certificate's
 * @param expectedActive serial of the account's active certificate as the caller saw it, or
 *     {@code null} if it saw none; the commit happens only if that is still the active one
 * @param revokeSuperseded {@code true}: the superseded certificate is revoked at once with reason
 *     {@link RevocationReason#SUPERSEDED}; {@code false}: it is only marked SUPERSEDED
 * @param at the instant of the change (the certificates' {@code statusChangedAt})
 * @param notices customer notices written in the same atomic unit (immutable copy; empty when
 *     notices are not configured)
 * @since 0.2.0
 */
public record AcquisitionCommit(
    CertificateRecord certificate,
    @Nullable DownloadTicket ticket,
    @Nullable BigInteger expectedActive,
    boolean revokeSuperseded,
    Instant at,
    List<Notice> notices) {

  /** Checks that the parts belong together. */
  public AcquisitionCommit {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(at, "at");
    notices = List.copyOf(notices);
    if (certificate.status() != CertificateStatus.ISSUED) {
      throw new IllegalArgumentException("the new certificate must be ISSUED, not "
          + certificate.status());
    }
    if (ticket != null && (!ticket.isFor(certificate)
        || !ticket.account().equals(certificate.account()))) {
      throw new IllegalArgumentException("the ticket must be for the new certificate");
    }
    if (certificate.serial().equals(expectedActive)) {
      throw new IllegalArgumentException("the new certificate cannot be the expected active one");
    }
  }

  /**
   * A commit without notices.
   *
   * @param certificate the new certificate, in state {@link CertificateStatus#ISSUED}
   * @param ticket its download ticket, or {@code null}
   * @param expectedActive the account's active certificate as the caller saw it, or {@code null}
   * @param revokeSuperseded whether the superseded certificate is revoked at once
   * @param at the instant of the change
   */
  public AcquisitionCommit(CertificateRecord certificate, @Nullable DownloadTicket ticket,
      @Nullable BigInteger expectedActive, boolean revokeSuperseded, Instant at) {
    this(certificate, ticket, expectedActive, revokeSuperseded, at, List.of());
  }

  /**
   * The account the certificate is for.
   *
   * @return the certificate's account
   */
  public AccountKey account() {
    return certificate.account();
  }

  @Override
  public String toString() {
    return "AcquisitionCommit[certificate=" + certificate.serial().toString(16) + ", account="
        + certificate.account() + ", ticket=" + (ticket == null ? "none" : "<redacted>")
        + ", expectedActive=" + (expectedActive == null ? "none" : expectedActive.toString(16))
        + ", revokeSuperseded=" + revokeSuperseded + ", at=" + at + ", notices=" + notices.size()
        + "]";
  }
}
