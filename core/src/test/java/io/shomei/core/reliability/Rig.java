package io.shomei.core.reliability;

import io.shomei.spi.Secret;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.spi.AuditLog;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.DownloadTicketStore;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.Storage;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.fault.FaultPlan;
import io.shomei.testing.fault.Faults;
import io.shomei.testing.memory.InMemoryStorage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Wires a {@link Shomei} for these suites: the stores and custody given, a cheap password hasher, a
 * PKCS#12 KDF of few iterations, EC P-256 keys, and a lockout threshold of the test's choosing.
 */
final class Rig {
  static final String FX = "fx-forward";
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final TestCa CA = TestCa.root("Shomei Reliability CA");
  /**
   * Insecure on purpose: tests must be fast. Its slots wait up to a minute instead of the default
   * two seconds: these suites run 64 threads against as many slots as the machine has processors,
   * and on a shared, loaded machine a two-second wait made a race test fail with
   * {@code HashingBusyException}, a timing outcome the suites do not test (the gate's own tests
   * are in {@code HashingGateTest}).
   */
  static final PasswordHasher CHEAP = PasswordHasher.insecureForTestsOnly(
      new HashParameters.Argon2id(32, 1, 1), new SecureRandom())
      .withConcurrencyLimit(Math.max(1, Runtime.getRuntime().availableProcessors()),
          Duration.ofMinutes(1));
  static final Path NOTICE_RULES = Path.of("..", "examples", "rules", "notice-2021.rules");

  /**
   * A storage and its four stores (a test that puts a single store behind a wrapper of its own
   * uses {@link InMemoryStorage#wrapped}).
   */
  record Stores(CertificateStore certificates, CredentialStore credentials,
      DownloadTicketStore tickets, AuditLog audit, Storage storage) {
    Stores(Storage storage) {
      this(storage.certificateStore(), storage.credentialStore(), storage.downloadTicketStore(),
          storage.auditLog(), storage);
    }

    static Stores inMemory() {
      return new Stores(new InMemoryStorage());
    }

    /** The same storage, its commit and its stores counted and failed by {@code plan}. */
    Stores faulty(FaultPlan plan) {
      return new Stores(Faults.wrap(Storage.class, storage, plan));
    }

    List<AuditRecord> auditRecords() {
      List<AuditRecord> out = new ArrayList<>();
      audit.forEach(1, out::add);
      return out;
    }
  }

  private Rig() {}

  static CertificateProfile profile() {
    return CertificateProfile.builder(FX + "-client", FX, "1.3.6.1.4.1.99999.1.1")
        .organization("Shomei Test Bank").build();
  }

  static PasswordPolicy policy(int threshold) {
    return threshold == PasswordPolicy.DEFAULT_LOCKOUT_THRESHOLD ? PasswordPolicy.japaneseBank()
        : PasswordPolicy.builder().length(8, 64).lockoutThreshold(threshold).build();
  }

  static Eligibility noRules() {
    return RuleSet.of(List.of());
  }

  /**
   * A builder with everything set but what {@code options} adds (acquisition mode, retirement, ...).
   */
  static Shomei.Builder builder(Stores s, KeyCustody custody, Clock clock, PasswordHasher hasher,
      int threshold, Eligibility rules) {
    Shomei.Builder b = Shomei.builder();
    return b.storage(s.storage())
        .keyCustody(custody)
        .clock(clock)
        .zone(TOKYO)
        .secureRandom(new SecureRandom())
        .passwordHasher(hasher)
        .passwordPolicy(policy(threshold))
        .pkcs12Iterations(16)
        .service(profile(), rules);
  }

  static Shomei shomei(Stores s, Clock clock, int threshold, @Nullable AcquisitionMode mode,
      UnaryOperator<Shomei.Builder> options) {
    Shomei.Builder b = builder(s, CA, clock, CHEAP, threshold, noRules())
        .voluntaryReacquisition(true);
    if (mode != null) {
      b.acquisitionMode(mode);
    }
    return options.apply(b).build();
  }

  static LetterFields enroll(Shomei shomei, String userId) {
    EnrollmentResult r = shomei.enrollment().enroll(userId, FX);
    if (!(r instanceof EnrollmentResult.Enrolled e)) {
      throw new AssertionError("not enrolled: " + r);
    }
    return e.letter();
  }

  static Secret copy(Secret s) {
    return Secret.wrap(s.toCharArray());
  }

  static String string(Secret s) {
    char[] c = s.toCharArray();
    try {
      return new String(c);
    } finally {
      java.util.Arrays.fill(c, '\0');
    }
  }

  static AcquisitionResult acquire(Shomei shomei, String userId, Secret login, Secret acquisition) {
    return shomei.acquisition().acquire(
        AcquisitionRequest.of(userId, FX, copy(login), copy(acquisition)));
  }

  static AcquisitionResult acquire(Shomei shomei, LetterFields letter) {
    return acquire(shomei, letter.userId(), letter.temporaryPassword(),
        letter.acquisitionPassword());
  }

  static <T> T cast(Object o, Class<T> type) {
    if (!type.isInstance(o)) {
      throw new AssertionError("expected " + type.getSimpleName() + " but was " + o);
    }
    return type.cast(Objects.requireNonNull(o));
  }
}
