package io.shomei.examples.springboot;

import io.shomei.core.LoginResult;
import io.shomei.core.PasswordProof;
import io.shomei.core.PendingLogin;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The principal of a login whose certificate step passed: Shomei's {@link PendingLogin} in a
 * serializable form, kept in the HTTP session (inside Spring Security's context) until the password
 * step, and the first-login change, complete. It grants nothing by itself: Shomei re-checks the
 * certificate and the credentials at every later step.
 *
 * @param service the service being logged in to
 * @param userId the user ID Shomei mapped the certificate to
 * @param certificateSerial the certificate's serial
 * @param sha256Fingerprint the certificate's fingerprint
 * @param issuedAt when the certificate step passed
 * @param certificate what the pages show of the certificate
 * @param unusableFrom when a campaign will make the certificate unusable, or {@code null}
 * @param changeReason why a password change is required, once the password step said so; else
 *     {@code null}
 * @param pending Shomei's pending login itself (sealed by the engine: it cannot be rebuilt from
 *     the fields above)
 * @param proof Shomei's proof that the password step just verified the current password, once it
 *     asked for a change (the change form then asks only for the new password); else {@code null}
 */
public record PendingCertificateLogin(
    String service,
    String userId,
    BigInteger certificateSerial,
    String sha256Fingerprint,
    Instant issuedAt,
    CertificateView certificate,
    @Nullable Instant unusableFrom,
    LoginResult.ChangeRequired.@Nullable Reason changeReason,
    PendingLogin pending,
    @Nullable PasswordProof proof) implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Checks for nulls. */
  public PendingCertificateLogin {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(certificateSerial, "certificateSerial");
    Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(pending, "pending");
  }

  /**
   * From Shomei's answer to the certificate step.
   *
   * @param step the answer
   * @return the principal
   */
  public static PendingCertificateLogin of(LoginResult.PasswordRequired step) {
    PendingLogin p = step.pending();
    return new PendingCertificateLogin(p.account().service(), p.account().userId(),
        p.certificateSerial(), p.sha256Fingerprint(), p.issuedAt(),
        CertificateView.of(step.certificate()), step.unusableFrom(), null, p, null);
  }

  /**
   * The same login, now waiting for a password change.
   *
   * @param change Shomei's answer to the password step
   * @return the principal
   */
  public PendingCertificateLogin changeRequired(LoginResult.ChangeRequired change) {
    return new PendingCertificateLogin(service, userId, certificateSerial, sha256Fingerprint,
        issuedAt, certificate, unusableFrom, change.reason(), pending, change.proof());
  }

  @Override
  public String toString() {
    return "PendingCertificateLogin[" + userId + "@" + service + ", serial "
        + certificate.serialHex() + "]";
  }
}
