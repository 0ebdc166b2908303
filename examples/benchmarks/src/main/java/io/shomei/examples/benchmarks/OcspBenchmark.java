package io.shomei.examples.benchmarks;

import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.ocsp.OcspAnswer;
import io.shomei.core.ocsp.OcspResponder;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.ca.TestCa;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.ConnectionPoolDataSource;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.h2.jdbcx.JdbcConnectionPool;
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
 * OCSP answers per second, from the records in H2 (a file database, the example hosts' default) or
 * PostgreSQL ({@code -p db=h2,postgres}), beside what an answer costs at least.
 *
 * <ul>
 *   <li>{@code answer}: {@link OcspResponder#post} of a DER request (SHA-1 CertID, no nonce, as
 *       nginx and most terminators send) for one of {@link #certificates} certificates in turn (a
 *       tenth revoked), without the responder's cache: parse, issuer check, the record read by
 *       serial through a connection pool, the response built and signed by the CA through key
 *       custody (EC P-256, SHA256withECDSA).
 *   <li>{@code signPrimitive}: the raw signature of the answer, {@link TestCa#sign} over as many bytes
 *       as an answer's signed part (the floor an answer cannot go under).
 *   <li>{@code lookupPrimitive}: {@link CertificateStore#findBySerial(IssuerName, BigInteger)} alone (the database's share).
 * </ul>
 *
 * <p>Throughput mode: the scores are answers (or signatures, or reads) per second on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OcspBenchmark {
  /** h2 or postgres. */
  @Param({"h2"})
  public String db = "h2";

  /** Certificates in the store, asked about in turn; smoke runs use fewer. */
  @Param({"1024"})
  public int certificates = 1024;

  private byte[][] requests = new byte[0][];
  private BigInteger[] serials = new BigInteger[0];
  private @Nullable IssuerName caName;
  private byte[] tbs = new byte[0];
  private int next;
  private @Nullable TestCa ca;
  private @Nullable OcspResponder responder;
  private @Nullable CertificateStore store;
  private @Nullable JdbcConnectionPool pool;
  private @Nullable Path directory;

  /**
   * Issues the certificates, records and activates them (revoking every tenth) and encodes one
   * request per certificate.
   *
   * @throws Exception if set-up fails
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    SecureRandom random = new SecureRandom();
    TestCa authority = TestCa.root("Bench OCSP CA");
    ca = authority;
    CertificateStore s = store(db);
    store = s;
    CertificateIssuer issuer = Fixtures.issuer(authority, random);
    byte[] csr = Fixtures.csr(Fixtures.ecKeyPair(random));
    X509CertificateHolder issuerHolder = new X509CertificateHolder(
        authority.certificate().getEncoded());
    requests = new byte[certificates][];
    serials = new BigInteger[certificates];
    for (int i = 0; i < certificates; i++) {
      IssuedCertificate c = Fixtures.issued(
          issuer.issueForCsr(Fixtures.profile(), String.format("%08d", i), csr));
      CertificateRecord record = c.toRecord(Fixtures.ISSUED_AT);
      caName = record.issuer();
      s.record(record);
      s.activate(caName, c.serial(), null, Fixtures.ISSUED_AT);
      if (i % 10 == 9) {
        s.revoke(caName, c.serial(), RevocationReason.KEY_COMPROMISE, Fixtures.ISSUED_AT);
      }
      serials[i] = c.serial();
      requests[i] = new OCSPReqBuilder().addRequest(new CertificateID(
          new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
          issuerHolder, c.serial())).build().getEncoded();
    }
    OcspResponder r = OcspResponder.builder().certificateStore(s).keyCustody(authority)
        .clock(Clock.systemUTC()).build();
    responder = r;
    OcspAnswer first = r.post(requests[0]);
    if (first.outcome() != OcspAnswer.Outcome.SUCCESSFUL) {
      throw new IllegalStateException("the benchmark request is not answered: " + first);
    }
    // the signed part of an answer is the body less the signature, the algorithm and the framing
    tbs = new byte[Math.max(64, first.body().length - 100)];
    random.nextBytes(tbs);
  }

  private CertificateStore store(String which) throws IOException {
    ConnectionPoolDataSource physical;
    if (which.equals("postgres")) {
      physical = CampaignBenchmark.postgres();
    } else {
      Path dir = Files.createTempDirectory("shomei-bench-ocsp");
      directory = dir;
      physical = CampaignBenchmark.h2File(dir.resolve("ocsp"));
    }
    JdbcConnectionPool p = JdbcConnectionPool.create(physical);
    pool = p;
    JdbcStorage storage = JdbcStorage.create(p);
    storage.migrate();
    return storage.certificateStore();
  }

  /**
   * Closes the pool and deletes H2's files.
   *
   * @throws IOException if the files cannot be deleted
   * @throws SQLException never in practice
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    JdbcConnectionPool p = pool;
    if (p != null) {
      p.dispose();
    }
    Path dir = directory;
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /**
   * One OCSP answer from the store.
   *
   * @return the DER answer
   */
  @Benchmark
  public byte[] answer() {
    OcspResponder r = java.util.Objects.requireNonNull(responder);
    OcspAnswer a = r.post(requests[next++ % requests.length]);
    if (a.outcome() != OcspAnswer.Outcome.SUCCESSFUL) {
      throw new IllegalStateException("not answered: " + a);
    }
    return a.body();
  }

  /**
   * The raw signature an answer needs.
   *
   * @return the signature
   */
  @Benchmark
  public byte[] signPrimitive() {
    return java.util.Objects.requireNonNull(ca).sign("SHA256withECDSA", tbs);
  }

  /**
   * The record read an answer needs.
   *
   * @return whether found
   */
  @Benchmark
  public boolean lookupPrimitive() {
    return java.util.Objects.requireNonNull(store)
        .findBySerial(java.util.Objects.requireNonNull(caName), serials[next++ % serials.length])
        .isPresent();
  }
}
