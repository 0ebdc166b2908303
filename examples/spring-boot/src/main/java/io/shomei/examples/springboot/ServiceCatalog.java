package io.shomei.examples.springboot;

import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.IssuingCa;
import io.shomei.core.ServiceSettings;
import io.shomei.core.issue.CertificateProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The configured services ({@code fx-forward}, {@code fx-other}, ...), each with its certificate
 * profile, its own trust anchors and its own eligibility rules, as Shomei's
 * {@link ServiceSettings}.
 */
public final class ServiceCatalog {
  private final Map<String, ServiceSettings> services;
  private final List<String> names;
  private final List<ServiceSettings> all;

  private ServiceCatalog(Map<String, ServiceSettings> services) {
    if (services.isEmpty()) {
      throw new IllegalStateException("no service configured: set shomei.services.<id>.*");
    }
    this.services = Map.copyOf(services);
    this.names = List.copyOf(services.keySet());
    this.all = List.copyOf(services.values());
  }

  /**
   * Builds the catalog from the properties: rule files and trust anchors are read through the
   * resource loader ({@code classpath:}, {@code file:}, or a plain path).
   *
   * @param properties the host's properties
   * @param cas the issuing CAs, whose roots are the default trust anchors
   * @param loader the resource loader
   * @return the catalog
   */
  public static ServiceCatalog from(ShomeiProperties properties, List<IssuingCa> cas,
      ResourceLoader loader) {
    Set<X509Certificate> roots = new LinkedHashSet<>();
    for (IssuingCa ca : cas) {
      List<X509Certificate> chain = ca.custody().certificateChain();
      roots.add(chain.get(chain.size() - 1));
    }
    Map<String, ServiceSettings> services = new LinkedHashMap<>();
    properties.services().forEach((id, s) -> {
      CertificateProfile profile = CertificateProfile.builder(id + "-spring", id, s.policyOid())
          .organization("Example Bank").country("JP")
          .validity(Duration.ofDays(s.certificateValidityDays()))
          .build();
      String rules = s.rules();
      Eligibility eligibility = rules == null || rules.isBlank()
          ? RuleSet.of() // no campaign, no renewal rule: every valid certificate is unaffected
          : loadRules(loader.getResource(rules));
      List<X509Certificate> anchors = s.trustAnchors().isEmpty()
          ? List.copyOf(roots)
          : loadCertificates(loader, s.trustAnchors());
      services.put(id, new ServiceSettings(id, profile, anchors, eligibility));
    });
    return new ServiceCatalog(services);
  }

  private static RuleSet loadRules(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      String name = resource.getFilename();
      return RuleSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          name == null ? resource.getDescription() : name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the rule file " + resource.getDescription(), e);
    }
  }

  private static List<X509Certificate> loadCertificates(ResourceLoader loader, List<String> files) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (String location : files) {
        Resource resource = loader.getResource(location);
        try (InputStream in = resource.getInputStream()) {
          Collection<? extends Certificate> certificates = factory.generateCertificates(in);
          if (certificates.isEmpty()) {
            throw new IllegalStateException("no certificate in " + resource.getDescription());
          }
          for (Certificate c : certificates) {
            out.add((X509Certificate) c);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a trust anchor file", e);
    } catch (CertificateException e) {
      throw new IllegalStateException("a trust anchor file is not an X.509 certificate", e);
    }
    return out;
  }

  /**
   * The service identifiers, in configuration order.
   *
   * @return the identifiers
   */
  public List<String> names() {
    return names;
  }

  /**
   * Whether a service is configured.
   *
   * @param service the identifier (may be anything a client sent)
   * @return {@code true} if configured
   */
  public boolean contains(String service) {
    return services.containsKey(service);
  }

  /**
   * One service's settings.
   *
   * @param service a configured service
   * @return its settings
   * @throws IllegalArgumentException if the service is not configured
   */
  public ServiceSettings settings(String service) {
    ServiceSettings s = services.get(service);
    if (s == null) {
      throw new IllegalArgumentException("unknown service");
    }
    return s;
  }

  /**
   * Every service's settings, in configuration order.
   *
   * @return the settings
   */
  public List<ServiceSettings> all() {
    return all;
  }
}
