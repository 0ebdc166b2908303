package io.shomei.examples.benchmarks;

import io.shomei.core.custody.Pkcs11KeyCustody;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.issue.IssuedCertificate;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.IssuerName;
import io.shomei.spi.Secret;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.env.SoftHsm;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.MessageDigest;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Issuance with the CA key in a PKCS#11 token (SoftHSM2 standing in for the bank's HSM,
 * {@link Pkcs11KeyCustody}, EC P-256), two threads, the certificates stored in H2 or PostgreSQL
 * ({@code db}), each beside its floor run the same way in the same JVM:
 *
 * <ul>
 *   <li>{@code rawSign}: the token's signature rate as plain JCA gives it (SunPKCS11 configured
 *       from the same file, the key read from the token, a {@code Signature} per call).
 *   <li>{@code custodySign}: the same signature through {@link Pkcs11KeyCustody#sign}.
 *   <li>{@code csrIssue}: {@link CertificateIssuer#issueForCsr} alone (not stored).
 *   <li>{@code csrIssueStored}: {@link CertificateIssuer#issueForCsr} (proof of possession, build,
 *       the token's signature) and the record stored. Floors: {@code csrPrimitive} = one CSR
 *       verification (Bouncy Castle, as Shomei does) + one {@code rawSign}; and
 *       {@code csrStoredPrimitive} = {@code csrPrimitive} + one bare JDBC {@code INSERT} of a row of
 *       the same size into the same table (auto-commit, no checks): what any implementation that
 *       stores what it issues must do.
 *   <li>{@code keygenIssueStored}: {@link CertificateIssuer#issueWithGeneratedKey} stored. Floor:
 *       {@code keygenPrimitive} = one EC P-256 key generation + one {@code rawSign}.
 * </ul>
 *
 * <p>Needs SoftHSM2 and {@code SOFTHSM2_CONF} naming a file in a writable directory in the JVM's
 * environment (run.sh sets {@code target/softhsm/softhsm2.conf}); a token is initialized there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class Pkcs11IssuanceBenchmark {
  private static final String ALGORITHM = "SHA256withECDSA";

  /** h2 or postgres. */
  @Param({"h2"})
  public String db = "h2";

  private final SecureRandom random = new SecureRandom();
  private final CertificateProfile profile = Fixtures.profile();
  private final KeyPair userKey = Fixtures.ecKeyPair(random);
  private final byte[] csr = Fixtures.csr(userKey);
  private final AtomicLong users = new AtomicLong(10_000_000);
  private byte[] tbs = new byte[0];
  private String issuerName = "";
  private byte[] csrInfo = new byte[0];
  private byte[] csrSignature = new byte[0];
  private @Nullable Pkcs11KeyCustody custody;
  private @Nullable Provider provider;
  private @Nullable PrivateKey key;
  private @Nullable CertificateIssuer issuer;
  private @Nullable CertificateStore store;
  private @Nullable JdbcConnectionPool pool;
  private @Nullable Path h2Directory;

  /** The token, its CA key and a plain SunPKCS11 instance over it: one per JVM. */
  private record Hsm(Pkcs11KeyCustody custody, Provider provider, PrivateKey key) {}

  private static @Nullable Hsm hsm;

  /**
   * The JVM's token, initialized on first use. Once per JVM: SoftHSM reads its token list when the
   * library is first initialized, so a token made after that (a second trial's) is not seen.
   */
  private static synchronized Hsm hsm(SecureRandom random) throws Exception {
    Hsm h = hsm;
    if (h != null) {
      return h;
    }
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null || conf.isBlank()) {
      throw new IllegalStateException("SOFTHSM2_CONF must name a softhsm2.conf in a writable"
          + " directory (run.sh sets it)");
    }
    Path dir = Path.of(conf).toAbsolutePath().getParent();
    if (dir == null) {
      throw new IllegalStateException("SOFTHSM2_CONF has no directory");
    }
    Files.createDirectories(dir);
    SoftHsm.Token token = SoftHsm.privateToken(dir, "bench");
    Pkcs11KeyCustody c;
    try (Secret pin = Secret.of(token.pin())) {
      c = Pkcs11KeyCustody.createRoot(token.pkcs11Config(), pin, "bench-ca",
          RootCaSpec.of("CN=Bench HSM Root,O=Example Bank,C=JP"), Fixtures.clock(), random);
    }
    // the raw side: its own SunPKCS11 instance over the same token, the key read as JCA reads it
    Provider base = java.security.Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new IllegalStateException("no SunPKCS11 in this JDK");
    }
    Provider p = base.configure(token.pkcs11Config().toString());
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    ks.load(null, token.pin().toCharArray());
    h = new Hsm(c, p, (PrivateKey) ks.getKey("bench-ca", null));
    hsm = h;
    return h;
  }

  /**
   * Initializes the token (once per JVM), creates the CA key in it and opens the store.
   *
   * @throws Exception if the token or the database cannot be set up
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Hsm h = hsm(random);
    Pkcs11KeyCustody c = h.custody();
    custody = c;
    provider = h.provider();
    key = h.key();
    CertificateIssuer i = Fixtures.issuer(c, random);
    issuer = i;
    IssuedCertificate sample = Fixtures.issued(i.issueForCsr(profile, Fixtures.USER_ID, csr));
    tbs = sample.certificate().getTBSCertificate();
    issuerName = IssuerName.issuerOf(sample.der()).sha256();
    var req = new org.bouncycastle.pkcs.PKCS10CertificationRequest(csr);
    csrInfo = req.toASN1Structure().getCertificationRequestInfo().getEncoded();
    csrSignature = req.getSignature();
    JdbcConnectionPool ds;
    if (db.equals("postgres")) {
      ds = JdbcConnectionPool.create(CampaignBenchmark.postgres());
    } else {
      Path h2 = Files.createTempDirectory("shomei-bench-p11");
      h2Directory = h2;
      ds = JdbcConnectionPool.create(CampaignBenchmark.h2File(h2.resolve("issuance")));
    }
    pool = ds;
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    store = storage.certificateStore();
  }

  /**
   * Closes the pool and deletes the H2 files.
   *
   * @throws IOException if they cannot be deleted
   * @throws SQLException never
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    JdbcConnectionPool p = pool;
    if (p != null) {
      p.dispose();
    }
    Path h2 = h2Directory;
    if (h2 != null) {
      H2File.deleteTree(h2);
    }
  }

  /**
   * One signature by the token, plain JCA.
   *
   * @return the signature
   * @throws GeneralSecurityException if the token fails
   */
  @Benchmark
  public byte[] rawSign() throws GeneralSecurityException {
    Provider p = provider;
    PrivateKey k = key;
    if (p == null || k == null) {
      throw new IllegalStateException("not set up");
    }
    Signature s = Signature.getInstance(ALGORITHM, p);
    s.initSign(k);
    s.update(tbs);
    return s.sign();
  }

  /**
   * One signature by the token through the custody.
   *
   * @return the signature
   */
  @Benchmark
  public byte[] custodySign() {
    return require(custody).sign(ALGORITHM, tbs);
  }

  /**
   * CSR path, not stored.
   *
   * @return the certificate
   */
  @Benchmark
  public IssuedCertificate csrIssue() {
    return Fixtures.issued(require(issuer).issueForCsr(profile, Fixtures.USER_ID, csr));
  }

  /**
   * CSR path, stored.
   *
   * @return the store's answer
   */
  @Benchmark
  public Object csrIssueStored() {
    String user = Long.toString(users.incrementAndGet());
    IssuedCertificate c = Fixtures.issued(require(issuer).issueForCsr(profile, user, csr));
    return require(store).record(c.toRecord(Fixtures.ISSUED_AT));
  }

  /**
   * One CSR verification + one raw token signature.
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
    return rawSign();
  }

  /**
   * The stored floor: one CSR verification + one raw token signature + one bare JDBC insert of a
   * row like Shomei's (the to-be-signed bytes and the signature as its DER, their SHA-256 as its
   * fingerprint, a fresh 127-bit serial) into the same table, auto-commit, no checks.
   *
   * @return the update count
   * @throws GeneralSecurityException never
   * @throws SQLException if the insert fails
   */
  @Benchmark
  public int csrStoredPrimitive() throws GeneralSecurityException, SQLException {
    byte[] signature = csrPrimitive();
    byte[] der = new byte[tbs.length + signature.length];
    System.arraycopy(tbs, 0, der, 0, tbs.length);
    System.arraycopy(signature, 0, der, tbs.length, signature.length);
    String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    OffsetDateTime at = OffsetDateTime.ofInstant(Fixtures.ISSUED_AT, ZoneOffset.UTC);
    try (Connection c = require(pool).getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_certificate (serial, user_id,"
            + " service, not_before, not_after, sha256_fingerprint, der, status, recorded_at,"
            + " conforming, profile, issuer_name) VALUES (?, ?, ?, ?, ?, ?, ?, 'ISSUED', ?, TRUE, ?,"
            + " ?)")) {
      ps.setBigDecimal(1, new BigDecimal(new BigInteger(127, random)));
      ps.setString(2, Long.toString(users.incrementAndGet()));
      ps.setString(3, profile.service());
      ps.setObject(4, at);
      ps.setObject(5, at.plusYears(1));
      ps.setString(6, fingerprint);
      ps.setBytes(7, der);
      ps.setObject(8, at);
      ps.setString(9, profile.name());
      ps.setString(10, issuerName);
      return ps.executeUpdate();
    }
  }

  /**
   * Server-side key generation path, stored.
   *
   * @return the store's answer
   */
  @Benchmark
  public Object keygenIssueStored() {
    String user = Long.toString(users.incrementAndGet());
    IssuedCertificate c = Fixtures.issued(require(issuer).issueWithGeneratedKey(profile, user));
    return require(store).record(c.toRecord(Fixtures.ISSUED_AT));
  }

  /**
   * One EC P-256 key pair + one raw token signature.
   *
   * @return the signature
   * @throws GeneralSecurityException if the token fails
   */
  @Benchmark
  public byte[] keygenPrimitive() throws GeneralSecurityException {
    KeyPair kp = Fixtures.ecKeyPair(random);
    if (kp.getPrivate() == null) {
      throw new IllegalStateException("no key");
    }
    return rawSign();
  }

  private static <T> T require(@Nullable T t) {
    if (t == null) {
      throw new IllegalStateException("not set up");
    }
    return t;
  }
}
