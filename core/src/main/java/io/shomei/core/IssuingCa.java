package io.shomei.core;

import io.shomei.core.internal.x509.Bc;
import io.shomei.spi.IssuerName;
import io.shomei.spi.KeyCustody;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A CA that signs through one {@link KeyCustody}, and when it issues: how a CA rollover is dated on
 * the issuing side. Give each to {@link Shomei.Builder#issuingCa}; the CA that issues a service's
 * certificate is the one whose window holds the issuance instant, so at a cut-over second the old CA
 * issues until the instant and the new CA from it, whatever the JVM's or the bank's time zone.
 *
 * <p>Every CA given to the engine keeps publishing status for the certificates it issued, inside
 * its issuing window or not: its own CRL ({@link Shomei#crls()}), OCSP answers for its serials
 * ({@link Shomei#ocspResponder()}), and a test signature in {@link Shomei#health()}. A
 * {@linkplain #statusOnly() status-only} CA never issues: an old CA whose certificates are still in
 * use.
 *
 * <p>The window is half-open like {@link io.shomei.core.identity.DatedTrustAnchor}'s: the CA issues
 * at {@code instant} if and only if {@code issuesFrom <= instant < issuesUntil} (a missing end is
 * open). Which CA <em>issues</em> and which anchors a service's login <em>accepts</em> are separate
 * decisions: a rollover usually ends the old CA's issuing at the cut-over and keeps accepting its
 * certificates until they are replaced (see {@code ServiceSettings}' dated anchors).
 *
 * <p>Immutable; every {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * Instant cutOver = Instant.parse("2021-03-01T15:00:00Z");
 * Shomei.builder()
 *     .issuingCa(IssuingCa.of(oldCa).issuingUntil(cutOver))
 *     .issuingCa(IssuingCa.of(newCa).issuingFrom(cutOver)
 *         .crlDistributionPoint(URI.create("http://pki.example.jp/crl/g2")))
 *     ...
 * }</pre>
 *
 * @since 0.2.0
 */
public final class IssuingCa {
  private final KeyCustody custody;
  private final X509Certificate certificate;
  private final IssuerName issuer;
  private final String keyId;
  private final @Nullable Instant issuesFrom;
  private final @Nullable Instant issuesUntil;
  private final boolean statusOnly;
  private final Set<String> services;
  private final @Nullable URI crlDistributionPoint;
  private final @Nullable URI caIssuers;

  private IssuingCa(KeyCustody custody, X509Certificate certificate, String keyId,
      @Nullable Instant issuesFrom, @Nullable Instant issuesUntil, boolean statusOnly,
      Set<String> services, @Nullable URI crlDistributionPoint, @Nullable URI caIssuers) {
    if (issuesFrom != null && issuesUntil != null && !issuesFrom.isBefore(issuesUntil)) {
      throw new IllegalArgumentException("issuesFrom " + issuesFrom
          + " must be before issuesUntil " + issuesUntil);
    }
    this.custody = custody;
    this.certificate = certificate;
    this.issuer = IssuerName.ofCa(certificate);
    this.keyId = keyId;
    this.issuesFrom = issuesFrom;
    this.issuesUntil = issuesUntil;
    this.statusOnly = statusOnly;
    this.services = Set.copyOf(services);
    this.crlDistributionPoint = crlDistributionPoint;
    this.caIssuers = caIssuers;
  }

  /**
   * A CA that issues at every instant, for every service: what {@link Shomei.Builder#keyCustody}
   * gives.
   *
   * @param custody the CA's custody; its certificate must carry a subject key identifier
   * @return the CA
   * @throws IllegalArgumentException if the CA certificate has no subject key identifier
   */
  public static IssuingCa of(KeyCustody custody) {
    Objects.requireNonNull(custody, "custody");
    X509Certificate certificate = custody.certificate();
    return new IssuingCa(custody, certificate, keyIdOf(certificate), null, null, false, Set.of(),
        null, null);
  }

  static String keyIdOf(X509Certificate ca) {
    byte[] ski = Bc.subjectKeyIdentifier(ca);
    if (ski == null) {
      throw new IllegalArgumentException("the CA certificate " + ca.getSubjectX500Principal()
          + " has no subject key identifier");
    }
    return HexFormat.of().formatHex(ski);
  }

  private IssuingCa with(@Nullable Instant from, @Nullable Instant until, boolean onlyStatus,
      Set<String> forServices, @Nullable URI crl, @Nullable URI issuers) {
    return new IssuingCa(custody, certificate, keyId, from, until, onlyStatus, forServices, crl,
        issuers);
  }

  /**
   * This CA issuing from an instant on (inclusive): the new CA of a rollover.
   *
   * @param from the first instant it issues
   * @return a copy with the window's start
   * @throws IllegalArgumentException if the window would be empty
   * @throws IllegalStateException if the CA is status-only
   */
  public IssuingCa issuingFrom(Instant from) {
    Objects.requireNonNull(from, "from");
    requireIssuing("issuingFrom");
    return with(from, issuesUntil, false, services, crlDistributionPoint, caIssuers);
  }

  /**
   * This CA issuing until an instant (exclusive): the old CA of a rollover, which keeps publishing
   * status after it.
   *
   * @param until the first instant it no longer issues
   * @return a copy with the window's end
   * @throws IllegalArgumentException if the window would be empty
   * @throws IllegalStateException if the CA is status-only
   */
  public IssuingCa issuingUntil(Instant until) {
    Objects.requireNonNull(until, "until");
    requireIssuing("issuingUntil");
    return with(issuesFrom, until, false, services, crlDistributionPoint, caIssuers);
  }

  /**
   * This CA never issuing: it only publishes status (CRL, OCSP) for the certificates it issued
   * before.
   *
   * @return a copy that does not issue
   * @throws IllegalStateException if an issuing window or services were set
   */
  public IssuingCa statusOnly() {
    if (issuesFrom != null || issuesUntil != null || !services.isEmpty()) {
      throw new IllegalStateException("a status-only CA has no issuing window and no services");
    }
    return with(null, null, true, services, crlDistributionPoint, caIssuers);
  }

  /**
   * This CA issuing for the named services only (default: every service of the engine).
   *
   * @param names the services
   * @return a copy limited to them
   * @throws IllegalArgumentException if no name is given, or a name is blank
   * @throws IllegalStateException if the CA is status-only or services were set before
   */
  public IssuingCa forServices(String... names) {
    requireIssuing("forServices");
    if (!services.isEmpty()) {
      throw new IllegalStateException("forServices already set");
    }
    if (names.length == 0) {
      throw new IllegalArgumentException("forServices needs at least one service");
    }
    Set<String> set = new LinkedHashSet<>();
    for (String n : names) {
      if (Objects.requireNonNull(n, "service").isBlank()) {
        throw new IllegalArgumentException("a service name is not blank");
      }
      set.add(n);
    }
    return with(issuesFrom, issuesUntil, false, set, crlDistributionPoint, caIssuers);
  }

  /**
   * The CRL distribution point written into the certificates this CA issues, instead of the
   * profile's: each CA publishes its own CRL, so a relying party must be sent to the issuer's.
   *
   * @param url an absolute {@code http}, {@code https} or {@code ldap} URL
   * @return a copy with the URL
   * @throws IllegalArgumentException if the URL is not one
   */
  public IssuingCa crlDistributionPoint(URI url) {
    Objects.requireNonNull(url, "url");
    requireUrl("crlDistributionPoint", url);
    return with(issuesFrom, issuesUntil, statusOnly, services, url, caIssuers);
  }

  /**
   * The URL of this CA's certificate ({@code caIssuers}) written into the certificates it issues,
   * instead of the profile's.
   *
   * @param url an absolute {@code http}, {@code https} or {@code ldap} URL
   * @return a copy with the URL
   * @throws IllegalArgumentException if the URL is not one
   */
  public IssuingCa caIssuers(URI url) {
    Objects.requireNonNull(url, "url");
    requireUrl("caIssuers", url);
    return with(issuesFrom, issuesUntil, statusOnly, services, crlDistributionPoint, url);
  }

  private static void requireUrl(String what, URI url) {
    String scheme = url.getScheme();
    if (!url.isAbsolute() || scheme == null
        || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("ldap"))) {
      throw new IllegalArgumentException(what + " must be an http, https or ldap URI");
    }
  }

  private void requireIssuing(String what) {
    if (statusOnly) {
      throw new IllegalStateException(what + ": the CA is status-only");
    }
  }

  /**
   * The CA's custody.
   *
   * @return the custody
   */
  public KeyCustody custody() {
    return custody;
  }

  /**
   * The CA's certificate (the first of its custody's chain).
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The key under which the certificate store keeps this CA's serials: its subject name.
   *
   * @return the issuer name key
   */
  public IssuerName issuer() {
    return issuer;
  }

  /**
   * The CA's id: the lower-case hex of its certificate's subject key identifier. Stable across
   * restarts and URL-safe; the CRL store keeps this CA's CRLs under it, and hosts use it in paths
   * ({@code /crl/<keyId>}) and commands.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The first instant this CA issues, or {@code null} for no start.
   *
   * @return the instant
   */
  public @Nullable Instant issuesFrom() {
    return issuesFrom;
  }

  /**
   * The first instant this CA no longer issues, or {@code null} for no end.
   *
   * @return the instant
   */
  public @Nullable Instant issuesUntil() {
    return issuesUntil;
  }

  /**
   * Whether this CA never issues.
   *
   * @return {@code true} for a status-only CA
   */
  public boolean isStatusOnly() {
    return statusOnly;
  }

  /**
   * The services this CA issues for; empty for every service.
   *
   * @return an immutable set
   */
  public Set<String> services() {
    return services;
  }

  /**
   * The CRL URL this CA writes into its certificates instead of the profile's, if set.
   *
   * @return the URL or {@code null}
   */
  public @Nullable URI crlDistributionPointUrl() {
    return crlDistributionPoint;
  }

  /**
   * The {@code caIssuers} URL this CA writes into its certificates instead of the profile's, if
   * set.
   *
   * @return the URL or {@code null}
   */
  public @Nullable URI caIssuersUrl() {
    return caIssuers;
  }

  /**
   * Whether this CA issues a service's certificates at an instant.
   *
   * @param service the service
   * @param instant the issuance instant
   * @return {@code true} if it is not status-only, serves the service, and
   *     {@code issuesFrom <= instant < issuesUntil}
   */
  public boolean issuesAt(String service, Instant instant) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instant, "instant");
    return !statusOnly && (services.isEmpty() || services.contains(service))
        && (issuesFrom == null || !instant.isBefore(issuesFrom))
        && (issuesUntil == null || instant.isBefore(issuesUntil));
  }

  /** Whether this CA may issue for a service at some instant. */
  boolean serves(String service) {
    return !statusOnly && (services.isEmpty() || services.contains(service));
  }

  @Override
  public String toString() {
    return "IssuingCa[" + certificate.getSubjectX500Principal() + ", keyId=" + keyId
        + (statusOnly ? ", status only" : ", from=" + issuesFrom + ", until=" + issuesUntil
            + (services.isEmpty() ? "" : ", services=" + services)) + "]";
  }
}
