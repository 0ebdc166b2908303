package io.shomei.core.issue;

import java.util.Objects;

/**
 * The outcome of an issuance request: a certificate, or a typed refusal.
 *
 * @since 0.1.0
 */
public sealed interface IssuanceResult permits IssuanceResult.Issued, IssuanceResult.Refused {

  /**
   * A certificate was issued.
   *
   * @param certificate the certificate, with its private key on the server-side key generation path
   * @since 0.1.0
   */
  record Issued(IssuedCertificate certificate) implements IssuanceResult {
    /** Checks the component. */
    public Issued {
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  /**
   * Issuance was refused; nothing was signed.
   *
   * @param reason the reason a host can show
   * @since 0.1.0
   */
  record Refused(IssuanceRefusal reason) implements IssuanceResult {
    /** Checks the component. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
