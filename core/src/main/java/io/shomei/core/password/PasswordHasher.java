package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Hashes and verifies passwords: Argon2id (default) or PBKDF2-HMAC-SHA256, encoded as PHC strings
 * that carry their own parameters.
 *
 * <pre>{@code
 * PasswordHasher hasher = PasswordHasher.argon2id(new SecureRandom());
 * String stored = hasher.hash(password);            // $argon2id$v=19$m=19456,t=2,p=1$...$...
 * boolean ok = hasher.verify(attempt, stored);
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>The password is hashed as UTF-8 from arrays that are wiped after use; it never becomes a
 *       {@link String}. No exception message contains a password or a hash.
 *   <li>The derived bytes are compared in constant time ({@link MessageDigest#isEqual}).
 *   <li>Input longer than {@value #MAX_PASSWORD_LENGTH} chars is refused, never truncated:
 *       {@link #hash} throws and {@link #verify} returns {@code false} without hashing (no
 *       hash-flooding). Characters are hashed exactly as given: no case folding, no Unicode
 *       normalisation (passwords are case-sensitive, MISSION L6).
 *   <li>{@link #dummyVerify(Secret)} costs what a real verification costs, for accounts that do not
 *       exist, so response time does not reveal which user IDs are valid.
 *   <li>Stored hashes are parsed strictly and their parameters are capped (see
 *       {@link HashParameters}), so a corrupt or hostile stored hash cannot exhaust memory.
 *   <li>At most {@link #concurrencyLimit()} hash computations run at once (default: one per
 *       processor), whatever the number of request threads: an Argon2id computation holds its
 *       whole memory cost until it ends, so without a bound a flood of anonymous attempts could
 *       exhaust the heap. A caller that finds every slot taken waits in line (first come, first
 *       served) up to {@link #maxWait()}, then gets {@link HashingBusyException}: nothing was
 *       verified or counted, and the host answers "busy, try again". Known and unknown accounts,
 *       real and dummy verifications wait in the same line.
 * </ul>
 *
 * <p>Verification accepts any supported algorithm and parameters, whatever this hasher produces;
 * {@link #needsRehash(String)} (or {@link #verifyAndUpgrade}) tells when a stored hash should be
 * replaced. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PasswordHasher {
  /** Longest password accepted, in chars. Longer input is refused, never truncated. */
  public static final int MAX_PASSWORD_LENGTH = Verifier.MAX_PASSWORD_LENGTH;

  /**
   * How long a caller waits for a hashing slot by default before {@link HashingBusyException}: two
   * seconds.
   *
   * @since 0.2.0
   */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);

  private final HashParameters parameters;
  private final SecureRandom random;
  private final HashingGate gate;
  private volatile @Nullable String dummyHash;

  private PasswordHasher(HashParameters parameters, SecureRandom random, HashingGate gate) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.random = Objects.requireNonNull(random, "random");
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  private PasswordHasher(HashParameters parameters, SecureRandom random) {
    this(parameters, random, new HashingGate(
        Math.max(1, Runtime.getRuntime().availableProcessors()), DEFAULT_MAX_WAIT));
  }

  /**
   * Argon2id with the OWASP minimum parameters (m = 19 MiB, t = 2, p = 1), the recommended default.
   *
   * @param random the salt source
   * @return the hasher
   */
  public static PasswordHasher argon2id(SecureRandom random) {
    return new PasswordHasher(HashParameters.argon2idDefault(), random);
  }

  /**
   * PBKDF2-HMAC-SHA256 with 600,000 iterations, for hosts that must use a FIPS-approved function.
   *
   * @param random the salt source
   * @return the hasher
   */
  public static PasswordHasher pbkdf2Sha256(SecureRandom random) {
    return new PasswordHasher(HashParameters.pbkdf2Default(), random);
  }

  /**
   * A hasher with chosen parameters, at least the OWASP minimum.
   *
   * @param parameters the parameters for new hashes
   * @param random the salt source
   * @return the hasher
   * @throws IllegalArgumentException if the parameters are below the OWASP minimum
   */
  public static PasswordHasher of(HashParameters parameters, SecureRandom random) {
    if (!parameters.meetsOwaspMinimum()) {
      throw new IllegalArgumentException(
          "parameters below the OWASP minimum: " + parameters + " (tests: insecureForTestsOnly)");
    }
    return new PasswordHasher(parameters, random);
  }

  /**
   * <strong>For tests only:</strong> a hasher with any parameters, however weak (for example
   * {@code new HashParameters.Argon2id(64, 1, 1)}) so test suites stay fast. Never use in
   * production: hashes made this way can be brute-forced. They are flagged by
   * {@link #needsRehash(String)} of any production hasher.
   *
   * @param parameters the parameters for new hashes
   * @param random the salt source
   * @return the hasher
   */
  public static PasswordHasher insecureForTestsOnly(HashParameters parameters, SecureRandom random) {
    return new PasswordHasher(parameters, random);
  }

  /**
   * The parameters used for new hashes.
   *
   * @return the parameters
   */
  public HashParameters parameters() {
    return parameters;
  }

  /**
   * The same hasher with another bound on concurrent hash computations. Size it from the memory
   * a host can spare: each running Argon2id computation holds {@code memoryKiB} (19 MiB by
   * default); more slots than processors add memory, not throughput.
   *
   * @param maxConcurrent the most computations at once, at least 1
   * @param maxWait how long a caller waits for a slot before {@link HashingBusyException}
   *     ({@link Duration#ZERO}: never waits)
   * @return a new hasher with its own slots; this one is unchanged
   * @throws IllegalArgumentException if {@code maxConcurrent < 1} or {@code maxWait} is negative
   * @since 0.2.0
   */
  public PasswordHasher withConcurrencyLimit(int maxConcurrent, Duration maxWait) {
    return new PasswordHasher(parameters, random,
        new HashingGate(maxConcurrent, Objects.requireNonNull(maxWait, "maxWait")));
  }

  /**
   * The most hash computations this hasher runs at once.
   *
   * @return the bound
   * @since 0.2.0
   */
  public int concurrencyLimit() {
    return gate.limit();
  }

  /**
   * How long a caller waits for a hashing slot before {@link HashingBusyException}.
   *
   * @return the wait
   * @since 0.2.0
   */
  public Duration maxWait() {
    return gate.maxWait();
  }

  /** The gate, for tests in this package. */
  HashingGate gate() {
    return gate;
  }

  /**
   * Hashes a password with a fresh random salt.
   *
   * @param password the password (not destroyed)
   * @return the PHC string
   * @throws IllegalArgumentException if the password is empty, longer than
   *     {@value #MAX_PASSWORD_LENGTH} chars, or holds an unpaired surrogate
   * @throws HashingBusyException if no hashing slot became free within {@link #maxWait()}
   */
  public String hash(Secret password) {
    int length = password.length();
    if (length == 0 || length > MAX_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "password length must be 1.." + MAX_PASSWORD_LENGTH + " chars");
    }
    if (!Utf8.encodable(password)) {
      throw new IllegalArgumentException("password is not valid UTF-16 (unpaired surrogate)");
    }
    byte[] salt = new byte[Phc.SALT_LENGTH];
    random.nextBytes(salt);
    byte[] out;
    gate.enter();
    try {
      out = Kdf.derive(parameters, password, salt, Phc.HASH_LENGTH);
    } finally {
      gate.exit();
    }
    try {
      return Phc.encode(parameters, salt, out);
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  /**
   * Whether the password matches the encoded hash.
   *
   * @param password the attempt (not destroyed)
   * @param encoded the stored PHC string
   * @return {@code true} on a match; {@code false} otherwise, also for an empty or too long password
   * @throws IllegalArgumentException if {@code encoded} is not a supported, well-formed hash (stored
   *     data is corrupt); the message does not contain it
   * @throws HashingBusyException if no hashing slot became free within {@link #maxWait()}
   */
  public boolean verify(Secret password, String encoded) {
    Phc.Parsed parsed = Phc.parse(encoded)
        .orElseThrow(() -> new IllegalArgumentException("not a supported password hash"));
    gate.enter();
    try {
      return Verifier.matches(password, parsed);
    } finally {
      gate.exit();
    }
  }

  /**
   * Verifies and, on a match, rehashes when the stored hash is weaker than this hasher's parameters
   * (upgrade at successful login). The caller stores {@link Verification.Match#upgradedHash()} if
   * present.
   *
   * @param password the attempt (not destroyed)
   * @param encoded the stored PHC string
   * @return {@link Verification.Match} or {@link Verification.Mismatch}
   * @throws IllegalArgumentException if {@code encoded} is not a supported, well-formed hash
   * @throws HashingBusyException if no hashing slot became free within {@link #maxWait()}
   */
  public Verification verifyAndUpgrade(Secret password, String encoded) {
    if (!verify(password, encoded)) {
      return new Verification.Mismatch();
    }
    return new Verification.Match(needsRehash(encoded) ? Optional.of(hash(password)) : Optional.empty());
  }

  /**
   * Spends the time of one verification and returns {@code false}; call it when the account does
   * not exist (or has no password) so that the answer time does not tell whether it exists.
   *
   * @param password the attempt (not destroyed)
   * @return always {@code false}
   * @throws HashingBusyException if no hashing slot became free within {@link #maxWait()}, as for
   *     a real verification
   */
  public boolean dummyVerify(Secret password) {
    String dummy = dummyHash;
    if (dummy == null) {
      synchronized (this) {
        dummy = dummyHash;
        if (dummy == null) {
          char[] random = new char[32];
          for (int i = 0; i < random.length; i++) {
            random[i] = (char) ('a' + this.random.nextInt(26));
          }
          try (Secret s = Secret.wrap(random)) {
            dummy = hash(s);
          }
          dummyHash = dummy;
        }
      }
    }
    verify(password, dummy); // the result is meaningless: only the time spent matters
    return false;
  }

  /**
   * Whether a stored hash should be replaced by one with this hasher's algorithm and parameters.
   *
   * @param encoded the stored PHC string
   * @return {@code true} if its algorithm or any parameter differs from this hasher's, or if it is
   *     not a supported, well-formed hash at all
   */
  public boolean needsRehash(String encoded) {
    Optional<Phc.Parsed> parsed = Phc.parse(encoded);
    if (parsed.isEmpty()) {
      return true;
    }
    Phc.Parsed p = parsed.get();
    return !p.parameters().equals(parameters)
        || p.hash().length != Phc.HASH_LENGTH
        || p.salt().length != Phc.SALT_LENGTH;
  }

  /**
   * Whether a verifier could ever accept this attempt: 1..{@value #MAX_PASSWORD_LENGTH} chars of
   * valid UTF-16. Checks the input only, in time independent of any stored state, so an engine can
   * refuse out-of-range input before it looks an account up.
   *
   * @param password the attempt (not destroyed)
   * @return {@code false} for input every verification refuses without hashing
   * @since 0.2.0
   */
  public static boolean verifiable(Secret password) {
    int length = password.length();
    return length > 0 && length <= MAX_PASSWORD_LENGTH && Utf8.encodable(password);
  }

  /**
   * Whether a string is a supported, well-formed encoded hash.
   *
   * @param encoded the string
   * @return {@code true} if {@link #verify} would accept it
   */
  public static boolean isSupported(String encoded) {
    return Phc.parse(encoded).isPresent();
  }

  @Override
  public String toString() {
    return "PasswordHasher[" + parameters + ", concurrency=" + gate.limit() + "]";
  }
}
