package io.shomei.examples.benchmarks;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * The issue's throughput target: CSR-path issuances stored in H2 per second with two threads (the
 * machine's two cores), beside its floor run the same way (one CSR verification + one CA signature
 * per operation, two threads). The fixtures are {@link IssuanceBenchmark}'s, shared by both
 * threads: one issuer, one connection pool, a new user ID per certificate; no key pool (its
 * refill would compete with the two measured threads for the two cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class IssuanceThroughputBenchmark {
  private @Nullable IssuanceBenchmark fixture;

  /** Starts the shared fixtures. */
  @Setup(Level.Trial)
  public void setUp() {
    IssuanceBenchmark b = new IssuanceBenchmark();
    b.setUp(false);
    fixture = b;
  }

  /**
   * Stops them.
   *
   * @throws java.sql.SQLException if H2 cannot be shut down
   * @throws java.io.IOException if its files cannot be deleted
   */
  @TearDown(Level.Trial)
  public void tearDown() throws java.sql.SQLException, java.io.IOException {
    IssuanceBenchmark b = fixture;
    if (b != null) {
      b.tearDown();
    }
  }

  /**
   * CSR path + H2 insert.
   *
   * @return the store's answer
   */
  @Benchmark
  public Object csrIssueStoredH2() {
    return require().csrIssueStoredH2();
  }

  /**
   * One verify + one sign.
   *
   * @return the signature
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public byte[] csrPrimitive() throws GeneralSecurityException {
    return require().csrPrimitive();
  }

  private IssuanceBenchmark require() {
    IssuanceBenchmark b = fixture;
    if (b == null) {
      throw new IllegalStateException("not set up");
    }
    return b;
  }
}
