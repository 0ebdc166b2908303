package io.shomei.testing.memory;

import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.IssuerName;
import io.shomei.spi.RevocationReason;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A strict in-memory {@link CertificateStore}. It is atomic under a single lock (shared with the other
 * stores of an {@link InMemoryStorage}) and checks more than
 * the SPI requires of production stores, so a caller's mistake shows up in tests:
 *
 * <ul>
 *   <li>the DER must parse as an X.509 certificate whose serial, issuer and validity equal the
 *       record's;
 *   <li>the fingerprint must be the SHA-256 of the DER;
 *   <li>the account-wide invariant (at most one ACTIVE) is re-checked after every change and a
 *       violation throws {@link IllegalStateException}.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryCertificateStore implements CertificateStore {
  private final Object lock;
  private final TreeMap<Key, CertificateRecord> bySerial = new TreeMap<>();
  private final Map<String, Key> byFingerprint = new HashMap<>();
  private final Map<AccountKey, Key> active = new HashMap<>();
  private long recordings;

  /** A certificate's key: serial first (the visiting order), then issuer. */
  private record Key(BigInteger serial, String issuer) implements Comparable<Key> {
    static Key of(CertificateRecord r) {
      return new Key(r.serial(), r.issuer().sha256());
    }

    static Key of(IssuerName issuer, BigInteger serial) {
      return new Key(serial, issuer.sha256());
    }

    @Override
    public int compareTo(Key o) {
      int c = serial.compareTo(o.serial);
      return c != 0 ? c : issuer.compareTo(o.issuer);
    }
  }

  /** An empty store. */
  public InMemoryCertificateStore() {
    this(new Object());
  }

  InMemoryCertificateStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** The checks of {@link #record} that need no state; throws what {@code record} throws. */
  static void checkRecordable(CertificateRecord certificate) {
    if (certificate.status() == CertificateStatus.ACTIVE) {
      throw new IllegalArgumentException("record() takes no ACTIVE certificate; use activate()");
    }
    if (!CertificateRecord.fingerprintOf(certificate.der()).equals(certificate.sha256Fingerprint())) {
      throw new IllegalArgumentException("fingerprint is not the SHA-256 of the DER");
    }
    checkDerMatches(certificate);
  }

  /**
   * The record a {@link #record} of {@code certificate} would collide with, as its result; for
   * {@link InMemoryStorage}, under the shared lock.
   */
  @Nullable RecordResult duplicateOf(CertificateRecord certificate) {
    synchronized (lock) {
      CertificateRecord sameSerial = bySerial.get(Key.of(certificate));
      if (sameSerial != null) {
        return new RecordResult.DuplicateSerial(sameSerial);
      }
      Key sameFp = byFingerprint.get(certificate.sha256Fingerprint());
      return sameFp == null ? null
          : new RecordResult.DuplicateFingerprint(Objects.requireNonNull(bySerial.get(sameFp)));
    }
  }

  @Override
  public RecordResult record(CertificateRecord certificate) {
    checkRecordable(certificate);
    synchronized (lock) {
      RecordResult duplicate = duplicateOf(certificate);
      if (duplicate != null) {
        return duplicate;
      }
      bySerial.put(Key.of(certificate), certificate);
      byFingerprint.put(certificate.sha256Fingerprint(), Key.of(certificate));
      recordings++;
      return new RecordResult.Recorded(certificate);
    }
  }

  private static void checkDerMatches(CertificateRecord r) {
    X509Certificate x;
    try {
      x = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(r.der()));
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("der is not an X.509 certificate", e);
    }
    if (!x.getSerialNumber().equals(r.serial())) {
      throw new IllegalArgumentException("record serial differs from the certificate's");
    }
    if (!IssuerName.of(x.getIssuerX500Principal()).equals(r.issuer())) {
      throw new IllegalArgumentException("record issuer differs from the certificate's");
    }
    if (!x.getNotBefore().toInstant().equals(r.notBefore())
        || !x.getNotAfter().toInstant().equals(r.notAfter())) {
      throw new IllegalArgumentException("record validity differs from the certificate's");
    }
  }

  @Override
  public ActivationResult activate(IssuerName issuer,
      BigInteger serial, @Nullable BigInteger expectedActive, Instant at) {
    Objects.requireNonNull(at, "at");
    synchronized (lock) {
      Key key = Key.of(issuer, serial);
      CertificateRecord target = bySerial.get(key);
      if (target == null) {
        return new ActivationResult.NotFound(serial);
      }
      if (target.status() != CertificateStatus.ISSUED) {
        return new ActivationResult.NotActivatable(target);
      }
      Key current = active.get(target.account());
      if (!Objects.equals(current == null ? null : current.serial(), expectedActive)) {
        return new ActivationResult.Conflict(current == null ? null : bySerial.get(current));
      }
      CertificateRecord superseded = null;
      if (current != null) {
        CertificateRecord old = Objects.requireNonNull(bySerial.get(current));
        superseded = old.withStatus(CertificateStatus.SUPERSEDED, at, serial, null);
        bySerial.put(current, superseded);
      }
      CertificateRecord activated = target.withStatus(CertificateStatus.ACTIVE, at, null, null);
      bySerial.put(key, activated);
      active.put(target.account(), key);
      checkInvariant(target.account());
      return new ActivationResult.Activated(activated, superseded);
    }
  }

  @Override
  public RevocationResult revoke(IssuerName issuer, BigInteger serial, RevocationReason reason,
      Instant at) {
    Objects.requireNonNull(reason, "reason");
    synchronized (lock) {
      Key key = Key.of(issuer, serial);
      CertificateRecord r = bySerial.get(key);
      if (r == null) {
        return new RevocationResult.NotFound(serial);
      }
      if (r.status() == CertificateStatus.REVOKED) {
        return new RevocationResult.AlreadyRevoked(r);
      }
      CertificateRecord revoked = r.withStatus(CertificateStatus.REVOKED, at, r.supersededBy(), reason);
      bySerial.put(key, revoked);
      if (r.status() == CertificateStatus.ACTIVE) {
        active.remove(r.account());
      }
      checkInvariant(r.account());
      return new RevocationResult.Revoked(revoked);
    }
  }

  private void checkInvariant(AccountKey account) {
    long n = bySerial.values().stream()
        .filter(c -> c.account().equals(account) && c.status() == CertificateStatus.ACTIVE)
        .count();
    if (n > 1) {
      throw new IllegalStateException("invariant broken: " + n + " active certificates for " + account);
    }
  }

  @Override
  public Optional<CertificateRecord> findBySerial(IssuerName issuer, BigInteger serial) {
    synchronized (lock) {
      return Optional.ofNullable(bySerial.get(Key.of(issuer, serial)));
    }
  }

  @Override
  public List<CertificateRecord> findAllBySerial(BigInteger serial) {
    synchronized (lock) {
      return List.copyOf(bySerial.subMap(new Key(serial, ""), true,
          new Key(serial.add(BigInteger.ONE), ""), false).values());
    }
  }

  @Override
  public Optional<CertificateRecord> findByFingerprint(String sha256Fingerprint) {
    synchronized (lock) {
      Key s = byFingerprint.get(sha256Fingerprint);
      return s == null ? Optional.empty() : Optional.ofNullable(bySerial.get(s));
    }
  }

  @Override
  public Optional<CertificateRecord> findActive(AccountKey account) {
    synchronized (lock) {
      Key s = active.get(account);
      return s == null ? Optional.empty() : Optional.ofNullable(bySerial.get(s));
    }
  }

  @Override
  public List<CertificateRecord> findByAccount(AccountKey account) {
    synchronized (lock) {
      List<CertificateRecord> out = new ArrayList<>();
      for (CertificateRecord r : bySerial.values()) {
        if (r.account().equals(account)) {
          out.add(r);
        }
      }
      out.sort(Comparator.comparing(CertificateRecord::recordedAt)
          .thenComparing(CertificateRecord::serial));
      return List.copyOf(out);
    }
  }

  @Override
  public long count() {
    synchronized (lock) {
      return bySerial.size();
    }
  }

  /**
   * Visits certificates in ascending serial order. The action runs outside the lock, one record at a
   * time, so it may call back into the store.
   */
  @Override
  public void forEach(Consumer<? super CertificateRecord> action) {
    Key after = null;
    while (true) {
      CertificateRecord next;
      synchronized (lock) {
        var e = after == null ? bySerial.firstEntry() : bySerial.higherEntry(after);
        if (e == null) {
          return;
        }
        next = e.getValue();
      }
      action.accept(next);
      after = Key.of(next);
    }
  }

  /**
   * How many certificates were recorded since creation (for tests of "nothing issued is lost").
   *
   * @return the number of successful {@link #record} calls
   */
  public long recordings() {
    synchronized (lock) {
      return recordings;
    }
  }
}
