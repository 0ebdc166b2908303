package io.shomei.core;

import io.shomei.core.password.Admission;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.FailureResult;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordKind;
import io.shomei.core.password.Verification;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.LoginPassword;
import io.shomei.spi.Secret;
import io.shomei.spi.StorageException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one way an engine checks the secrets a caller typed: admit each, verify each (or do the same
 * work on nothing), count each wrong one, and say what may be disclosed. Login checks the login
 * password alone; acquisition checks the login and the acquisition password together. Because
 * both go through here, an unknown account, a locked login password and a wrong password cost the
 * same number of hash verifications in both, and neither can tell a caller more than the other.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>Nothing is verified (every attempt gets a dummy verification instead) when the account or
 *       one of the asked passwords does not exist, when the login password is locked, or when the
 *       record changed between admissions: {@link Outcome.Unverified}, and nothing is counted.
 *   <li>A locked acquisition password is not verified (a dummy verification instead) and not
 *       counted, but the other secrets are; if they all match, the lock is reported in
 *       {@link Outcome.Matched#locked()} — told only to someone who knew every checkable secret.
 *   <li>Every other wrong secret is counted against its own password ({@link Outcome.Mismatched}).
 *   <li>Success is not recorded here: the engine decides, after its own checks, whether the
 *       attempt succeeded ({@link CredentialLockout#recordSuccess}).
 * </ul>
 */
final class SecretCheck {
  private final CredentialLockout lockout;
  private final PasswordHasher hasher;
  private final CredentialStore credentials;

  SecretCheck(CredentialLockout lockout, PasswordHasher hasher, CredentialStore credentials) {
    this.lockout = lockout;
    this.hasher = hasher;
    this.credentials = credentials;
  }

  /** What checking the secrets found. */
  sealed interface Outcome {
    /**
     * Nothing was verified (the same work was done on nothing) and nothing was counted.
     *
     * @param cause for the audit trail only: {@code no-account}, {@code no-password},
     *     {@code login-locked} or {@code changed-concurrently}
     */
    record Unverified(String cause) implements Outcome {}

    /**
     * At least one secret was wrong; each wrong one was counted against its password.
     *
     * @param failures what counting did, per password that was wrong (in check order)
     */
    record Mismatched(Map<PasswordKind, FailureResult> failures) implements Outcome {
      public Mismatched {
        failures = copy(failures);
      }
    }

    /**
     * Every secret that could be checked matched.
     *
     * @param record the account's record as admitted
     * @param admissions each password's admission (Expired and Consumed are the engine's to judge)
     * @param matches each verified password's match (with an upgraded hash where one is due)
     * @param locked passwords that were locked and therefore not verified
     */
    record Matched(CredentialRecord record, Map<PasswordKind, Admission> admissions,
        Map<PasswordKind, Verification.Match> matches, Set<PasswordKind> locked)
        implements Outcome {
      public Matched {
        admissions = copy(admissions);
        matches = copy(matches);
        locked = Collections.unmodifiableSet(locked.isEmpty()
            ? EnumSet.noneOf(PasswordKind.class) : EnumSet.copyOf(locked));
      }

      /** The stored hash a matched password was verified against. */
      String hash(PasswordKind kind) {
        return switch (kind) {
          case LOGIN -> Objects.requireNonNull(record.loginPassword()).hash();
          case ACQUISITION -> Objects.requireNonNull(record.acquisitionPassword()).hash();
        };
      }
    }
  }

  private static <V> Map<PasswordKind, V> copy(Map<PasswordKind, V> m) {
    Map<PasswordKind, V> c = new EnumMap<>(PasswordKind.class);
    c.putAll(m);
    return Collections.unmodifiableMap(c);
  }

  /**
   * Checks the given secrets of one account, in the map's order. The secrets are not destroyed.
   *
   * @param account the account
   * @param attempts the secret typed for each password asked
   * @return the outcome
   */
  Outcome check(AccountKey account, Map<PasswordKind, Secret> attempts) {
    Map<PasswordKind, Admission> admissions = new EnumMap<>(PasswordKind.class);
    attempts.keySet().forEach(kind -> admissions.put(kind, lockout.admit(account, kind)));
    String unverifiable = unverifiable(admissions);
    CredentialRecord record = unverifiable != null ? null : recordOf(account, admissions);
    if (unverifiable == null && (record == null || !hasAll(record, attempts.keySet()))) {
      unverifiable = record == null ? "no-account" : "no-password";
    }
    if (unverifiable != null || record == null) {
      attempts.values().forEach(hasher::dummyVerify);
      return new Outcome.Unverified(unverifiable == null ? "no-account" : unverifiable);
    }

    Map<PasswordKind, Verification.Match> matches = new EnumMap<>(PasswordKind.class);
    Set<PasswordKind> locked = EnumSet.noneOf(PasswordKind.class);
    Set<PasswordKind> wrong = EnumSet.noneOf(PasswordKind.class);
    for (Map.Entry<PasswordKind, Secret> e : attempts.entrySet()) {
      PasswordKind kind = e.getKey();
      if (admissions.get(kind) instanceof Admission.Locked) {
        hasher.dummyVerify(e.getValue());
        locked.add(kind);
      } else if (verify(e.getValue(), storedHash(record, kind))
          instanceof Verification.Match match) {
        matches.put(kind, match);
      } else {
        wrong.add(kind);
      }
    }
    if (!wrong.isEmpty()) {
      Map<PasswordKind, FailureResult> failures = new EnumMap<>(PasswordKind.class);
      wrong.forEach(kind -> failures.put(kind, lockout.recordFailure(account, kind)));
      return new Outcome.Mismatched(failures);
    }
    return new Outcome.Matched(record, admissions, matches, locked);
  }

  /**
   * The work of a check, on nothing: for attempts that cannot even name an account (a malformed
   * user ID), so that they cost what a check costs.
   *
   * @param attempts the secrets typed
   */
  void unverifiable(Iterable<Secret> attempts) {
    attempts.forEach(hasher::dummyVerify);
  }

  /**
   * Whether {@code attempt} is the secret behind a stored hash, without counting anything (for
   * "the new password must differ from that one" checks).
   */
  boolean same(Secret attempt, String storedHash) {
    try {
      return hasher.verify(attempt, storedHash);
    } catch (IllegalArgumentException e) {
      throw new StorageException("a stored password hash is not supported", e);
    }
  }

  private Verification verify(Secret attempt, String storedHash) {
    try {
      return hasher.verifyAndUpgrade(attempt, storedHash);
    } catch (IllegalArgumentException e) {
      throw new StorageException("a stored password hash is not supported", e);
    }
  }

  /** Why nothing may be verified, or {@code null}. */
  private static @Nullable String unverifiable(Map<PasswordKind, Admission> admissions) {
    for (Admission a : admissions.values()) {
      if (a instanceof Admission.NoAccount) {
        return "no-account";
      }
    }
    if (admissions.get(PasswordKind.LOGIN) instanceof Admission.Locked) {
      return "login-locked";
    }
    for (Admission a : admissions.values()) {
      if (a instanceof Admission.NoPassword) {
        return "no-password";
      }
      if (a instanceof Admission.Superseded) {
        return "changed-concurrently";
      }
    }
    return null;
  }

  /** The record the admissions looked at; read again when none carries it. */
  private @Nullable CredentialRecord recordOf(AccountKey account,
      Map<PasswordKind, Admission> admissions) {
    for (Admission a : admissions.values()) {
      if (a instanceof Admission.Admitted admitted) {
        return admitted.record();
      }
    }
    return credentials.find(account).orElse(null);
  }

  private static boolean hasAll(CredentialRecord record, Set<PasswordKind> kinds) {
    for (PasswordKind kind : kinds) {
      if (kind == PasswordKind.LOGIN && (record.loginPassword() == null || record.loginLocked())) {
        return false;
      }
      if (kind == PasswordKind.ACQUISITION && record.acquisitionPassword() == null) {
        return false;
      }
    }
    return true;
  }

  private static String storedHash(CredentialRecord record, PasswordKind kind) {
    if (kind == PasswordKind.LOGIN) {
      LoginPassword p = Objects.requireNonNull(record.loginPassword());
      return p.hash();
    }
    AcquisitionPassword p = Objects.requireNonNull(record.acquisitionPassword());
    return p.hash();
  }
}
