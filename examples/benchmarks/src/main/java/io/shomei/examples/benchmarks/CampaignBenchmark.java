package io.shomei.examples.benchmarks;

import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.CampaignReport;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.issue.CertificateIssuer;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.store.jdbc.JdbcStorage;
import io.shomei.spi.CertificateStore;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.env.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
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
import org.postgresql.ds.PGSimpleDataSource;

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
  private @Nullable CertificateStore store;
  private @Nullable Path directory;

  /**
   * Fills the table.
   *
   * @throws IOException if the temporary directory cannot be made
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    DataSource ds;
    if (db.equals("postgres")) {
      PostgresServer server = PostgresServer.shared();
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setUrl(server.jdbcUrl(server.createDatabase()));
      pg.setUser(server.user());
      pg.setPassword(server.password());
      ds = pg;
    } else {
      Path dir = Files.createTempDirectory("shomei-bench-h2");
      directory = dir;
      JdbcDataSource h2 = new JdbcDataSource();
      // DB_CLOSE_DELAY=-1: without it H2 closes (and compacts) the database file whenever the
      // store's last connection is closed, i.e. after every single record()

      h2.setURL("jdbc:h2:file:" + dir.resolve("campaign")
          + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
      ds = h2;
    }
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    CertificateStore s = storage.certificateStore();
    SecureRandom random = new SecureRandom();
    TestCa ca = TestCa.root("Bench Campaign CA");
    byte[] csr = Fixtures.csr(Fixtures.ecKeyPair(random));
    CertificateProfile profile = Fixtures.profile();
    // half before the notice's 2020-11-11 boundary (affected), half after
    Instant later = Instant.parse("2020-12-01T00:00:00Z");
    CertificateIssuer early = Fixtures.issuer(ca, random);
    CertificateIssuer late = CertificateIssuer.builder().keyCustody(ca)
        .clock(Clock.fixed(later, ZoneOffset.UTC)).secureRandom(random).build();
    for (int i = 0; i < rows; i++) {
      String user = String.format("%08d", i);
      boolean affected = i % 2 == 0;
      s.record(Fixtures.issued((affected ? early : late).issueForCsr(profile, user, csr))
          .toRecord(affected ? Fixtures.ISSUED_AT : later));
    }
    dataSource = ds;
    store = s;
  }

  /**
   * Shuts H2 down and removes its files.
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
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
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
