package io.shomei.examples.benchmarks;

import io.shomei.core.identity.AcceptanceResult;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.identity.CertificateMapper;
import io.shomei.core.identity.MappingResult;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.internal.x509.ChainValidator;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The certificate step of a login.
 *
 * <ul>
 *   <li>{@code accept}: {@link CertificateAcceptance#accept} as a host configures it by default, for
 *       a customer logging in again with the certificate they used before, on the certificate
 *       objects the TLS stack hands over (decoded during the handshake, so decoded once here): chain
 *       checks, mapping, the path answered from the verified-path cache (primed in set-up), binding
 *       to the stored ACTIVE record in an in-memory store. Floor: {@code fingerprintPrimitive} = the
 *       SHA-256 fingerprint of the leaf's DER (what finding the record needs at least).
 *   <li>{@code acceptStoredH2}: {@code accept} with the records in an H2 file database (the example
 *       hosts' default) through a connection pool: the binding reads the record by fingerprint on
 *       every call, so this is a login decision as a host with the embedded database makes it.
 *   <li>{@code acceptFirstSight}: the same with {@code verifiedPathCache(0)}, so every call pays the
 *       JDK PKIX path validation, as the first login with a new certificate does, on freshly decoded
 *       objects (the JDK remembers a successful verification on the object). Floor:
 *       {@code acceptPrimitive} = the same decoding + one ECDSA P-256 signature verification of the
 *       leaf by the CA key (JDK {@code Signature}, the provider PKIX uses). One, not two: PKIX does
 *       not check a trust anchor's own signature.
 *   <li>{@code validateFirstSight} beside {@code validateFirstSightJdk}: the path validation alone
 *       (Shomei's {@code ChainValidator}, no verified-path cache) on freshly decoded chains, as
 *       acceptance makes it since 0.2.0 (the JDK's PKIX validator; ECDSA signatures on the NIST
 *       curves verified by an unregistered Bouncy Castle provider instance) and as it made it
 *       before (the JDK's PKIX validator with the JDK's providers for every signature): old and
 *       new validator in the same run.
 *   <li>{@code mapShomei}: {@link CertificateMapper#map} (user ID from the subject's DER, with its
 *       checks) beside {@code mapSpringRegex}: Spring Security's {@code SubjectDnX509PrincipalExtractor}
 *       default, the regex {@code CN=(.*?)(?:,|$)} over {@code getSubjectX500Principal().getName()}.
 *       Spring's extraction checks nothing (see DESIGN.md on BMPString CNs); this prices the checks.
 * </ul>
 *
 * <p>The acceptance benchmarks rotate through {@value #CERTIFICATES} users' certificates (see
 * {@link #decode()}). The mapping pair uses one certificate object. Sample-time mode, so JMH's JSON
 * carries the p99 the issue's target is about.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoginBenchmark {
  private static final Pattern SPRING_CN = Pattern.compile("CN=(.*?)(?:,|$)",
      Pattern.CASE_INSENSITIVE);

  private final Instant now = Fixtures.ISSUED_AT.plusSeconds(86_400);
  /** More than the JDK's certificate cache (750) holds. */
  static final int CERTIFICATES = 1_024;

  /** Users (one certificate each) rotated through; smoke runs use fewer. */
  @Param({"1024"})
  public int certificates = CERTIFICATES;

  private byte[][] leaves = new byte[0][];
  /** Each user's chain decoded once, as a TLS stack hands it over. */
  private List<List<X509Certificate>> chains = List.of();
  private int nextChain;
  private byte[] caDer = new byte[0];
  private int next;
  private final CertificateFactory factory;
  private @Nullable X509Certificate leaf;
  private @Nullable PublicKey caKey;
  private @Nullable CertificateAcceptance acceptance;
  private @Nullable CertificateAcceptance firstSight;
  private @Nullable CertificateAcceptance storedH2;
  private @Nullable H2File h2Database;
  private @Nullable ChainValidator validator;
  private @Nullable ChainValidator jdkValidator;
  private final CertificateMapper mapper = CertificateMapper.standard();

  /** Creates the certificate factory; {@link #setUp()} issues the certificates. */
  public LoginBenchmark() {
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Issues and activates {@link #certificates} certificates (one per user) in an in-memory store
   * and checks that each is accepted.
   */
  @Setup(Level.Trial)
  public void setUp() {
    SecureRandom random = new SecureRandom();
    TestCa ca = TestCa.root("Bench Login CA");
    CertificateIssuer issuer = Fixtures.issuer(ca, random);
    byte[] csr = Fixtures.csr(Fixtures.ecKeyPair(random));
    InMemoryCertificateStore store = new InMemoryCertificateStore();
    CertificateStore h2 = h2Store();
    leaves = new byte[certificates][];
    try {
      caDer = ca.rootCertificate().getEncoded();
      for (int i = 0; i < certificates; i++) {
        IssuedCertificate c = Fixtures.issued(
            issuer.issueForCsr(Fixtures.profile(), String.format("%08d", i), csr));
        for (CertificateStore s : List.of(store, h2)) {
          s.record(c.toRecord(Fixtures.ISSUED_AT));
          s.activate(c.serial(), null, Fixtures.ISSUED_AT);
        }
        leaves[i] = c.der();
      }
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
    leaf = decode().get(0);
    List<List<X509Certificate>> decoded = new ArrayList<>(certificates);
    for (int i = 0; i < certificates; i++) {
      decoded.add(decode());
    }
    chains = List.copyOf(decoded);
    caKey = ca.rootCertificate().getPublicKey();
    acceptance = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(Fixtures.SERVICE, List.of(ca.rootCertificate()))
        .zone(ZoneId.of("Asia/Tokyo")).build();
    firstSight = CertificateAcceptance.builder().certificateStore(store)
        .trustAnchors(Fixtures.SERVICE, List.of(ca.rootCertificate()))
        .zone(ZoneId.of("Asia/Tokyo")).verifiedPathCache(0).build();
    storedH2 = CertificateAcceptance.builder().certificateStore(h2)
        .trustAnchors(Fixtures.SERVICE, List.of(ca.rootCertificate()))
        .zone(ZoneId.of("Asia/Tokyo")).build();
    validator = new ChainValidator(List.of(ca.rootCertificate()), 0);
    jdkValidator = ChainValidator.withJdkSignatures(List.of(ca.rootCertificate()), 0);
    if (!(validateFirstSight() instanceof ChainValidator.Outcome.Valid)
        || !(validateFirstSightJdk() instanceof ChainValidator.Outcome.Valid)) {
      throw new IllegalStateException("a benchmark chain does not validate");
    }
    for (int i = 0; i < certificates; i++) { // every certificate seen once: the cache is primed
      AcceptanceResult r = accept();
      AcceptanceResult f = acceptFirstSight();
      AcceptanceResult h = acceptStoredH2();
      if (!(r instanceof AcceptanceResult.Accepted) || !(f instanceof AcceptanceResult.Accepted)
          || !(h instanceof AcceptanceResult.Accepted)) {
        throw new IllegalStateException("a benchmark certificate is not accepted: " + r + " " + f
            + " " + h);
      }
    }
  }

  /** A new, empty certificate store in an H2 file database. */
  private CertificateStore h2Store() {
    H2File db = H2File.create("login");
    h2Database = db;
    JdbcStorage storage = JdbcStorage.create(db.dataSource());
    storage.migrate();
    return storage.certificateStore();
  }

  /**
   * Shuts H2 down and deletes its files.
   *
   * @throws SQLException if H2 cannot be shut down
   * @throws IOException if its files cannot be deleted
   */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    H2File db = h2Database;
    if (db != null) {
      db.close();
    }
  }

  /**
   * {@link #accept} with the records in an H2 file database.
   *
   * @return the decision
   */
  @Benchmark
  public AcceptanceResult acceptStoredH2() {
    CertificateAcceptance a = storedH2;
    if (a == null) {
      throw new IllegalStateException("not set up");
    }
    return a.accept(nextChain(), Fixtures.SERVICE, now);
  }

  /**
   * Shomei's acceptance decision, default configuration, a certificate seen before.
   *
   * @return the decision
   */
  @Benchmark
  public AcceptanceResult accept() {
    CertificateAcceptance a = acceptance;
    if (a == null) {
      throw new IllegalStateException("not set up");
    }
    return a.accept(nextChain(), Fixtures.SERVICE, now);
  }

  private List<X509Certificate> nextChain() {
    nextChain = (nextChain + 1) % chains.size();
    return chains.get(nextChain);
  }

  /**
   * Shomei's acceptance decision when every path is verified in full (a certificate's first login).
   *
   * @return the decision
   */
  @Benchmark
  public AcceptanceResult acceptFirstSight() {
    CertificateAcceptance a = firstSight;
    if (a == null) {
      throw new IllegalStateException("not set up");
    }
    return a.accept(decode(), Fixtures.SERVICE, now);
  }

  /**
   * The path validation of a first login, as Shomei makes it.
   *
   * @return the outcome
   */
  @Benchmark
  public ChainValidator.Outcome validateFirstSight() {
    return validateWith(validator);
  }

  /**
   * The path validation of a first login, as Shomei made it before the Bouncy Castle fast path.
   *
   * @return the outcome
   */
  @Benchmark
  public ChainValidator.Outcome validateFirstSightJdk() {
    return validateWith(jdkValidator);
  }

  private ChainValidator.Outcome validateWith(@Nullable ChainValidator v) {
    if (v == null) {
      throw new IllegalStateException("not set up");
    }
    List<X509Certificate> chain = decode();
    return v.validate(chain.get(0), chain.subList(1, chain.size()), now);
  }

  /**
   * The SHA-256 fingerprint of the presented leaf's DER: what any binding of a presented
   * certificate to a stored record costs at least.
   *
   * @return the fingerprint
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public byte[] fingerprintPrimitive() throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(nextChain().get(0).getEncoded());
  }

  /**
   * Decoding + one signature verification: what the JDK's PKIX validation of this path costs at
   * least. The trust anchor's own signature is not checked by PKIX (an anchor is trusted as
   * configured), so a two-certificate path costs exactly one verification, of the leaf.
   *
   * @return true
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public boolean acceptPrimitive() throws GeneralSecurityException {
    List<X509Certificate> chain = decode();
    X509Certificate c = chain.get(0);
    PublicKey k = caKey;
    if (k == null) {
      throw new IllegalStateException("not set up");
    }
    // the algorithm name and provider selection X509CertImpl.verify uses
    Signature s = Signature.getInstance(c.getSigAlgName());
    s.initVerify(k);
    s.update(c.getTBSCertificate());
    if (!s.verify(c.getSignature())) {
      throw new IllegalStateException("bad signature");
    }
    return true;
  }

  /**
   * The next user's chain as a TLS stack hands it over: freshly decoded. The JDK caches a successful
   * {@code X509Certificate.verify} on the object and its {@code CertificateFactory} caches up to 750
   * decoded certificates by encoding, so the benchmarks rotate through {@value #CERTIFICATES}
   * different users' certificates: one certificate over and over would measure the caches.
   */
  private List<X509Certificate> decode() {
    try {
      next = (next + 1) % leaves.length;
      List<X509Certificate> chain = new ArrayList<>(2);
      chain.add((X509Certificate) factory.generateCertificate(
          new ByteArrayInputStream(leaves[next])));
      chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(caDer)));
      return chain;
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Shomei's mapper.
   *
   * @return the mapping
   */
  @Benchmark
  public MappingResult mapShomei() {
    return mapper.map(requireLeaf());
  }

  /**
   * Spring Security's default CN regex.
   *
   * @return the CN
   */
  @Benchmark
  public String mapSpringRegex() {
    Matcher m = SPRING_CN.matcher(requireLeaf().getSubjectX500Principal().getName());
    if (!m.find()) {
      throw new IllegalStateException("no CN");
    }
    return m.group(1);
  }

  private X509Certificate requireLeaf() {
    X509Certificate l = leaf;
    if (l == null) {
      throw new IllegalStateException("not set up");
    }
    return l;
  }
}
