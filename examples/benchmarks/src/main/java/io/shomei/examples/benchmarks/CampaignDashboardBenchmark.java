package io.shomei.examples.benchmarks;

import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.CampaignReport;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.examples.console.CampaignDashboard;
import io.shomei.spi.CertificateStore;
import io.shomei.store.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
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

/**
 * The operator console's campaign dashboard over a certificate table of {@code rows} accounts
 * (100,000 by default, half of them in the notice's cohort): one campaign scan feeding
 * {@link CampaignDashboard}, then its per-day series, the SVG chart and the CSV ({@code dashboard}),
 * beside the same scan alone ({@code campaign}). The forked JVM gets {@code -Xmx64m}: the dashboard
 * keeps a counter per campaign and day, never a row, and an {@code OutOfMemoryError} would fail the
 * run. Rows are {@link CampaignBenchmark#derived} from 1,000 issued certificates, in an H2 file
 * database in a temporary directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx64m")
public class CampaignDashboardBenchmark {
  /** Accounts (one certificate each) in the table. */
  @Param({"100000"})
  public int rows = 100_000;

  private final RuleSet rules =
      RuleSet.parse(Fixtures.resource("rules/notice-2021.rules"), "notice-2021.rules");
  /** Two weeks into the re-acquisition window: a fortnight of days in the series. */
  private final Instant now = Instant.parse("2021-03-10T12:00:00+09:00");
  private final ZoneId zone = ZoneId.of("Asia/Tokyo");
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
    Path dir = Files.createTempDirectory("shomei-bench-dashboard");
    directory = dir;
    JdbcConnectionPool ds = JdbcConnectionPool.create(CampaignBenchmark.h2File(dir.resolve("d")));
    pool = ds;
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    CertificateStore s = storage.certificateStore();
    CampaignBenchmark.insertBatched(ds,
        CampaignBenchmark.derived(CampaignBenchmark.records(Math.min(rows, 1000)), rows));
    if (s.count() != rows) {
      throw new IllegalStateException("expected " + rows + " rows, found " + s.count());
    }
    store = s;
  }

  /**
   * Removes the database.
   *
   * @throws IOException if a file cannot be deleted
   * @throws SQLException if H2 does not shut down
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    JdbcConnectionPool ds = pool;
    if (ds != null) {
      try (Connection c = ds.getConnection(); var st = c.createStatement()) {
        st.execute("SHUTDOWN");
      }
      ds.dispose();
    }
    Path dir = directory;
    if (dir != null) {
      H2File.deleteTree(dir);
    }
  }

  private CertificateStore store() {
    CertificateStore s = store;
    if (s == null) {
      throw new IllegalStateException("not set up");
    }
    return s;
  }

  /**
   * The dashboard: scan, series, chart and CSV.
   *
   * @return the sizes of chart and CSV
   */
  @Benchmark
  public long dashboard() {
    CampaignDashboard d = new CampaignDashboard(zone);
    CampaignReport r = Campaign.scan(store(), rules).at(now).onAffected(d).run();
    List<CampaignDashboard.Series> series = d.series(LocalDate.ofInstant(now, zone));
    if (series.isEmpty() || series.get(0).affected() != r.affected()) {
      throw new IllegalStateException("the dashboard lost rows: " + series + " / " + r);
    }
    StringWriter csv = new StringWriter();
    CampaignDashboard.csv(series, csv);
    return (long) CampaignDashboard.svg(series.get(0), series.get(0).ruleId()).length()
        + csv.getBuffer().length();
  }

  /**
   * The same campaign scan without a dashboard (the floor).
   *
   * @return the report
   */
  @Benchmark
  public CampaignReport campaign() {
    return Campaign.scan(store(), rules).at(now).run();
  }
}
