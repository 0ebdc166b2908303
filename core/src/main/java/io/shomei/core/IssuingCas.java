package io.shomei.core;

import io.shomei.core.issue.CertificateIssuer;
import io.shomei.spi.IssuerName;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The engine's CAs and, per service, which one issues at an instant. Checked once at build: at
 * every instant exactly one CA issues each service's certificates (no overlap, no gap), and no two
 * CAs share a certificate, a subject name (serials are kept per issuer name) or a key id (CRLs are
 * kept per key id).
 */
final class IssuingCas {
  /** A CA that may issue, with its issuer. */
  record Issuing(IssuingCa ca, CertificateIssuer issuer) {}

  private final List<IssuingCa> cas;
  /** Per service, its issuing CAs ordered by window. */
  private final Map<String, List<Issuing>> byService;
  private final Map<IssuerName, IssuingCa> byIssuer;

  private IssuingCas(List<IssuingCa> cas, Map<String, List<Issuing>> byService) {
    this.cas = List.copyOf(cas);
    this.byService = Map.copyOf(byService);
    Map<IssuerName, IssuingCa> issuers = new HashMap<>();
    cas.forEach(ca -> issuers.put(ca.issuer(), ca));
    this.byIssuer = Map.copyOf(issuers);
  }

  /**
   * Checks the CAs against the services and builds one issuer per CA that may issue.
   *
   * @throws IllegalStateException naming the first inconsistency
   */
  static IssuingCas of(List<IssuingCa> cas, Collection<String> services,
      Function<IssuingCa, CertificateIssuer> issuerOf) {
    if (cas.isEmpty()) {
      throw new IllegalStateException("Shomei.builder(): keyCustody or issuingCa is required");
    }
    for (int i = 0; i < cas.size(); i++) {
      for (int j = 0; j < i; j++) {
        IssuingCa a = cas.get(j);
        IssuingCa b = cas.get(i);
        if (a.certificate().equals(b.certificate())) {
          throw new IllegalStateException("Shomei.builder(): the CA "
              + name(a.certificate()) + " was given twice");
        }
        if (a.issuer().equals(b.issuer())) {
          throw new IllegalStateException("Shomei.builder(): two CAs are named "
              + name(a.certificate()) + "; serial numbers are unique per issuer name, so a new"
              + " CA needs a name of its own (for example with a generation suffix)");
        }
        if (a.keyId().equals(b.keyId())) {
          throw new IllegalStateException("Shomei.builder(): two CAs have the subject key"
              + " identifier " + a.keyId() + " (" + name(a.certificate()) + ", "
              + name(b.certificate()) + ")");
        }
      }
    }
    for (IssuingCa ca : cas) {
      for (String s : ca.services()) {
        if (!services.contains(s)) {
          throw new IllegalStateException("Shomei.builder(): the CA " + name(ca.certificate())
              + " issues for service " + s + ", which was not added");
        }
      }
    }
    Map<IssuingCa, CertificateIssuer> built = new LinkedHashMap<>();
    Map<String, List<Issuing>> byService = new LinkedHashMap<>();
    for (String service : services) {
      List<Issuing> issuing = new ArrayList<>();
      for (IssuingCa ca : cas) {
        if (ca.serves(service)) {
          issuing.add(new Issuing(ca, built.computeIfAbsent(ca, issuerOf)));
        }
      }
      issuing.sort(Comparator.comparing(i -> i.ca().issuesFrom(),
          Comparator.nullsFirst(Comparator.naturalOrder())));
      check(service, issuing);
      byService.put(service, List.copyOf(issuing));
    }
    return new IssuingCas(cas, byService);
  }

  /** At every instant exactly one window holds: the first open at the start, each next starting
   * where the one before ends, the last open at the end. */
  private static void check(String service, List<Issuing> windows) {
    if (windows.isEmpty()) {
      throw new IllegalStateException("Shomei.builder(): no CA issues for service " + service);
    }
    Instant end = null;
    for (int i = 0; i < windows.size(); i++) {
      IssuingCa ca = windows.get(i).ca();
      Instant from = ca.issuesFrom();
      if (i == 0 && from != null) {
        throw new IllegalStateException("Shomei.builder(): no CA issues for service " + service
            + " before " + from + " (" + name(ca.certificate()) + " starts then)");
      }
      if (i > 0) {
        IssuingCa before = windows.get(i - 1).ca();
        if (end == null || from == null || from.isBefore(end)) {
          throw new IllegalStateException("Shomei.builder(): for service " + service
              + " the issuing windows of " + name(before.certificate()) + " (until "
              + (end == null ? "no end" : end) + ") and " + name(ca.certificate()) + " (from "
              + (from == null ? "no start" : from) + ") overlap; end the first with issuingUntil"
              + " at the second's start");
        }
        if (from.isAfter(end)) {
          throw new IllegalStateException("Shomei.builder(): no CA issues for service " + service
              + " from " + end + " (" + name(before.certificate()) + " ends) to " + from + " ("
              + name(ca.certificate()) + " starts)");
        }
      }
      end = ca.issuesUntil();
      if (end == null && i < windows.size() - 1) {
        IssuingCa next = windows.get(i + 1).ca();
        throw new IllegalStateException("Shomei.builder(): for service " + service
            + " the issuing windows of " + name(ca.certificate()) + " (no end) and "
            + name(next.certificate()) + " (from " + next.issuesFrom() + ") overlap; end the"
            + " first with issuingUntil at the second's start");
      }
    }
    if (end != null) {
      throw new IllegalStateException("Shomei.builder(): no CA issues for service " + service
          + " from " + end + " on");
    }
  }

  private static String name(X509Certificate ca) {
    return ca.getSubjectX500Principal().getName();
  }

  /** Every CA, in builder order. */
  List<IssuingCa> all() {
    return cas;
  }

  /** The CA that issues a service's certificates at an instant, with its issuer. */
  Issuing at(String service, Instant at) {
    List<Issuing> windows = byService.get(service);
    if (windows == null) {
      throw new IllegalArgumentException("unknown service " + service);
    }
    // windows are few (one per rollover): a scan is the fastest lookup
    for (int i = windows.size() - 1; i > 0; i--) {
      Instant from = windows.get(i).ca().issuesFrom();
      if (from != null && !at.isBefore(from)) {
        return windows.get(i);
      }
    }
    return windows.get(0);
  }

  /** Every issuer a service may use, for checks at build. */
  List<Issuing> issuing(String service) {
    List<Issuing> windows = byService.get(service);
    return windows == null ? List.of() : windows;
  }

  /** The CA whose subject is an issuer name, if it is one of the engine's. */
  @Nullable IssuingCa byIssuer(IssuerName issuer) {
    return byIssuer.get(issuer);
  }
}
