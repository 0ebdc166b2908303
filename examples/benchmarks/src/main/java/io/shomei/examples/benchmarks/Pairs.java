package io.shomei.examples.benchmarks;

import io.shomei.core.pkcs12.Pkcs12Result;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Overhead ratios measured <em>alternating</em>: each Shomei path and its primitive run in turns of
 * a short time slice in the same JVM (A B, then B A, ...), and the ratio is taken per round, so a
 * burst of load from the machine's other processes lands on both sides of most rounds. The table
 * gives the median of the per-round ratios and their spread (the middle half: 25th to 75th
 * percentile of the rounds), the median
 * time per operation of each side, and the load average before and after. JMH ({@code run.sh}) gives
 * the absolute times and percentiles; this gives ratios that a shared, noisy machine does not move
 * much. It also gives the CPU time of the measuring thread per operation (ThreadMXBean), which
 * load inflates far less than wall time; work on other threads (GC, the key pool's refill, H2's
 * background writer, the database server) is not in it.
 *
 * <pre>
 *   Pairs smoke|quick|full [GROUP-REGEX]
 *   groups: issuance, providers, pkcs12, login, password, campaign-h2, campaign-postgres,
 *           dashboard-h2 (the console's campaign dashboard over 100,000 accounts),
 *           ocsp-h2, ocsp-postgres, pkcs11-h2, pkcs11-postgres (these two need SoftHSM2 and
 *           SOFTHSM2_CONF, see {@link Pkcs11IssuanceBenchmark})
 * </pre>
 *
 * <p>Each group's fixtures are the JMH benchmark classes themselves (same set-up, same methods).
 * The campaign groups belong in a JVM started with {@code -Xmx64m} (run.sh does that), the others
 * not.
 */
public final class Pairs {
  /** One measured operation. */
  @FunctionalInterface
  interface Op {
    Object run() throws Exception;
  }

  /** A Shomei path beside its primitive, with the target the ratio is judged against. */
  record Pair(String name, String primitive, Op shomei, Op floor, String target, double limit) {}

  /** A group of pairs sharing set-up. */
  interface Group extends AutoCloseable {
    List<Pair> pairs();

    @Override
    default void close() throws IOException, SQLException {}
  }

  /** Timing of one mode. */
  record Mode(double warmupSeconds, double sliceSeconds, int rounds) {}

  private static int sink;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Pairs() {}

  /**
   * Runs the pairs of the groups matching the regular expression.
   *
   * @param args the mode and an optional group regular expression
   * @throws Exception if a set-up or an operation fails (an operation must never fail)
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: Pairs smoke|quick|full [group-regex]");
    }
    Mode mode = switch (args[0]) {
      case "smoke" -> new Mode(0.05, 0.05, 1);
      case "quick" -> new Mode(3, 0.2, 31);
      case "full" -> new Mode(10, 0.5, 101);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    };
    Pattern only = Pattern.compile(args.length > 1 ? args[1] : ".*");
    boolean smoke = args[0].equals("smoke");
    List<String> rows = new ArrayList<>();
    for (String name : List.of("issuance", "providers", "pkcs12", "login", "password",
        "campaign-h2", "campaign-postgres", "dashboard-h2", "ocsp-h2", "ocsp-postgres", "pkcs11-h2",
        "pkcs11-postgres")) {
      if (!only.matcher(name).matches()) {
        continue;
      }
      String before = load();
      try (Group g = group(name, smoke)) {
        for (Pair p : g.pairs()) {
          rows.add(measure(p, mode) + " " + before + " / " + load() + " |");
          System.err.println(rows.get(rows.size() - 1));
        }
      }
    }
    System.out.println(String.format(Locale.ROOT,
        "Pairs %s: %d rounds of %.2f s slices per side after %.1f s of warm-up per side; "
            + "order A B, B A, A B, ...", args[0], mode.rounds(), mode.sliceSeconds(),
        mode.warmupSeconds()));
    System.out.println();
    System.out.println("| Shomei path | primitive | Shomei (wall, median) | primitive (wall, median) "
        + "| ratio (median of rounds) | middle half of rounds | CPU/op Shomei / primitive "
        + "| CPU ratio | target | load 1-min before / after |");
    System.out.println("|---|---|---:|---:|---:|---|---:|---:|---|---|");
    rows.forEach(System.out::println);
    System.err.println("# sink " + (sink & 1));
  }

  private static String measure(Pair p, Mode mode) throws Exception {
    slice(p.shomei(), mode.warmupSeconds(), null);
    slice(p.floor(), mode.warmupSeconds(), null);
    int n = mode.rounds();
    double[] a = new double[n];
    double[] b = new double[n];
    double[] aCpu = new double[n];
    double[] bCpu = new double[n];
    double[] ratio = new double[n];
    double[] cpuRatio = new double[n];
    for (int r = 0; r < n; r++) {
      double[] cpu = new double[1];
      if (r % 2 == 0) {
        a[r] = slice(p.shomei(), mode.sliceSeconds(), cpu);
        aCpu[r] = cpu[0];
        b[r] = slice(p.floor(), mode.sliceSeconds(), cpu);
        bCpu[r] = cpu[0];
      } else {
        b[r] = slice(p.floor(), mode.sliceSeconds(), cpu);
        bCpu[r] = cpu[0];
        a[r] = slice(p.shomei(), mode.sliceSeconds(), cpu);
        aCpu[r] = cpu[0];
      }
      ratio[r] = a[r] / b[r];
      cpuRatio[r] = aCpu[r] / bCpu[r];
    }
    double limit = p.limit();
    String verdict = Double.isNaN(limit) ? "" : median(ratio) <= limit ? " (met)" : " (missed)";
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.2f..%.2f | %s / %s | %.2f | %s%s |",
        p.name(), p.primitive(), time(median(a)), time(median(b)), median(ratio),
        quantile(ratio, 0.25), quantile(ratio, 0.75), time(median(aCpu)), time(median(bCpu)),
        median(cpuRatio), p.target(), verdict);
  }

  /**
   * Runs the operation for about {@code seconds} (at least once); wall-clock microseconds per
   * operation, and in {@code cpu[0]} (if given) this thread's CPU microseconds per operation.
   */
  private static double slice(Op op, double seconds, double @Nullable [] cpu) throws Exception {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long n = 0;
    long now;
    int h = 0;
    do {
      Object o = op.run();
      h += System.identityHashCode(o);
      n++;
      now = System.nanoTime();
    } while (now < end);
    if (cpu != null) {
      cpu[0] = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
    }
    sink += h;
    return (now - start) / 1e3 / n;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** The q-quantile by linear interpolation between order statistics. */
  private static double quantile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(i + 1, s.length - 1);
    return s[i] + (pos - i) * (s[j] - s[i]);
  }

  private static String time(double us) {
    if (us >= 1000) {
      return String.format(Locale.ROOT, "%.2f ms", us / 1000);
    }
    return us < 1 ? String.format(Locale.ROOT, "%.0f ns", us * 1000)
        : String.format(Locale.ROOT, "%.1f us", us);
  }

  /** The 1-minute load average, from /proc/loadavg ("?" elsewhere). */
  static String load() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
      return s.substring(0, s.indexOf(' '));
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static Group group(String name, boolean smoke) throws Exception {
    return switch (name) {
      case "issuance" -> issuance();
      case "providers" -> providers();
      case "pkcs12" -> pkcs12();
      case "login" -> login(smoke);
      case "password" -> password();
      case "campaign-h2" -> campaign("h2", smoke ? 200 : 10_000);
      case "campaign-postgres" -> campaign("postgres", smoke ? 200 : 10_000);
      case "dashboard-h2" -> dashboard(smoke ? 200 : 100_000);
      case "ocsp-h2" -> ocsp("h2", smoke ? 16 : 1024);
      case "ocsp-postgres" -> ocsp("postgres", smoke ? 16 : 1024);
      case "pkcs11-h2" -> pkcs11("h2");
      case "pkcs11-postgres" -> pkcs11("postgres");
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static Group issuance() {
    IssuanceBenchmark b = new IssuanceBenchmark();
    b.setUp();
    return new Group() {
      @Override
      public List<Pair> pairs() {
        return List.of(
            new Pair("csrIssue", "csrPrimitive", b::csrIssue, b::csrPrimitive,
                "CSR path / (1 verify + 1 sign)", Double.NaN),
            new Pair("csrIssueStoredH2", "csrPrimitive", b::csrIssueStoredH2, b::csrPrimitive,
                "+ H2 insert", Double.NaN),
            new Pair("keygenIssue", "keygenPrimitive", b::keygenIssue, b::keygenPrimitive,
                "overhead <= 10 %", 1.10),
            new Pair("keygenIssuePooled", "keygenPrimitive", b::keygenIssuePooled,
                b::keygenPrimitive, "overhead <= 10 % (pool refill runs in both slices)", 1.10),
            new Pair("keygenIssueP12", "keygenP12Primitive", b::keygenIssueP12,
                b::keygenP12Primitive, "(compare.sh path)", Double.NaN));
      }

      @Override
      public void close() throws IOException, SQLException {
        b.tearDown();
      }
    };
  }

  /**
   * The floors' own parts, provider against provider: would another JCA provider lift the ceiling?
   * ECDSA P-256 with SHA-256 over 500 bytes (a certificate's TBS is about that).
   */
  private static Group providers() throws Exception {
    KeyPair kp = Fixtures.ecKeyPair(new SecureRandom());
    byte[] data = new byte[500];
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(kp.getPrivate());
    s.update(data);
    byte[] sig = s.sign();
    Provider sun = Signature.getInstance("SHA256withECDSA").getProvider();
    Op sunSign = () -> sign(sun, kp, data);
    Op bcSign = () -> sign(Fixtures.BC, kp, data);
    Op sunVerify = () -> verify(sun, kp, data, sig);
    Op bcVerify = () -> verify(Fixtures.BC, kp, data, sig);
    return () -> List.of(
        new Pair("BC verify (Shomei's CSR check)", "SunEC verify", bcVerify, sunVerify,
            "provider choice", Double.NaN),
        new Pair("SunEC sign (the custody's)", "BC sign", sunSign, bcSign, "provider choice",
            Double.NaN));
  }

  private static byte[] sign(Provider p, KeyPair kp, byte[] data) throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA", p);
    s.initSign(kp.getPrivate());
    s.update(data);
    return s.sign();
  }

  private static Boolean verify(Provider p, KeyPair kp, byte[] data, byte[] sig)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA", p);
    s.initVerify(kp.getPublic());
    s.update(data);
    if (!s.verify(sig)) {
      throw new IllegalStateException("bad signature");
    }
    return Boolean.TRUE;
  }

  private static Group pkcs12() throws Exception {
    List<Pair> pairs = new ArrayList<>();
    for (String profile : List.of("COMPAT", "MODERN")) {
      Pkcs12Benchmark b = new Pkcs12Benchmark();
      b.profile = profile;
      b.setUp();
      pairs.add(new Pair("pack " + profile, "primitive " + profile, () -> {
        Pkcs12Result r = b.pack();
        if (!(r instanceof Pkcs12Result.Packaged)) {
          throw new IllegalStateException("refused: " + r);
        }
        return r;
      }, b::primitive, "<= 1.2x primitives", 1.2));
    }
    return () -> pairs;
  }

  private static Group login(boolean smoke) {
    LoginBenchmark b = new LoginBenchmark();
    b.certificates = smoke ? 16 : LoginBenchmark.CERTIFICATES;
    b.setUp();
    return new Group() {
      @Override
      public List<Pair> pairs() {
        return List.of(
            new Pair("accept (seen before)", "fingerprintPrimitive", b::accept,
                b::fingerprintPrimitive, "SHA-256 of the leaf", Double.NaN),
            new Pair("acceptStoredH2 (seen before)", "fingerprintPrimitive", b::acceptStoredH2,
                b::fingerprintPrimitive, "SHA-256 of the leaf; record read from H2", Double.NaN),
            new Pair("acceptFirstSight", "acceptPrimitive", b::acceptFirstSight,
                b::acceptPrimitive, "<= 0.4x decode + 1 JDK verify (before 0.2.0: 1.02x)", 0.4),
            new Pair("validateFirstSight (BC signatures)", "validateFirstSightJdk (old)",
                b::validateFirstSight, b::validateFirstSightJdk,
                "new / old path validation, fresh decode", Double.NaN),
            new Pair("mapShomei", "mapSpringRegex", b::mapShomei, b::mapSpringRegex,
                "Spring Security's CN regex", Double.NaN));
      }

      @Override
      public void close() throws IOException, SQLException {
        b.tearDown();
      }
    };
  }

  private static Group password() {
    PasswordBenchmark b = new PasswordBenchmark();
    return () -> List.of(
        new Pair("hash", "argon2Primitive", b::hash, b::argon2Primitive,
            "BC Argon2id alone", Double.NaN),
        new Pair("verify", "argon2Primitive", b::verify, b::argon2Primitive,
            "BC Argon2id alone", Double.NaN));
  }

  private static Group campaign(String db, int rows) throws Exception {
    CampaignBenchmark b = new CampaignBenchmark();
    b.db = db;
    b.rows = rows;
    b.setUp();
    return new Group() {
      @Override
      public List<Pair> pairs() {
        return List.of(new Pair("campaign " + db + " " + rows + " rows", "bareScan", b::campaign,
            b::bareScan, "time <= 1.25x (>= 0.8x throughput)", 1.25));
      }

      @Override
      public void close() throws IOException, SQLException {
        b.tearDown();
      }
    };
  }

  private static Group dashboard(int rows) throws Exception {
    CampaignDashboardBenchmark b = new CampaignDashboardBenchmark();
    b.rows = rows;
    b.setUp();
    return new Group() {
      @Override
      public List<Pair> pairs() {
        return List.of(new Pair("campaign dashboard h2 " + rows + " accounts", "campaign",
            b::dashboard, b::campaign, "time <= 1.25x the scan alone", 1.25));
      }

      @Override
      public void close() throws IOException, SQLException {
        b.tearDown();
      }
    };
  }

  /**
   * Issuance with the CA key in SoftHSM2, one thread, alternating with its floors (JMH's
   * {@link Pkcs11IssuanceBenchmark} gives the two-thread throughput).
   */
  private static Group pkcs11(String db) throws Exception {
    Pkcs11IssuanceBenchmark b = new Pkcs11IssuanceBenchmark();
    b.db = db;
    b.setUp();
    return new Group() {
      @Override
      public List<Pair> pairs() {
        return List.of(
            new Pair("custodySign " + db, "rawSign", b::custodySign, b::rawSign,
                "Pkcs11KeyCustody / plain SunPKCS11", Double.NaN),
            new Pair("csrIssue (not stored)", "csrPrimitive (BC verify + raw sign)",
                b::csrIssue, b::csrPrimitive, "CSR path / floor", Double.NaN),
            new Pair("csrIssueStored " + db, "csrIssue (not stored)", b::csrIssueStored,
                b::csrIssue, "the store's share", Double.NaN),
            new Pair("csrIssueStored " + db, "csrPrimitive (BC verify + raw sign)",
                b::csrIssueStored, b::csrPrimitive, "time <= 1.25x (>= 0.8x throughput)", 1.25),
            new Pair("csrIssueStored " + db, "csrStoredPrimitive (+ bare INSERT)",
                b::csrIssueStored, b::csrStoredPrimitive,
                "time <= 1.25x of the stored floor", 1.25),
            new Pair("keygenIssueStored " + db, "keygenPrimitive (keygen + raw sign)",
                b::keygenIssueStored, b::keygenPrimitive, "", Double.NaN));
      }

      @Override
      public void close() throws IOException, SQLException {
        b.tearDown();
      }
    };
  }

  /** OCSP answers from the store beside the raw signature and the record read they need. */
  private static Group ocsp(String db, int certificates) throws Exception {
    OcspBenchmark b = new OcspBenchmark();
    b.db = db;
    b.certificates = certificates;
    b.setUp();
    return new Group() {
      @Override
      public List<Pair> pairs() {
        return List.of(
            new Pair("ocsp answer " + db, "signPrimitive", b::answer, b::signPrimitive,
                "answer / (1 sign)", Double.NaN),
            new Pair("ocsp answer " + db, "lookupPrimitive", b::answer, b::lookupPrimitive,
                "answer / (1 read by serial)", Double.NaN));
      }

      @Override
      public void close() throws IOException, SQLException {
        b.tearDown();
      }
    };
  }
}
