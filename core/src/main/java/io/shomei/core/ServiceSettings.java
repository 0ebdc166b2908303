package io.shomei.core;

import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.identity.DatedTrustAnchor;
import io.shomei.core.issue.CertificateProfile;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one service (for example {@code fx-forward}) issues and accepts certificates: the certificate
 * profile its certificates are issued under, the trust anchors its logins accept (each possibly
 * only within a window, for a dated CA rollover), and the reissue-eligibility rules that decide who
 * may re-acquire a certificate and when.
 *
 * <pre>{@code
 * // the old CA is accepted until the cut-over, the new one from it
 * ServiceSettings fx = new ServiceSettings("fx-forward", profile, List.of(oldCa, newCa), rules)
 *     .acceptUntil(oldCa, cutOver)
 *     .acceptFrom(newCa, cutOver);
 * }</pre>
 *
 * @param service the service identifier; must equal {@code profile.service()}
 * @param profile the certificate profile used for acquisition
 * @param trustAnchors the CA certificates a login to this service may chain to (not empty)
 * @param eligibility the rules (for example {@link io.shomei.core.eligibility.RuleSet#load})
 * @param anchorWindows windows for some of the trust anchors, at most one per anchor, each naming a
 *     certificate of {@code trustAnchors}; an anchor without a window is accepted at every instant
 *     (since 0.2.0)
 * @since 0.1.0
 */
public record ServiceSettings(
    String service,
    CertificateProfile profile,
    List<X509Certificate> trustAnchors,
    Eligibility eligibility,
    List<DatedTrustAnchor> anchorWindows) {

  /** Validates that the profile belongs to the service, copies the anchors, checks the windows. */
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
    anchorWindows = List.copyOf(anchorWindows);
    List<X509Certificate> seen = new ArrayList<>();
    for (DatedTrustAnchor w : anchorWindows) {
      if (!trustAnchors.contains(w.certificate())) {
        throw new IllegalArgumentException("a window names " + w.certificate()
            .getSubjectX500Principal() + ", which is not a trust anchor of " + service);
      }
      if (seen.contains(w.certificate())) {
        throw new IllegalArgumentException("two windows for the trust anchor "
            + w.certificate().getSubjectX500Principal() + " of " + service);
      }
      seen.add(w.certificate());
    }
  }

  /**
   * Settings whose trust anchors are accepted at every instant.
   *
   * @param service the service identifier; must equal {@code profile.service()}
   * @param profile the certificate profile used for acquisition
   * @param trustAnchors the CA certificates a login to this service may chain to (not empty)
   * @param eligibility the rules
   */
  public ServiceSettings(String service, CertificateProfile profile,
      List<X509Certificate> trustAnchors, Eligibility eligibility) {
    this(service, profile, trustAnchors, eligibility, List.of());
  }

  /**
   * These settings with one trust anchor accepted only before a cut-over instant (the old CA of a
   * rollover): logins chaining to it are refused from {@code cutOver} on, and a host's TLS server
   * stops naming it in its certificate request then.
   *
   * @param anchor one of {@link #trustAnchors()}
   * @param cutOver the first instant it is no longer accepted
   * @return new settings
   * @throws IllegalArgumentException if {@code anchor} is not a trust anchor of this service, or
   *     already has a window
   * @since 0.2.0
   */
  public ServiceSettings acceptUntil(X509Certificate anchor, Instant cutOver) {
    return withWindow(DatedTrustAnchor.until(anchor, cutOver));
  }

  /**
   * These settings with one trust anchor accepted only from a cut-over instant on (the new CA of a
   * rollover).
   *
   * @param anchor one of {@link #trustAnchors()}
   * @param cutOver the first instant it is accepted
   * @return new settings
   * @throws IllegalArgumentException if {@code anchor} is not a trust anchor of this service, or
   *     already has a window
   * @since 0.2.0
   */
  public ServiceSettings acceptFrom(X509Certificate anchor, Instant cutOver) {
    return withWindow(DatedTrustAnchor.from(anchor, cutOver));
  }

  /**
   * These settings with one more anchor window.
   *
   * @param window the window; its certificate must be one of {@link #trustAnchors()} without a
   *     window yet
   * @return new settings
   * @throws IllegalArgumentException as the canonical constructor
   * @since 0.2.0
   */
  public ServiceSettings withWindow(DatedTrustAnchor window) {
    List<DatedTrustAnchor> windows = new ArrayList<>(anchorWindows);
    windows.add(Objects.requireNonNull(window, "window"));
    return new ServiceSettings(service, profile, trustAnchors, eligibility, windows);
  }

  /**
   * Every trust anchor with its window, in the order of {@link #trustAnchors()}; an anchor without
   * a window is {@link DatedTrustAnchor#always}.
   *
   * @return an immutable list as long as {@link #trustAnchors()}
   * @since 0.2.0
   */
  public List<DatedTrustAnchor> datedTrustAnchors() {
    List<DatedTrustAnchor> dated = new ArrayList<>(trustAnchors.size());
    for (X509Certificate anchor : trustAnchors) {
      DatedTrustAnchor window = null;
      for (DatedTrustAnchor w : anchorWindows) {
        if (w.certificate().equals(anchor)) {
          window = w;
        }
      }
      dated.add(window == null ? DatedTrustAnchor.always(anchor) : window);
    }
    return List.copyOf(dated);
  }
}
