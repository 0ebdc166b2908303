package io.shomei.core.password;

import static io.shomei.core.internal.SetOnce.once;

import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.CredentialStore.UpdateResult;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Throttling and lockout of the two passwords of an account, and the operator actions that undo a
 * lock. Every change is one {@link CredentialStore#update}, atomic in the store, so concurrent
 * attempts are all counted.
 *
 * <p>How a host checks a password:
 *
 * <pre>{@code
 * Admission a = lockout.admit(account, PasswordKind.LOGIN);
 * if (!(a instanceof Admission.Admitted ok)) {
 *   hasher.dummyVerify(attempt);                 // same time whatever the refusal
 *   return refuse(a);                            // typed reason: Locked, Expired, NoAccount, ...
 * }
 * String stored = ok.record().loginPassword().hash();
 * if (hasher.verifyAndUpgrade(attempt, stored) instanceof Verification.Match m) {
 *   Admission done = lockout.recordSuccess(account, PasswordKind.LOGIN, stored, m.upgradedHash());
 *   // done is authoritative: a lock or consumption may have happened meanwhile
 * } else {
 *   FailureResult f = lockout.recordFailure(account, PasswordKind.LOGIN);
 * }
 * }</pre>
 *
 * <h2>Two kinds of lock</h2>
 *
 * <p>The <b>login password</b> is checked only after a certificate step, that is only for someone
 * whose TLS handshake proved possession of the account's private key. Its lock is permanent: at
 * the threshold it locks, and only an operator unlocks it.
 *
 * <p>The <b>acquisition path</b> (login password plus acquisition password, typed without any
 * certificate) is open to anyone who knows a user ID, so a permanent lock there would let a
 * stranger disable the account (issue 18). Its failures have their own counter
 * ({@link CredentialRecord#acquisitionFailures()}; nothing on this path touches the login
 * password's counter or lock), and its lock decays with time: at the threshold the path locks for
 * {@link Builder#acquisitionLockDelays first delay}, each failure after a lock lapsed locks it again
 * for twice as long, up to the maximum delay, and at {@value #MAX_ACQUISITION_FAILURES} consecutive
 * failures (the ceiling of NIST SP 800-63B &sect;5.2.2) it stays locked until an operator issues a
 * new acquisition password. A success resets the counter. With the defaults (threshold 5, 1 minute
 * doubling up to 1 hour) a guesser gets at most 100 guesses, spread over about four days, and
 * never more than one per hour after the first dozen; the customer waits at most an hour after
 * someone else's failures, and certificate login is never affected.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Each failure is counted exactly once, under any concurrency; the lock engages at exactly the
 *       threshold, and exactly one {@link #recordFailure} call returns
 *       {@link FailureResult.LockedNow} for each lock.
 *   <li>While locked, a correct password gets {@link Admission.Locked}, and failures do not change
 *       the counter. A login lock and a lock of the acquisition path after
 *       {@value #MAX_ACQUISITION_FAILURES} failures end only by an operator action; any other
 *       acquisition lock ends by itself ({@link #lockedUntil}).
 *   <li>A {@link AcquisitionMode#ONE_TIME} acquisition password is consumed by exactly one
 *       successful {@link #recordSuccess}, however many run at once.
 * </ul>
 *
 * <p>Thread-safe; the state lives only in the store.
 *
 * @since 0.1.0
 */
public final class CredentialLockout {
  /**
   * Consecutive failures on the acquisition path after which its lock no longer decays: the most
   * NIST SP 800-63B &sect;5.2.2 allows on one account.
   *
   * @since 0.2.0
   */
  public static final int MAX_ACQUISITION_FAILURES = 100;

  /**
   * The default first lock of the acquisition path.
   *
   * @since 0.2.0
   */
  public static final Duration DEFAULT_FIRST_ACQUISITION_DELAY = Duration.ofMinutes(1);

  /**
   * The default longest lock of the acquisition path (before {@link #MAX_ACQUISITION_FAILURES}).
   *
   * @since 0.2.0
   */
  public static final Duration DEFAULT_MAX_ACQUISITION_DELAY = Duration.ofHours(1);

  private final CredentialStore store;
  private final Clock clock;
  private final int threshold;
  private final AcquisitionMode acquisitionMode;
  private final Duration firstDelay;
  private final Duration maxDelay;

  private CredentialLockout(Builder b, CredentialStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.threshold = b.threshold == null ? PasswordPolicy.DEFAULT_LOCKOUT_THRESHOLD : b.threshold;
    this.acquisitionMode = b.mode == null ? AcquisitionMode.REUSABLE : b.mode;
    this.firstDelay = b.firstDelay == null ? DEFAULT_FIRST_ACQUISITION_DELAY : b.firstDelay;
    this.maxDelay = b.maxDelay == null ? DEFAULT_MAX_ACQUISITION_DELAY : b.maxDelay;
  }

  /**
   * A new builder; {@link Builder#store} and {@link Builder#clock} are required.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The lockout threshold.
   *
   * @return consecutive failures that lock a password
   */
  public int threshold() {
    return threshold;
  }

  /**
   * The acquisition password mode.
   *
   * @return the mode
   */
  public AcquisitionMode acquisitionMode() {
    return acquisitionMode;
  }

  /**
   * Whether a password may be tried now (read only). Check before verifying, so a locked account
   * costs no hash; the answer of {@link #recordSuccess} is still the one that counts.
   *
   * @param account the account
   * @param kind which password
   * @return {@link Admission.Admitted} with the current record, or why not
   */
  public Admission admit(AccountKey account, PasswordKind kind) {
    Optional<CredentialRecord> r = store.find(account);
    return r.isEmpty() ? new Admission.NoAccount(account) : admission(r.get(), kind, clock.instant());
  }

  private Admission admission(CredentialRecord r, PasswordKind kind, Instant now) {
    if (kind == PasswordKind.LOGIN) {
      Instant locked = r.loginLockedAt();
      if (locked != null) {
        return new Admission.Locked(locked);
      }
      LoginPassword p = r.loginPassword();
      if (p == null) {
        return new Admission.NoPassword(kind);
      }
      Instant expires = p.expiresAt();
      if (expires != null && !now.isBefore(expires)) {
        return new Admission.Expired(expires);
      }
      return new Admission.Admitted(r);
    }
    Instant locked = r.acquisitionLockedAt();
    if (locked != null && lockedNow(r, false, now)) {
      return new Admission.Locked(locked);
    }
    AcquisitionPassword p = r.acquisitionPassword();
    if (p == null) {
      return new Admission.NoPassword(kind);
    }
    Instant consumed = p.consumedAt();
    if (acquisitionMode == AcquisitionMode.ONE_TIME && consumed != null) {
      return new Admission.Consumed(consumed);
    }
    return new Admission.Admitted(r);
  }

  /**
   * Counts a wrong password. At the threshold the password is locked.
   *
   * @param account the account
   * @param kind which password
   * @return {@link FailureResult.Counted}, {@link FailureResult.LockedNow},
   *     {@link FailureResult.AlreadyLocked} or {@link FailureResult.NoAccount}
   * @throws StorageException on storage failure or endless conflicts
   */
  public FailureResult recordFailure(AccountKey account, PasswordKind kind) {
    boolean login = kind == PasswordKind.LOGIN;
    Instant now = clock.instant();
    UpdateResult r = store.update(account, current -> {
      if (lockedNow(current, login, now)) {
        return current;
      }
      int n = failures(current, login) + 1;
      Instant lockAt = n >= threshold ? now : null;
      return login
          ? current.withLoginFailures(n, lockAt)
          : current.withAcquisition(current.acquisitionPassword(), n, lockAt);
    });
    if (r instanceof UpdateResult.Updated u) {
      int n = failures(u.after(), login);
      Instant lockAt = lockedAt(u.after(), login);
      return lockAt != null
          ? new FailureResult.LockedNow(n, lockAt)
          : new FailureResult.Counted(n, threshold - n);
    }
    if (r instanceof UpdateResult.Unchanged u) {
      return new FailureResult.AlreadyLocked(Objects.requireNonNull(lockedAt(u.current(), login)));
    }
    return new FailureResult.NoAccount(account);
  }

  private static @Nullable Instant lockedAt(CredentialRecord r, boolean login) {
    return login ? r.loginLockedAt() : r.acquisitionLockedAt();
  }

  /** Whether a lock is in force at {@code now}: a login lock always, an acquisition lock until it lapses. */
  private boolean lockedNow(CredentialRecord r, boolean login, Instant now) {
    if (login) {
      return r.loginLockedAt() != null;
    }
    Instant until = acquisitionLockEnd(r);
    return r.acquisitionLockedAt() != null && (until == null || now.isBefore(until));
  }

  /**
   * When the acquisition path's lock lapses: {@code null} for a lock only an operator ends (or
   * no lock at all).
   */
  private @Nullable Instant acquisitionLockEnd(CredentialRecord r) {
    Instant at = r.acquisitionLockedAt();
    int n = r.acquisitionFailures();
    if (at == null || n >= MAX_ACQUISITION_FAILURES) {
      return null;
    }
    return at.plus(acquisitionDelay(n));
  }

  /**
   * The lock after {@code failures} consecutive failures on the acquisition path: the first delay
   * at the threshold, doubled for each failure beyond it, at most the maximum delay.
   *
   * @param failures consecutive failures, at least the threshold
   * @return the delay
   * @since 0.2.0
   */
  public Duration acquisitionDelay(int failures) {
    int doublings = Math.max(0, failures - threshold);
    Duration d = firstDelay;
    for (int i = 0; i < doublings && d.compareTo(maxDelay) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  /**
   * Until when a password is locked, as of the record given.
   *
   * @param r the record
   * @param kind which password (for {@link PasswordKind#ACQUISITION}: the acquisition path)
   * @return empty if it is not locked at the clock's instant; {@link Instant#MAX} for a lock only
   *     an operator ends; otherwise the instant the lock lapses
   * @since 0.2.0
   */
  public Optional<Instant> lockedUntil(CredentialRecord r, PasswordKind kind) {
    boolean login = kind == PasswordKind.LOGIN;
    if (!lockedNow(r, login, clock.instant())) {
      return Optional.empty();
    }
    Instant end = login ? null : acquisitionLockEnd(r);
    return Optional.of(end == null ? Instant.MAX : end);
  }

  private static int failures(CredentialRecord r, boolean login) {
    return login ? r.loginFailures() : r.acquisitionFailures();
  }

  /**
   * Records a correct password: resets the failure counter, stores an upgraded hash if given, and
   * consumes a {@link AcquisitionMode#ONE_TIME} acquisition password. Refuses (and changes
   * nothing) if the password got locked, expired, consumed or replaced since it was read.
   *
   * @param account the account
   * @param kind which password
   * @param verifiedHash the stored hash the password was verified against
   * @param upgradedHash a rehash to store instead ({@link Verification.Match#upgradedHash()})
   * @return {@link Admission.Admitted} with the stored record, or the refusal
   * @throws StorageException on storage failure or endless conflicts
   */
  public Admission recordSuccess(
      AccountKey account, PasswordKind kind, String verifiedHash, Optional<String> upgradedHash) {
    Objects.requireNonNull(verifiedHash, "verifiedHash");
    Instant now = clock.instant();
    UpdateResult r = store.update(account, current -> {
      if (refusal(current, kind, verifiedHash, now) != null) {
        return current;
      }
      CredentialRecord next;
      if (kind == PasswordKind.LOGIN) {
        LoginPassword p = Objects.requireNonNull(current.loginPassword());
        LoginPassword stored = upgradedHash
            .map(h -> new LoginPassword(h, p.temporary(), p.setAt(), p.expiresAt()))
            .orElse(p);
        next = current.withLogin(stored, current.passwordHistory(), 0, null);
      } else {
        AcquisitionPassword p = Objects.requireNonNull(current.acquisitionPassword());
        AcquisitionPassword stored = upgradedHash
            .map(h -> new AcquisitionPassword(h, p.issuedAt(), p.consumedAt()))
            .orElse(p);
        if (acquisitionMode == AcquisitionMode.ONE_TIME) {
          stored = stored.consumed(now);
        }
        next = current.withAcquisition(stored, 0, null);
      }
      return next.equals(current) ? current : next;
    });
    if (r instanceof UpdateResult.Updated u) {
      return new Admission.Admitted(u.after());
    }
    if (r instanceof UpdateResult.Unchanged u) {
      Admission refused = refusal(u.current(), kind, verifiedHash, now);
      return refused != null ? refused : new Admission.Admitted(u.current());
    }
    return new Admission.NoAccount(account);
  }

  /** Why a correct password cannot be recorded on this record, or {@code null} if it can. */
  private @Nullable Admission refusal(CredentialRecord current, PasswordKind kind,
      String verifiedHash, Instant now) {
    Admission a = admission(current, kind, now);
    if (!(a instanceof Admission.Admitted)) {
      return a;
    }
    String hash = kind == PasswordKind.LOGIN
        ? Objects.requireNonNull(current.loginPassword()).hash()
        : Objects.requireNonNull(current.acquisitionPassword()).hash();
    return hash.equals(verifiedHash) ? null : new Admission.Superseded();
  }

  /**
   * Records a correct password whose stored hash needs no upgrade.
   *
   * @param account the account
   * @param kind which password
   * @param verifiedHash the stored hash the password was verified against
   * @return {@link Admission.Admitted} with the stored record, or the refusal
   */
  public Admission recordSuccess(AccountKey account, PasswordKind kind, String verifiedHash) {
    return recordSuccess(account, kind, verifiedHash, Optional.empty());
  }

  /**
   * Operator: unlocks the login password and resets its counter (the password stays).
   *
   * @param account the account
   * @return {@link OperatorResult.Done} or {@link OperatorResult.NoAccount}
   */
  public OperatorResult unlockLogin(AccountKey account) {
    return operator(account, current -> current.withLoginFailures(0, null));
  }

  /**
   * Operator: sets a new login password (typically a temporary one, for a customer who forgot
   * theirs), unlocks and resets the counter. A replaced permanent password goes to the history.
   *
   * @param account the account
   * @param password the new login password state
   * @return {@link OperatorResult.Done} or {@link OperatorResult.NoAccount}
   */
  public OperatorResult resetLoginPassword(AccountKey account, LoginPassword password) {
    Objects.requireNonNull(password, "password");
    return operator(account, current -> {
      List<String> history = new ArrayList<>(current.passwordHistory());
      LoginPassword old = current.loginPassword();
      if (old != null && !old.temporary()) {
        history.add(0, old.hash());
      }
      while (history.size() > CredentialRecord.MAX_HISTORY) {
        history.remove(history.size() - 1);
      }
      return current.withLogin(password, history, 0, null);
    });
  }

  /**
   * Operator: issues a new acquisition password (the only way to undo an acquisition lock, MISSION
   * R7), resetting counter, lock and consumption.
   *
   * @param account the account
   * @param newHash the encoded hash of the new acquisition password
   * @return {@link OperatorResult.Done} or {@link OperatorResult.NoAccount}
   */
  public OperatorResult resetAcquisitionPassword(AccountKey account, String newHash) {
    if (!PasswordHasher.isSupported(newHash)) {
      throw new IllegalArgumentException("not a supported password hash");
    }
    Instant now = clock.instant();
    return operator(account, current -> current.withAcquisition(
        new AcquisitionPassword(newHash, now, null), 0, null));
  }

  private OperatorResult operator(AccountKey account, UnaryOperator<CredentialRecord> change) {
    UpdateResult r = store.update(account, change);
    if (r instanceof UpdateResult.Updated u) {
      return new OperatorResult.Done(u.after());
    }
    if (r instanceof UpdateResult.Unchanged u) {
      return new OperatorResult.Done(u.current());
    }
    return new OperatorResult.NoAccount(account);
  }

  @Override
  public String toString() {
    return "CredentialLockout[threshold=" + threshold + ", acquisitionMode=" + acquisitionMode
        + ", acquisitionLockDelays=" + firstDelay + ".." + maxDelay + "]";
  }

  /**
   * Builds a {@link CredentialLockout}. Each setter may be called once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable CredentialStore store;
    private @Nullable Clock clock;
    private @Nullable Integer threshold;
    private @Nullable AcquisitionMode mode;
    private @Nullable Duration firstDelay;
    private @Nullable Duration maxDelay;

    private Builder() {}

    /**
     * How long the acquisition path stays locked (default
     * {@link #DEFAULT_FIRST_ACQUISITION_DELAY} doubling up to {@link #DEFAULT_MAX_ACQUISITION_DELAY}):
     * {@code first} at the threshold, twice as long after each further failure, at most
     * {@code max}. At {@link #MAX_ACQUISITION_FAILURES} failures the lock no longer lapses.
     *
     * @param first the first lock, at least one second
     * @param max the longest lock, at least {@code first} and at most one day
     * @return this builder
     * @since 0.2.0
     */
    public Builder acquisitionLockDelays(Duration first, Duration max) {
      once(firstDelay, "acquisitionLockDelays");
      if (first.compareTo(Duration.ofSeconds(1)) < 0 || max.compareTo(first) < 0
          || max.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("need 1 s <= first <= max <= 1 day");
      }
      this.firstDelay = first;
      this.maxDelay = max;
      return this;
    }

    /**
     * The credential store (required).
     *
     * @param credentialStore the store
     * @return this builder
     */
    public Builder store(CredentialStore credentialStore) {
      once(store, "store");
      this.store = Objects.requireNonNull(credentialStore, "credentialStore");
      return this;
    }

    /**
     * The clock for lock and consumption instants (required).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      once(clock, "clock");
      this.clock = Objects.requireNonNull(c, "c");
      return this;
    }

    /**
     * Consecutive failures that lock (default {@value PasswordPolicy#DEFAULT_LOCKOUT_THRESHOLD}; or
     * take {@link PasswordPolicy#lockoutThreshold()}).
     *
     * @param failures 1..100
     * @return this builder
     */
    public Builder threshold(int failures) {
      once(threshold, "threshold");
      if (failures < 1 || failures > 100) {
        throw new IllegalArgumentException("threshold must be 1..100");
      }
      this.threshold = failures;
      return this;
    }

    /**
     * The acquisition password mode (default {@link AcquisitionMode#REUSABLE}).
     *
     * @param m the mode
     * @return this builder
     */
    public Builder acquisitionMode(AcquisitionMode m) {
      once(mode, "acquisitionMode");
      this.mode = Objects.requireNonNull(m, "m");
      return this;
    }

    /**
     * Builds.
     *
     * @return the service
     * @throws IllegalStateException if the store or the clock is missing
     */
    public CredentialLockout build() {
      CredentialStore s = store;
      Clock c = clock;
      if (s == null || c == null) {
        throw new IllegalStateException("store and clock are required");
      }
      return new CredentialLockout(this, s, c);
    }
  }
}
