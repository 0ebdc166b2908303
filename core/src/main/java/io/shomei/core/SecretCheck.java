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
 * work on nothing), count a failure against the path being tried, and say what may be disclosed.
 * Login checks the login password alone; acquisition checks the login and the acquisition password
 * together. Because both go through here, an unknown account, a locked password and a wrong
 * password cost the same number of hash verifications in both, and neither can tell a caller more
 * than the other.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>A secret no verifier accepts (empty, longer than {@link PasswordHasher#MAX_PASSWORD_LENGTH},
 *       not valid UTF-16) is refused before the account is even looked up: dummy work for every
 *       attempt, nothing read, nothing counted, {@link Outcome.Unverified} ({@code out-of-range}).
 *       A known and an unknown user ID then take exactly the same path.
 *   <li>Nothing is verified (every attempt gets a dummy verification instead) and nothing is
 *       counted when the account or one of the asked passwords does not exist, when the login
 *       password is locked, when the path being tried is locked (the acquisition path's own,
 *       time-decaying lock), or when the record changed between admissions:
 *       {@link Outcome.Unverified}. Whether the secrets were right is then never looked at, so a
 *       lock tells nobody whether a guess was right.
 *   <li>One wrong attempt is one failure, counted against the path tried ({@link PasswordKind#LOGIN}
 *       for the password step of a certificate login, {@link PasswordKind#ACQUISITION} for the
 *       certificate-less acquisition path), however many of its secrets were wrong
 *       ({@link Outcome.Mismatched}). The acquisition path never counts against the login
 *       password, so no stranger can lock certificate login.
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
     * @param cause for the audit trail only: {@code out-of-range}, {@code no-account},
     *     {@code no-password}, {@code login-locked}, {@code acquisition-locked} or
     *     {@code changed-concurrently}
     */
    record Unverified(String cause) implements Outcome {}

    /**
     * At least one secret was wrong; the attempt was counted once against the path tried.
     *
     * @param wrong the passwords whose secret was wrong (for the audit trail only)
     * @param failure what counting did
     */
    record Mismatched(Set<PasswordKind> wrong, FailureResult failure) implements Outcome {
      public Mismatched {
        wrong = Collections.unmodifiableSet(EnumSet.copyOf(wrong));
      }
    }

    /**
     * Every secret matched.
     *
     * @param record the account's record as admitted
     * @param admissions each password's admission (Expired and Consumed are the engine's to judge)
     * @param matches each password's match (with an upgraded hash where one is due)
     */
    record Matched(CredentialRecord record, Map<PasswordKind, Admission> admissions,
        Map<PasswordKind, Verification.Match> matches) implements Outcome {
      public Matched {
        admissions = copy(admissions);
        matches = copy(matches);
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
   * @param path the path tried: a wrong attempt is counted against this password's counter, and
   *     a lock of it refuses the attempt unverified
   * @return the outcome
   */
  Outcome check(AccountKey account, Map<PasswordKind, Secret> attempts, PasswordKind path) {
    for (Secret attempt : attempts.values()) {
      if (!PasswordHasher.verifiable(attempt)) {
        attempts.values().forEach(hasher::dummyVerify);
        return new Outcome.Unverified("out-of-range");
      }
    }
    Map<PasswordKind, Admission> admissions = new EnumMap<>(PasswordKind.class);
    attempts.keySet().forEach(kind -> admissions.put(kind, lockout.admit(account, kind)));
    String unverifiable = unverifiable(admissions, path);
    CredentialRecord record = unverifiable != null ? null : recordOf(account, admissions);
    if (unverifiable == null && (record == null || !hasAll(record, attempts.keySet()))) {
      unverifiable = record == null ? "no-account" : "no-password";
    }
    if (unverifiable != null || record == null) {
      attempts.values().forEach(hasher::dummyVerify);
      return new Outcome.Unverified(unverifiable == null ? "no-account" : unverifiable);
    }

    Map<PasswordKind, Verification.Match> matches = new EnumMap<>(PasswordKind.class);
    Set<PasswordKind> wrong = EnumSet.noneOf(PasswordKind.class);
    for (Map.Entry<PasswordKind, Secret> e : attempts.entrySet()) {
      PasswordKind kind = e.getKey();
      if (verify(e.getValue(), storedHash(record, kind)) instanceof Verification.Match match) {
        matches.put(kind, match);
      } else {
        wrong.add(kind);
      }
    }
    if (!wrong.isEmpty()) {
      return new Outcome.Mismatched(wrong, lockout.recordFailure(account, path));
    }
    return new Outcome.Matched(record, admissions, matches);
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
  private static @Nullable String unverifiable(Map<PasswordKind, Admission> admissions,
      PasswordKind path) {
    for (Admission a : admissions.values()) {
      if (a instanceof Admission.NoAccount) {
        return "no-account";
      }
    }
    if (admissions.get(PasswordKind.LOGIN) instanceof Admission.Locked) {
      return "login-locked";
    }
    if (path == PasswordKind.ACQUISITION
        && admissions.get(PasswordKind.ACQUISITION) instanceof Admission.Locked) {
      return "acquisition-locked";
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
