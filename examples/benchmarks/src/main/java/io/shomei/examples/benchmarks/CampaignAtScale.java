package io.shomei.examples.benchmarks;

import io.shomei.core.eligibility.Campaign;
import io.shomei.core.eligibility.CampaignCsv;
import io.shomei.core.eligibility.CampaignProgress;
import io.shomei.core.eligibility.CampaignReport;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.env.PostgresServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * A re-acquisition campaign over a bank-sized certificate table (default 1,000,000 rows) beside a
 * bare JDBC scan of the same rows, measured in a child JVM started with {@code -Xmx64m}: nothing in
 * the campaign, its progress reports or its CSV may hold memory that grows with the rows.
 *
 * <pre>
 *   java -cp benchmarks.jar io.shomei.examples.benchmarks.CampaignAtScale h2|postgres [ROWS [ROUNDS]]
 * </pre>
 *
 * <p>Set-up (this JVM, not measured): 16 real certificates issued through Shomei's CSR path (as
 * {@link CampaignBenchmark} issues them; 8 inside the 2021 notice's affected range, 8 after it), then
 * {@code ROWS} rows derived from them one at a time ({@link CampaignBenchmark#derived}) and inserted
 * in JDBC batches. The set-up runs in the parent JVM because H2's own insert path spent most of its
 * time collecting garbage in a 64 MB heap; the campaign is what must fit there. The child runs four
 * sides per round in turn (the order reversed every other round): the bare scan, the campaign
 * counting only, the campaign writing its CSV to a file with progress reports, and the same with
 * the CSV text made and discarded (Shomei's share of the CSV without the file system's). Afterwards the
 * rows, the CSV and the database are removed (H2: its files; PostgreSQL: the database is dropped).
 */
public final class CampaignAtScale {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Instant CUT_OFF = Instant.parse("2021-02-24T00:00:00+09:00");
  private static final String MEASURE = "--measure";
  /** Carries the throwaway server's password to the child (not on its command line). */
  private static final String PASSWORD_VARIABLE = "SHOMEI_BENCH_DB_PASSWORD";

  /** The largest {@link #liveHeap()} seen at a progress report. */
  private static long maxLive;

  private CampaignAtScale() {}

  /** One measured side. */
  @FunctionalInterface
  interface Side {
    long run() throws Exception;
  }

  /**
   * Runs the benchmark.
   *
   * @param args {@code h2|postgres [rows [rounds]]}
   * @throws Exception if the set-up or a run fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(MEASURE)) {
      measure(args);
      return;
    }
    if (args.length < 1 || !List.of("h2", "postgres").contains(args[0])) {
      throw new IllegalArgumentException("usage: CampaignAtScale h2|postgres [rows [rounds]]");
    }
    String db = args[0];
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    System.out.printf(Locale.ROOT, "campaign at scale: %s, %,d rows, %d rounds, load %s%n", db,
        rows, rounds, Pairs.load());
    if (db.equals("h2")) {
      Path dir = Files.createTempDirectory("shomei-bench-campaign-scale");
      try {
        String url = CampaignBenchmark.h2Url(dir.resolve("campaign"));
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "", "");
        try {
          fill(pool, rows);
          try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
          }
        } finally {
          pool.dispose();
        }
        child(List.of("h2", url, "", Long.toString(rows), Integer.toString(rounds)), "");
      } finally {
        H2File.deleteTree(dir);
        System.out.println("removed " + dir);
      }
    } else {
      PostgresServer server = PostgresServer.shared();
      String name = server.createDatabase();
      try {
        String url = server.jdbcUrl(name);
        JdbcConnectionPool pool = JdbcConnectionPool.create(postgres(url, server.user(),
            server.password()));
        try {
          fill(pool, rows);
          try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE shomei_certificate");
          }
        } finally {
          pool.dispose();
        }
        child(List.of("postgres", url, server.user(), Long.toString(rows),
            Integer.toString(rounds)), server.password());
      } finally {
        server.psql("postgres", "DROP DATABASE " + name);
        System.out.println("dropped database " + name);
      }
    }
  }

  private static PGConnectionPoolDataSource postgres(String url, String user, String password) {
    PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
    pg.setUrl(url);
    pg.setUser(user);
    pg.setPassword(password);
    return pg;
  }

  /** Migrates and inserts the rows, reporting every 100,000. */
  private static void fill(DataSource ds, long rows) {
    JdbcStorage storage = JdbcStorage.create(ds);
    storage.migrate();
    List<CertificateRecord> templates = CampaignBenchmark.records(16);
    Iterator<CertificateRecord> derived = CampaignBenchmark.derived(templates, rows);
    long t0 = System.nanoTime();
    long inserted = CampaignBenchmark.insertBatched(ds, new Iterator<CertificateRecord>() {
      private long n;

      @Override
      public boolean hasNext() {
        return derived.hasNext();
      }

      @Override
      public CertificateRecord next() {
        if (++n % 100_000 == 0) {
          System.out.printf(Locale.ROOT, "  inserting: %,d rows, %.0f s%n", n,
              (System.nanoTime() - t0) / 1e9);
        }
        return derived.next();
      }
    });
    double seconds = (System.nanoTime() - t0) / 1e9;
    long counted = storage.certificateStore().count();
    if (inserted != rows || counted != rows) {
      throw new IllegalStateException("expected " + rows + " rows, found " + counted);
    }
    System.out.printf(Locale.ROOT, "inserted %,d rows derived from %d real certificates in %.1f s "
        + "(%,.0f rows/s)%n", rows, templates.size(), seconds, rows / seconds);
  }

  /** Runs the measuring child with {@code -Xmx64m} and waits for it. */
  private static void child(List<String> args, String password)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
        System.getProperty("java.class.path"), CampaignAtScale.class.getName(), MEASURE));
    command.addAll(args);
    System.out.println("child JVM: java -Xmx64m -cp ... " + CampaignAtScale.class.getSimpleName()
        + " " + MEASURE + " " + String.join(" ", args));
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put(PASSWORD_VARIABLE, password);
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("the measuring JVM exited with " + exit);
    }
  }

  /** The child: {@code --measure h2|postgres URL USER ROWS ROUNDS}. */
  private static void measure(String[] args) throws Exception {
    String db = args[1];
    String url = args[2];
    long rows = Long.parseLong(args[4]);
    int rounds = Integer.parseInt(args[5]);
    String password = Objects.requireNonNullElse(System.getenv(PASSWORD_VARIABLE), "");
    JdbcConnectionPool pool = db.equals("h2") ? JdbcConnectionPool.create(url, args[3], password)
        : JdbcConnectionPool.create(postgres(url, args[3], password));
    try {
      System.out.printf(Locale.ROOT, "measuring JVM: max heap %d MB%n",
          Runtime.getRuntime().maxMemory() >> 20);
      run(db, pool, rows, rounds);
    } finally {
      if (db.equals("h2")) {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
          st.execute("SHUTDOWN");
        }
      }
      pool.dispose();
    }
  }

  private static void run(String db, DataSource ds, long rows, int rounds) throws Exception {
    CertificateStore store = JdbcStorage.create(ds).certificateStore();
    if (store.count() != rows) {
      throw new IllegalStateException("expected " + rows + " rows, found " + store.count());
    }
    RuleSet rules = RuleSet.parse(Fixtures.resource("rules/notice-2021.rules"),
        "notice-2021.rules");
    Path csv = Files.createTempFile("shomei-campaign-scale", ".csv");
    long affected = (rows + 1) / 2;
    try {
      Side bare = () -> CampaignBenchmark.bareScan(ds);
      Side counts = () -> check(Campaign.scan(store, rules).at(CUT_OFF).run(), rows, affected);
      Side withCsv = () -> {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8),
            1 << 16)) {
          return campaignWithCsv(store, rules, out, rows, affected);
        }
      };
      // the same CSV text made and thrown away: Shomei's share of the CSV without the file system's
      Side discardedCsv = () -> campaignWithCsv(store, rules, Writer.nullWriter(), rows, affected);
      List<String> names = List.of("bare scan", "campaign", "campaign + CSV",
          "campaign + CSV, discarded");
      List<Side> sides = List.of(bare, counts, withCsv, discardedCsv);
      int n = sides.size();
      // warm-up: each side once over the whole table
      for (Side s : sides) {
        s.run();
      }
      System.out.printf(Locale.ROOT, "CSV: %,d bytes for %,d affected rows%n", Files.size(csv),
          affected);
      double[][] wall = new double[n][rounds];
      double[][] cpu = new double[n][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < n; k++) {
          int side = r % 2 == 0 ? k : n - 1 - k;
          long c0 = THREADS.getCurrentThreadCpuTime();
          long w0 = System.nanoTime();
          sides.get(side).run();
          wall[side][r] = (System.nanoTime() - w0) / 1e9;
          cpu[side][r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        System.out.printf(Locale.ROOT, "round %d: bare %.2f s, campaign %.2f s, campaign + CSV "
            + "%.2f s, campaign + CSV discarded %.2f s, load %s%n", r + 1, wall[0][r], wall[1][r],
            wall[2][r], wall[3][r], Pairs.load());
      }
      System.out.println();
      System.out.println("| db | rows | side | wall (median) | rows/s | throughput / bare scan "
          + "(median of rounds) | range of rounds | CPU (median) | CPU / bare | target |");
      System.out.println("|---|---:|---|---:|---:|---:|---|---:|---:|---|");
      for (int s = 0; s < n; s++) {
        double[] ratio = new double[rounds];
        double[] cpuRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratio[r] = wall[0][r] / wall[s][r];
          cpuRatio[r] = cpu[s][r] / cpu[0][r];
        }
        double[] sorted = ratio.clone();
        Arrays.sort(sorted);
        String verdict = s == 0 ? "-" : median(ratio) >= 0.8 ? ">= 0.8x (met)" : ">= 0.8x (missed)";
        System.out.printf(Locale.ROOT, "| %s | %,d | %s | %.2f s | %,.0f | %.2f | %.2f..%.2f | "
            + "%.2f s | %.2f | %s |%n", db, rows, names.get(s), median(wall[s]),
            rows / median(wall[s]), median(ratio), sorted[0], sorted[rounds - 1],
            median(cpu[s]), median(cpuRatio), verdict);
      }
      System.out.printf(Locale.ROOT, "%nmax heap %d MB; heap live after the latest collection, "
          + "largest seen at a progress report of the campaign + CSV: %.1f MB; garbage "
          + "collection over the whole run: %d collections, %.1f s; load %s%n",
          Runtime.getRuntime().maxMemory() >> 20, maxLive / 1048576.0,
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum(),
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() / 1e3, Pairs.load());
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  private static long campaignWithCsv(CertificateStore store, RuleSet rules, Writer out, long rows,
      long affected) {
    CampaignCsv rowsOut = CampaignCsv.to(out, ZoneId.of("Asia/Tokyo"));
    CampaignReport r = Campaign.scan(store, rules).at(CUT_OFF)
        .progressEvery((int) Math.max(1, Math.min(100_000, rows / 10)))
        .listener(CampaignAtScale::progress)
        .onAffected(rowsOut).run();
    if (rowsOut.rows() != affected) {
      throw new IllegalStateException("CSV rows " + rowsOut.rows() + ", expected " + affected);
    }
    return check(r, rows, affected);
  }

  private static long check(CampaignReport r, long rows, long affected) {
    if (r.scanned() != rows || r.affected() != affected || r.pending() != affected) {
      throw new IllegalStateException("unexpected report " + r);
    }
    return r.scanned();
  }

  private static void progress(CampaignProgress p) {
    maxLive = Math.max(maxLive, liveHeap());
    System.err.printf(Locale.ROOT, "  %,d / %,d (%.0f %%), %,.0f/s, ETA %s%n", p.scanned(),
        p.total(), p.fraction() * 100, p.perSecond(),
        p.remaining().map(CampaignAtScale::seconds).orElse("?"));
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** The heap in use after the latest collection of each heap pool: what the run keeps live. */
  private static long liveHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage u = p.getType() == MemoryType.HEAP ? p.getCollectionUsage() : null;
      if (u != null) {
        sum += u.getUsed();
      }
    }
    return sum;
  }
}
