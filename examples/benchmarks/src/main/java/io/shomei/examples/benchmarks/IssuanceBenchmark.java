package io.shomei.examples.benchmarks;

import io.shomei.spi.Secret;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.core.issue.KeyPregenerationPool;
import io.shomei.core.issue.KeyType;
import io.shomei.core.pkcs12.Pkcs12Packager;
import io.shomei.core.pkcs12.Pkcs12Result;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.ca.TestCa;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issuance, each path beside its cryptographic floor.
 *
 * <ul>
 *   <li>{@code csrIssue}: {@link CertificateIssuer#issueForCsr} = verify the CSR's proof of possession
 *       + build and sign the certificate. Floor: {@code csrPrimitive} = one ECDSA P-256 verify (Bouncy
 *       Castle, as Shomei does) + one ECDSA P-256 sign by the CA (the CA's own {@code sign}).
 *   <li>{@code csrIssueStoredH2}: the same, then the record written to an H2 file database (the
 *       example hosts' embedded default) through a connection pool. {@link
 *       IssuanceThroughputBenchmark} runs it with two threads for the two-core throughput target.
 *   <li>{@code keygenIssue} / {@code keygenIssuePooled}: {@link CertificateIssuer#issueWithGeneratedKey}
 *       without and with a {@link KeyPregenerationPool}. Floor: {@code keygenPrimitive} = one EC P-256
 *       key generation + one CA signature.
 *   <li>{@code keygenIssueP12}: server key generation + certificate + PKCS#12 (COMPAT), the per
 *       certificate work compare.sh gives OpenSSL. Floor: {@code keygenP12Primitive}.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IssuanceBenchmark {
  private final SecureRandom random = new SecureRandom();
  private final TestCa ca = TestCa.root("Bench Issuing CA");
  private final CertificateProfile profile = Fixtures.profile();
  private final CertificateIssuer issuer = Fixtures.issuer(ca, random);
  private final KeyPair userKey = Fixtures.ecKeyPair(random);
  private final byte[] csr = Fixtures.csr(userKey);
  /** What the CA signs: a real certificate's TBS, of the size Shomei's certificates have. */
  private final byte[] tbs;
  private final byte[] csrInfo;
  private final byte[] csrSignature;
  private final Pkcs12Packager packager = Pkcs12Packager.builder().secureRandom(random).build();
  private final char[] password = "Kx7-pQ2m-Zt9w-R4vY".toCharArray();
  private final AtomicLong users = new AtomicLong(10_000_000);

  private @Nullable KeyPregenerationPool pool;
  private @Nullable CertificateIssuer pooledIssuer;
  private @Nullable CertificateStore h2;
  private @Nullable H2File h2Database;

  /** Prepares the fixed inputs. */
  public IssuanceBenchmark() {
    try {
      tbs = Fixtures.issued(issuer.issueForCsr(profile, Fixtures.USER_ID, csr)).certificate()
          .getTBSCertificate();
      var req = new org.bouncycastle.pkcs.PKCS10CertificationRequest(csr);
      csrInfo = req.toASN1Structure().getCertificationRequestInfo().getEncoded();
      csrSignature = req.getSignature();
    } catch (java.io.IOException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the key pool and an H2 database. */
  @Setup(Level.Trial)
  public void setUp() {
    setUp(true);
  }

  /**
   * Starts the H2 database, and the key pool if asked (its refill threads take CPU from whatever
   * else runs: benchmarks that do not use it leave it off).
   *
   * @param withKeyPool whether to start the key pool
   */
  void setUp(boolean withKeyPool) {
    if (withKeyPool) {
      KeyPregenerationPool p = KeyPregenerationPool.start(KeyType.EC_P256, 1_000, random);
      pool = p;
      pooledIssuer = CertificateIssuer.builder().keyCustody(ca).clock(Fixtures.clock())
          .secureRandom(random).keyPool(p).build();
    }
    H2File db = H2File.create("issuance");
    h2Database = db;
    JdbcStorage storage = JdbcStorage.create(db.dataSource());
    storage.migrate();
    h2 = storage.certificateStore();
  }

  /**
   * Stops the pool, shuts H2 down and deletes its files.
   *
   * @throws SQLException if H2 cannot be shut down
   * @throws IOException if its files cannot be deleted
   */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    if (pool != null) {
      pool.close();
    }
    H2File db = h2Database;
    if (db != null) {
      db.close();
    }
  }

  /**
   * Shomei's CSR path.
   *
   * @return the certificate
   */
  @Benchmark
  public IssuedCertificate csrIssue() {
    return Fixtures.issued(issuer.issueForCsr(profile, Fixtures.USER_ID, csr));
  }

  /**
   * Shomei's CSR path, stored in H2 (each certificate under a new user ID).
   *
   * @return the store's answer
   */
  @Benchmark
  public Object csrIssueStoredH2() {
    String user = Long.toString(users.incrementAndGet());
    IssuedCertificate c = Fixtures.issued(issuer.issueForCsr(profile, user, csr));
    return requireStore().record(c.toRecord(Fixtures.ISSUED_AT));
  }

  /**
   * Floor of the CSR path: one verify + one sign.
   *
   * @return the signature
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public byte[] csrPrimitive() throws GeneralSecurityException {
    Signature v = Signature.getInstance("SHA256withECDSA", Fixtures.BC);
    v.initVerify(userKey.getPublic());
    v.update(csrInfo);
    if (!v.verify(csrSignature)) {
      throw new IllegalStateException("bad CSR signature");
    }
    return ca.sign("SHA256withECDSA", tbs);
  }

  /**
   * Shomei's server-side key generation path, no pool.
   *
   * @return the certificate
   */
  @Benchmark
  public IssuedCertificate keygenIssue() {
    return Fixtures.issued(issuer.issueWithGeneratedKey(profile, Fixtures.USER_ID));
  }

  /**
   * Shomei's server-side key generation path with a 1,000-key pool refilled in the background (on
   * two cores the refill competes with the measured thread, and the pool drains: see BENCHMARKS.md).
   *
   * @return the certificate
   */
  @Benchmark
  public IssuedCertificate keygenIssuePooled() {
    CertificateIssuer i = pooledIssuer;
    if (i == null) {
      throw new IllegalStateException("not set up");
    }
    return Fixtures.issued(i.issueWithGeneratedKey(profile, Fixtures.USER_ID));
  }

  /**
   * Floor of the key generation path: one key pair + one CA signature.
   *
   * @return the signature
   */
  @Benchmark
  public byte[] keygenPrimitive() {
    KeyPair kp = Fixtures.ecKeyPair(random);
    if (kp.getPrivate() == null) {
      throw new IllegalStateException("no key");
    }
    return ca.sign("SHA256withECDSA", tbs);
  }

  /**
   * Server key generation + certificate + PKCS#12 (COMPAT), what compare.sh gives OpenSSL too.
   *
   * @return the PKCS#12 bytes
   */
  @Benchmark
  public Pkcs12Result keygenIssueP12() {
    IssuedCertificate c = Fixtures.issued(issuer.issueWithGeneratedKey(profile, Fixtures.USER_ID));
    return packager.pack(c, Secret.copyOf(password));
  }

  /**
   * Floor of {@link #keygenIssueP12}: key generation + CA signature + the PKCS#12 KDF/cipher/MAC work.
   *
   * @return the MAC
   */
  @Benchmark
  public byte[] keygenP12Primitive() {
    keygenPrimitive();
    return Pkcs12Benchmark.compatPrimitive(password, Pkcs12Benchmark.SAMPLE_PAYLOAD);
  }

  private CertificateStore requireStore() {
    CertificateStore s = h2;
    if (s == null) {
      throw new IllegalStateException("not set up");
    }
    return s;
  }
}
