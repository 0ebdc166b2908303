package io.shomei.examples.springboot;

import io.shomei.core.LoginResult;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The principal of a completed login (role {@code CUSTOMER}).
 *
 * @param service the service logged in to
 * @param userId the customer's user ID
 * @param certificate the certificate used
 * @param authenticatedAt when the login completed
 * @param previousLoginAt the previous completed login, or {@code null} on the first
 * @param passwordChanged whether this login changed the password
 * @param certificateUnusableFrom when a campaign will make the certificate unusable, or
 *     {@code null}
 */
public record AuthenticatedCustomer(
    String service,
    String userId,
    CertificateView certificate,
    Instant authenticatedAt,
    @Nullable Instant previousLoginAt,
    boolean passwordChanged,
    @Nullable Instant certificateUnusableFrom) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Checks for nulls. */
  public AuthenticatedCustomer {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(authenticatedAt, "authenticatedAt");
  }

  /**
   * From Shomei's answer to the last step.
   *
   * @param done the answer
   * @return the principal
   */
  public static AuthenticatedCustomer of(LoginResult.Authenticated done) {
    return new AuthenticatedCustomer(done.account().service(), done.account().userId(),
        CertificateView.of(done.certificate()), done.authenticatedAt(), done.previousLoginAt(),
        done.passwordChanged(), done.certificateUnusableFrom());
  }

  @Override
  public String toString() {
    return "AuthenticatedCustomer[" + userId + "@" + service + "]";
  }
}
