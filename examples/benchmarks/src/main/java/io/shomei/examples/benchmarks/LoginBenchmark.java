package io.shomei.examples.benchmarks;

import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.identity.CertificateMapper;
import io.shomei.core.identity.MappingResult;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The certificate step of a login.
 *
 * <ul>
 *   <li>{@code accept}: {@link CertificateAcceptance#accept} against an in-memory store (chain checks,
 *       JDK PKIX path validation, mapping, binding to the stored ACTIVE record). Floor:
 *       {@code acceptPrimitive} = two ECDSA P-256 signature verifications of the leaf by the CA key
 *       with the JDK's {@code X509Certificate.verify}.
 *   <li>{@code mapShomei}: {@link CertificateMapper#map} (user ID from the subject's DER, with its
 *       checks) beside {@code mapSpringRegex}: Spring Security's {@code SubjectDnX509PrincipalExtractor}
 *       default, the regex {@code CN=(.*?)(?:,|$)} over {@code getSubjectX500Principal().getName()}.
 *       Spring's extraction checks nothing (see DESIGN.md on BMPString CNs); this prices the checks.
 * </ul>
 *
 * <p>Sample-time mode, so JMH's JSON carries the p99 the issue's target is about.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoginBenchmark {
  private static final Pattern SPRING_CN = Pattern.compile("CN=(.*?)(?:,|$)",
      Pattern.CASE_INSENSITIVE);

  private final Instant now = Fixtures.ISSUED_AT.plusSeconds(86_400);
  private final List<X509Certificate> presented = new ArrayList<>();
  private final X509Certificate leaf;
  private final PublicKey caKey;
  private final CertificateAcceptance acceptance;
  private final CertificateMapper mapper = CertificateMapper.standard();

  /** Issues and activates one certificate in an in-memory store. */
  public LoginBenchmark() {
    SecureRandom random = new SecureRandom();
    TestCa ca = TestCa.root("Bench Login CA");
    IssuedCertificate c = Fixtures.issued(Fixtures.issuer(ca, random)
        .issueForCsr(Fixtures.profile(), Fixtures.USER_ID,
            Fixtures.csr(Fixtures.ecKeyPair(random))));
    InMemoryCertificateStore store = new InMemoryCertificateStore();
    store.record(c.toRecord(Fixtures.ISSUED_AT));
    store.activate(c.serial(), null, Fixtures.ISSUED_AT);
    leaf = c.certificate();
    caKey = ca.rootCertificate().getPublicKey();
    presented.add(leaf);
    presented.addAll(ca.certificateChain());
    acceptance = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(Fixtures.SERVICE, List.of(ca.rootCertificate()))
        .zone(ZoneId.of("Asia/Tokyo")).build();
    if (!(accept() instanceof AcceptanceResult.Accepted)) {
      throw new IllegalStateException("the benchmark certificate is not accepted: " + accept());
    }
  }

  /**
   * Shomei's acceptance decision.
   *
   * @return the decision
   */
  @Benchmark
  public AcceptanceResult accept() {
    return acceptance.accept(presented, Fixtures.SERVICE, now);
  }

  /**
   * Two signature verifications.
   *
   * @return the certificate
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public X509Certificate acceptPrimitive() throws GeneralSecurityException {
    leaf.verify(caKey);
    leaf.verify(caKey);
    return leaf;
  }

  /**
   * Shomei's mapper.
   *
   * @return the mapping
   */
  @Benchmark
  public MappingResult mapShomei() {
    return mapper.map(leaf);
  }

  /**
   * Spring Security's default CN regex.
   *
   * @return the CN
   */
  @Benchmark
  public String mapSpringRegex() {
    Matcher m = SPRING_CN.matcher(leaf.getSubjectX500Principal().getName());
    if (!m.find()) {
      throw new IllegalStateException("no CN");
    }
    return m.group(1);
  }
}
