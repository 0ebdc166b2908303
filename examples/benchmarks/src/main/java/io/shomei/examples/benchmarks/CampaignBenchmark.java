package io.shomei.examples.benchmarks;

import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.CampaignReport;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.KeyCustody;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.env.PostgresServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * A re-acquisition campaign over the whole certificate table ({@link Campaign}, notice-2021 rules)
 * beside a bare JDBC full scan of the same table ({@code bareScan}: the store's own query, every column
 * read, nothing else). Half the certificates are affected. The forked JVM gets {@code -Xmx64m}: a
 * campaign must stream, so the run itself shows the issue's heap target is held (an
 * {@code OutOfMemoryError} would fail it). {@code db=postgres} uses the fixtures' PostgreSQL launcher
 * ({@code -p db=h2,postgres}); H2 is a file database in a temporary directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx64m")
public class CampaignBenchmark {
  /** h2 or postgres. */
  @Param({"h2"})
  public String db = "h2";

  /** Certificates in the table. */
  @Param({"10000"})
  public int rows = 10_000;

  private final RuleSet rules =
      RuleSet.parse(Fixtures.resource("rules/notice-2021.rules"), "notice-2021.rules");
  private final Instant cutOff = Instant.parse("2021-02-24T00:00:00+09:00");
  private @Nullable DataSource dataSource;
  private @Nullable JdbcConnectionPool pool;
  private @Nullable CertificateStore store;
  private @Nullable Path directory;

  /**
   * Fills the table.
   *
   * @throws IOException if the temporary directory cannot be made
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ConnectionPoolDataSource physical;
    if (db.equals("postgres")) {
      physical = postgres();
    } else {
      Path dir = Files.createTempDirectory("shomei-bench-h2");
      directory = dir;
      physical = h2File(dir.resolve("campaign"));
    }
    // A connection pool, as a bank's host has, for both sides: without one the campaign (a COUNT and
    // the scan) opened two PostgreSQL connections with SCRAM authentication each, the bare scan one,
    // and no statement was ever server-prepared (so no binary transfer).
    JdbcConnectionPool ds = JdbcConnectionPool.create(physical);
    pool = ds;
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    CertificateStore s = storage.certificateStore();
    insertBatched(ds, records(rows));
    if (s.count() != rows) {
      throw new IllegalStateException("expected " + rows + " rows, found " + s.count());
    }
    dataSource = ds;
    store = s;
  }

  /** A new database on the fixtures' shared PostgreSQL server. */
  static ConnectionPoolDataSource postgres() {
    PostgresServer server = PostgresServer.shared();
    PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
    pg.setUrl(server.jdbcUrl(server.createDatabase()));
    pg.setUser(server.user());
    pg.setPassword(server.password());
    return pg;
  }

