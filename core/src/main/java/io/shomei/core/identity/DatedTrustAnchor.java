package io.shomei.core.identity;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A trust anchor of a service together with the window in which that service's logins accept it:
 * how a CA rollover is dated. The old CA is accepted {@link #until} the cut-over instant, the new
 * one {@link #from} the same instant, so at every instant exactly the anchors of one side of the
 * cut-over are current, whatever the JVM's or the bank's time zone.
 *
 * <p>The window is half-open: current at {@code instant} if and only if
 * {@code acceptedFrom <= instant < acceptedUntil} (a missing end is open). At the cut-over instant
 * itself the old anchor is no longer current and the new one is.
 *
 * <p>A window is a login rule, not a property of the certificate: it is checked in addition to the
 * anchor certificate's own validity (see
 * {@link CertificateAcceptance.Builder#checkTrustAnchorValidity(boolean)}), and it also decides
 * which CA names a host's TLS server asks browsers for
 * ({@link CertificateAcceptance#trustAnchorsAt(Instant)}), so that a browser offers only
 * certificates that can still log in.
 *
 * @param certificate the anchor's certificate
 * @param acceptedFrom first instant the anchor is current (inclusive), or {@code null} for always
 *     before {@code acceptedUntil}
 * @param acceptedUntil the cut-over instant from which the anchor is no longer current
 *     (exclusive), or {@code null} for no end
 * @since 0.2.0
 */
public record DatedTrustAnchor(
    X509Certificate certificate, @Nullable Instant acceptedFrom, @Nullable Instant acceptedUntil) {

  /** Validates that the window is not empty. */
  public DatedTrustAnchor {
    Objects.requireNonNull(certificate, "certificate");
    if (acceptedFrom != null && acceptedUntil != null && !acceptedFrom.isBefore(acceptedUntil)) {
      throw new IllegalArgumentException("acceptedFrom " + acceptedFrom
          + " must be before acceptedUntil " + acceptedUntil);
    }
  }

  /**
   * An anchor accepted at every instant (the anchor certificate's validity still applies).
   *
   * @param certificate the anchor's certificate
   * @return the anchor without a window
   */
  public static DatedTrustAnchor always(X509Certificate certificate) {
    return new DatedTrustAnchor(certificate, null, null);
  }

  /**
   * An anchor accepted before a cut-over instant and no longer from it: the old CA of a rollover.
   *
   * @param certificate the anchor's certificate
   * @param cutOver the first instant it is no longer accepted
   * @return the dated anchor
   */
  public static DatedTrustAnchor until(X509Certificate certificate, Instant cutOver) {
    return new DatedTrustAnchor(certificate, null, Objects.requireNonNull(cutOver, "cutOver"));
  }

  /**
   * An anchor accepted from a cut-over instant on: the new CA of a rollover.
   *
   * @param certificate the anchor's certificate
   * @param cutOver the first instant it is accepted
   * @return the dated anchor
   */
  public static DatedTrustAnchor from(X509Certificate certificate, Instant cutOver) {
    return new DatedTrustAnchor(certificate, Objects.requireNonNull(cutOver, "cutOver"), null);
  }

  /**
   * Whether a service's logins accept this anchor at an instant.
   *
   * @param instant the instant (of a login, of a TLS handshake)
   * @return {@code true} if {@code acceptedFrom <= instant < acceptedUntil}
   */
  public boolean currentAt(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return (acceptedFrom == null || !instant.isBefore(acceptedFrom))
        && (acceptedUntil == null || instant.isBefore(acceptedUntil));
  }

  /** Whether this anchor has a window at all. */
  boolean dated() {
    return acceptedFrom != null || acceptedUntil != null;
  }

  @Override
  public String toString() {
    return "DatedTrustAnchor[" + certificate.getSubjectX500Principal() + ", from="
        + acceptedFrom + ", until=" + acceptedUntil + "]";
  }
}
