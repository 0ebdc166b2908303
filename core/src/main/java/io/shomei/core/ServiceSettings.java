package io.shomei.core;

import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.issue.CertificateProfile;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * How one service (for example {@code fx-forward}) issues and accepts certificates: the certificate
 * profile its certificates are issued under, the trust anchors its logins accept, and the
 * reissue-eligibility rules that decide who may re-acquire a certificate and when.
 *
 * @param service the service identifier; must equal {@code profile.service()}
 * @param profile the certificate profile used for acquisition
 * @param trustAnchors the CA certificates a login to this service may chain to (not empty)
 * @param eligibility the rules (for example {@link io.shomei.core.eligibility.RuleSet#load})
 * @since 0.1.0
 */
public record ServiceSettings(
    String service,
    CertificateProfile profile,
    List<X509Certificate> trustAnchors,
    Eligibility eligibility) {

  /** Validates that the profile belongs to the service and copies the anchors. */
  public ServiceSettings {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(eligibility, "eligibility");
    if (!profile.service().equals(service)) {
      throw new IllegalArgumentException("profile " + profile.name() + " is for service "
          + profile.service() + ", not " + service);
    }
    trustAnchors = List.copyOf(trustAnchors);
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("a service needs at least one trust anchor");
    }
  }
}
