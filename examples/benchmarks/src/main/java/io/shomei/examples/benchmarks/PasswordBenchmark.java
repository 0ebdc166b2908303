package io.shomei.examples.benchmarks;

import io.shomei.spi.Secret;
import io.shomei.core.password.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Password hashing with the default Argon2id (m = 19 MiB, t = 2, p = 1) beside its floor
 * ({@code argon2Primitive}): one call of Bouncy Castle's {@code Argon2BytesGenerator} with the same
 * parameters, salt and output length. compare.sh sets the same work beside the native argon2 CLI.
 *
 * <p>The fork gets a fixed, pre-touched heap, as a server would run: each hash allocates 19 MiB, and
 * while a default heap is still growing the kernel's first touch of every new region is charged to
 * the hashing thread (65-100 ms a hash instead of 25-30 ms on the machine of BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class PasswordBenchmark {
  private static final String PASSWORD = "correct-Horse-7-battery";

  private final SecureRandom random = new SecureRandom();
  private final PasswordHasher hasher = PasswordHasher.argon2id(random);
  private final String encoded = hasher.hash(Secret.of(PASSWORD));
  private final byte[] salt = new byte[16];

  /** Draws the primitive's salt. */
  public PasswordBenchmark() {
    random.nextBytes(salt);
  }

  /**
   * {@link PasswordHasher#hash}.
   *
   * @return the encoded hash
   */
  @Benchmark
  public String hash() {
    return hasher.hash(Secret.of(PASSWORD));
  }

  /**
   * {@link PasswordHasher#verify}.
   *
   * @return whether it matched
   */
  @Benchmark
  public boolean verify() {
    if (!hasher.verify(Secret.of(PASSWORD), encoded)) {
      throw new IllegalStateException("the password must verify");
    }
    return true;
  }

  /**
   * Bouncy Castle's Argon2id, same parameters.
   *
   * @return the 32-byte hash
   */
  @Benchmark
  public byte[] argon2Primitive() {
    return argon2(PASSWORD.getBytes(StandardCharsets.UTF_8), salt);
  }

  static byte[] argon2(byte[] password, byte[] salt) {
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(19 * 1024).withIterations(2).withParallelism(1).withSalt(salt).build());
    byte[] out = new byte[32];
    g.generateBytes(password, out);
    return out;
  }
}