  /** An H2 file database at {@code file} (without extension). */
  static ConnectionPoolDataSource h2File(Path file) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(h2Url(file));
    return h2;
  }

  /** The JDBC URL of the H2 file database at {@code file} (without extension). */
  static String h2Url(Path file) {
    // DB_CLOSE_DELAY=-1: H2 must not close (and compact) the file when no connection is open
    return "jdbc:h2:file:" + file
        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  /**
   * {@code n} certificates as Shomei issues them (CSR path, the benchmark profile), half before the
   * notice's 2020-11-11 boundary (affected), half after. They are signed by {@link Fixtures#fastSigner}:
   * a campaign reads the DER's facts but never checks a signature, and the set-up is then bounded by
   * the CSR checks alone. Issued on every core.
   */
  static List<CertificateRecord> records(int n) {
    SecureRandom random = new SecureRandom();
    KeyCustody ca = Fixtures.fastSigner(TestCa.root("Bench Campaign CA"));
    byte[] csr = Fixtures.csr(Fixtures.ecKeyPair(random));
    CertificateProfile profile = Fixtures.profile();
    Instant later = Instant.parse("2020-12-01T00:00:00Z");
    CertificateIssuer early = Fixtures.issuer(ca, random);
    CertificateIssuer late = CertificateIssuer.builder().keyCustody(ca)
        .clock(Clock.fixed(later, ZoneOffset.UTC)).secureRandom(random).build();
    return IntStream.range(0, n).parallel().mapToObj(i -> {
      boolean affected = i % 2 == 0;
      return Fixtures.issued((affected ? early : late)
          .issueForCsr(profile, String.format("%08d", i), csr))
          .toRecord(affected ? Fixtures.ISSUED_AT : later);
    }).collect(Collectors.toList());
  }

  /**
   * Inserts ISSUED records with JDBC batches of 500 rows, a transaction per 10,000: the columns the
   * store's {@code record()} writes, without its one transaction and fingerprint check per row (which
   * made a 10,000-row PostgreSQL set-up outlast a 10-minute run).
   */
  static void insertBatched(DataSource ds, List<CertificateRecord> records) {
    insertBatched(ds, records.iterator());
  }

  /**
   * {@link #insertBatched(DataSource, List)} over records made one at a time: nothing but the
   * current batch is held, so a million rows insert in a small heap.
   *
   * @return the rows inserted
   */
  static long insertBatched(DataSource ds, Iterator<CertificateRecord> records) {
    long inserted = 0;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO shomei_certificate (serial, "
          + "user_id, service, not_before, not_after, sha256_fingerprint, der, status, recorded_at, "
          + "status_changed_at, superseded_by, revocation_reason, conforming, profile, "
          + "issuer_name, active_marker) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, 'ISSUED', ?, NULL, NULL, NULL, ?, ?, ?, NULL)")) {
        int pending = 0;
        while (records.hasNext()) {
          CertificateRecord r = records.next();
          if (r.status() != CertificateStatus.ISSUED) {
            throw new IllegalArgumentException("only ISSUED records are inserted here");
          }
          ps.setBigDecimal(1, new BigDecimal(r.serial()));
          ps.setString(2, r.account().userId());
          ps.setString(3, r.account().service());
          ps.setObject(4, utc(r.notBefore()));
          ps.setObject(5, utc(r.notAfter()));
          ps.setString(6, r.sha256Fingerprint());
          ps.setBytes(7, r.der());
          ps.setObject(8, utc(r.recordedAt()));
          ps.setBoolean(9, r.conforming());
          ps.setString(10, r.profile());
          ps.setString(11, r.issuer().sha256());
          ps.addBatch();
          inserted++;
          if (++pending % 500 == 0) {
            ps.executeBatch();
          }
          if (pending == 10_000) {
            c.commit();
            pending = 0;
          }
        }
        ps.executeBatch();
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("set-up inserts failed", e);
    }
    return inserted;
  }

  /**
   * {@code n} rows for a campaign at a bank's scale, made one at a time from {@code templates}
   * (real certificates as {@link #records} issues them): row {@code i} carries template
   * {@code i % templates.size()}'s DER, validity, service, profile and recording instant, with its
   * own serial ({@code 0x5eed} followed by {@code i}), user id ({@code %08d} of {@code i}) and
   * fingerprint (SHA-256 of the DER followed by {@code i}, so unique as the schema requires). The
   * serial, user id and fingerprint thus do not match the DER: the notice's rules read only the
   * service and the validity start (record columns), so every verdict is the template's.
   */
  static Iterator<CertificateRecord> derived(List<CertificateRecord> templates, long n) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    BigInteger base = BigInteger.valueOf(0x5eed).shiftLeft(64);
    return new Iterator<>() {
      private long i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public CertificateRecord next() {
        if (i >= n) {
          throw new NoSuchElementException();
        }
        CertificateRecord t = templates.get((int) (i % templates.size()));
        sha256.update(t.der());
        byte[] fingerprint = sha256.digest(BigInteger.valueOf(i).toByteArray());
        CertificateRecord r = new CertificateRecord(base.add(BigInteger.valueOf(i)),
            new AccountKey(String.format("%08d", i), t.account().service()), t.notBefore(),
            t.notAfter(), HexFormat.of().formatHex(fingerprint), t.der(), t.status(),
            t.recordedAt(), t.statusChangedAt(), t.supersededBy(), t.revocationReason(),
            t.conforming(), t.profile(), t.loginFrom(), t.issuer());
        i++;
        return r;
      }
    };
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /**
   * Shuts H2 down, closes the pool and removes H2's files.
   *
   * @throws IOException if they cannot be removed
   * @throws SQLException if H2 cannot be shut down
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    Path dir = directory;
    DataSource ds = dataSource;
    if (dir != null && ds != null) {
      try (Connection c = ds.getConnection(); var s = c.createStatement()) {
        s.execute("SHUTDOWN");
      }
    }
    JdbcConnectionPool connections = pool;
    if (connections != null) {
      connections.dispose();
    }
    if (dir != null) {
      H2File.deleteTree(dir);
    }
  }

  /**
   * Shomei's campaign scan.
   *
   * @return the report
   */
  @Benchmark
  public CampaignReport campaign() {
    CertificateStore s = store;
    if (s == null) {
      throw new IllegalStateException("not set up");
    }
    CampaignReport r = Campaign.scan(s, rules).at(cutOff).run();
    if (r.affected() != (rows + 1) / 2) {
      throw new IllegalStateException("expected " + (rows + 1) / 2 + " affected, got " + r);
    }
    return r;
  }

  /**
   * A bare JDBC full scan of the same table with the same query and fetch size.
   *
   * @return a checksum
   * @throws SQLException on a database failure
   */
  @Benchmark
  public long bareScan() throws SQLException {
    DataSource ds = dataSource;
    if (ds == null) {
      throw new IllegalStateException("not set up");
    }
    return bareScan(ds);
  }

  /**
   * The bare scan over {@code ds}: the store's query with its fetch size in one transaction, every
   * column read.
   *
   * @return a checksum
   */
  static long bareScan(DataSource ds) throws SQLException {
    long sum = 0;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT serial, user_id, service, not_before, "
          + "not_after, sha256_fingerprint, der, status, recorded_at, status_changed_at, "
          + "superseded_by, revocation_reason, conforming, profile FROM shomei_certificate "
          + "ORDER BY serial", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(JdbcStorage.Builder.DEFAULT_FETCH_SIZE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sum += rs.getBigDecimal(1).signum() + rs.getString(2).length()
                + rs.getString(3).length()
                + rs.getObject(4, java.time.OffsetDateTime.class).getNano()
                + rs.getObject(5, java.time.OffsetDateTime.class).getNano()
                + rs.getString(6).length() + rs.getBytes(7).length + rs.getString(8).length()
                + rs.getObject(9, java.time.OffsetDateTime.class).getNano();
            rs.getObject(10, java.time.OffsetDateTime.class);
            rs.getBigDecimal(11);
            rs.getObject(12);
            rs.getBoolean(13);
            rs.getString(14);
          }
        }
      }
      c.commit();
    }
    return sum;
  }
}
