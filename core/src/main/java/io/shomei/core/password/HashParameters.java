package io.shomei.core.password;

/**
 * The algorithm and cost parameters of a password hash. Every encoded hash names its own parameters
 * (PHC string format), so a bank can raise them later: {@link PasswordHasher#needsRehash(String)}
 * tells which stored hashes to upgrade at the next successful login.
 *
 * <p>Both records accept any value a verifier may meet in stored data, up to hard caps that keep a
 * hostile or corrupt stored hash from exhausting memory or CPU. {@link #meetsOwaspMinimum()} says
 * whether the parameters are strong enough for {@link PasswordHasher#of}; weaker ones are only for
 * {@link PasswordHasher#insecureForTestsOnly}.
 *
 * @since 0.1.0
 */
public sealed interface HashParameters permits HashParameters.Argon2id, HashParameters.Pbkdf2Sha256 {

  /**
   * Whether these parameters reach the OWASP Password Storage Cheat Sheet minimum.
   *
   * @return {@code true} if they may be used to hash new passwords in production
   */
  boolean meetsOwaspMinimum();

  /**
   * The default: Argon2id with m = 19 MiB, t = 2, p = 1 (the OWASP minimum).
   *
   * @return the default Argon2id parameters
   */
  static Argon2id argon2idDefault() {
    return new Argon2id(19 * 1024, 2, 1);
  }

  /**
   * The alternative: PBKDF2-HMAC-SHA256 with 600,000 iterations (the OWASP minimum), for banks whose
   * rules require a FIPS-approved function.
   *
   * @return the default PBKDF2 parameters
   */
  static Pbkdf2Sha256 pbkdf2Default() {
    return new Pbkdf2Sha256(600_000);
  }

  /**
   * Argon2id (RFC 9106, version 0x13) parameters. Hashes are 32 bytes with a 16-byte salt.
   *
   * @param memoryKiB memory in KiB, {@code 8 * parallelism ..} {@value #MAX_MEMORY_KIB}
   * @param iterations passes over memory, {@code 1 ..} {@value #MAX_ITERATIONS}
   * @param parallelism lanes, {@code 1 ..} {@value #MAX_PARALLELISM}
   * @since 0.1.0
   */
  record Argon2id(int memoryKiB, int iterations, int parallelism) implements HashParameters {
    /** Largest memory accepted, in KiB (256 MiB). */
    public static final int MAX_MEMORY_KIB = 256 * 1024;
    /** Largest number of iterations accepted. */
    public static final int MAX_ITERATIONS = 64;
    /** Largest number of lanes accepted. */
    public static final int MAX_PARALLELISM = 16;

    /** Validates the ranges. */
    public Argon2id {
      if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
        throw new IllegalArgumentException("parallelism must be 1.." + MAX_PARALLELISM);
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
      }
      if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
        throw new IllegalArgumentException("memoryKiB must be 8*parallelism.." + MAX_MEMORY_KIB);
      }
    }

    /**
     * {@inheritDoc}
     *
     * <p>True for any of the cheat sheet's equivalent configurations, with at least their memory
     * and iterations: (46 MiB, 1), (19 MiB, 2), (12 MiB, 3), (9 MiB, 4), (7 MiB, 5).
     */
    @Override
    public boolean meetsOwaspMinimum() {
      int[][] table = {{47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5}};
      for (int[] row : table) {
        if (memoryKiB >= row[0] && iterations >= row[1]) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * PBKDF2 with HMAC-SHA256. Hashes are 32 bytes with a 16-byte salt.
   *
   * @param iterations the iteration count, {@code 1 ..} {@value #MAX_ITERATIONS}
   * @since 0.1.0
   */
  record Pbkdf2Sha256(int iterations) implements HashParameters {
    /** Largest iteration count accepted. */
    public static final int MAX_ITERATIONS = 10_000_000;

    /** Validates the range. */
    public Pbkdf2Sha256 {
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
      }
    }

    /**
     * {@inheritDoc}
     *
     * <p>True from 600,000 iterations.
     */
    @Override
    public boolean meetsOwaspMinimum() {
      return iterations >= 600_000;
    }
  }
}
