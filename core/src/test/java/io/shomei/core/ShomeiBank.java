package io.shomei.core;

import io.shomei.spi.Secret;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.eligibility.RuleSet;
import io.shomei.core.issue.CertificateProfile;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordHasher;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.Storage;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.fault.FaultPlan;
import io.shomei.testing.fault.Faults;
import io.shomei.testing.memory.InMemoryAuditLog;
import io.shomei.testing.memory.InMemoryCertificateStore;
import io.shomei.testing.memory.InMemoryCredentialStore;
import io.shomei.testing.memory.InMemoryDownloadTicketStore;
import io.shomei.testing.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A bank for Shomei tests: the whole engine over in-memory stores, a test CA, a mutable clock, cheap hashing. */
final class ShomeiBank {
  static final String FX = "fx-forward";
  static final String SPOT = "fx-spot";
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final Path NOTICE_FILE = Path.of("..", "examples", "rules", "notice-2021.rules");
  static final TestCa CA = TestCa.root("Shomei Flow Test CA");
  /** The issuer of every certificate this bank issues. */
  static final io.shomei.spi.IssuerName ISSUER = io.shomei.spi.IssuerName.ofCa(CA.rootCertificate());
  static final PasswordHasher HASHER = PasswordHasher.insecureForTestsOnly(
      new HashParameters.Argon2id(32, 1, 1), new SecureRandom());

  final MutableClock clock;
  final InMemoryStorage memory = new InMemoryStorage();
  final InMemoryCertificateStore memoryCertificates = memory.certificates();
  final InMemoryCredentialStore memoryCredentials = memory.credentials();
  final InMemoryDownloadTicketStore memoryTickets = memory.tickets();
  final InMemoryAuditLog memoryAudit = memory.audit();
  final Shomei shomei;
  private final Shomei.Builder unbuilt;

  ShomeiBank(Instant start) {
    this(start, b -> b);
  }

  ShomeiBank(Instant start, UnaryOperator<Shomei.Builder> options) {
    this(start, options, null);
  }

  /** A bank whose storage (its commit and its four stores) goes through the fault injector, if any. */
  ShomeiBank(Instant start, UnaryOperator<Shomei.Builder> options,
      @org.jspecify.annotations.Nullable FaultPlan faults) {
    this(start, options, faults, CA);
  }

  /** A bank whose CA key is held by {@code custody} (which must hold {@link #CA}'s key). */
  ShomeiBank(Instant start, UnaryOperator<Shomei.Builder> options,
      @org.jspecify.annotations.Nullable FaultPlan faults, io.shomei.spi.KeyCustody custody) {
    this(start, options, faults, custody, RuleSet.load(NOTICE_FILE));
  }

  /** A bank whose two services follow {@code rules} instead of the notice. */
  ShomeiBank(Instant start, Eligibility rules) {
    this(start, b -> b, null, CA, rules);
  }

  private ShomeiBank(Instant start, UnaryOperator<Shomei.Builder> options,
      @org.jspecify.annotations.Nullable FaultPlan faults, io.shomei.spi.KeyCustody custody,
      Eligibility notice) {
    Storage storage = faults == null ? memory : Faults.wrap(Storage.class, memory, faults);
    this.clock = MutableClock.at(start);
    this.shomei = options.apply(builder(storage, custody, notice)).build();
    this.unbuilt = options.apply(builder(storage, custody, notice));
  }

  private Shomei.Builder builder(Storage storage, io.shomei.spi.KeyCustody custody,
      Eligibility notice) {
    return Shomei.builder()
        .storage(storage)
        .keyCustody(custody)
        .clock(clock)
        .zone(TOKYO)
        .secureRandom(new SecureRandom())
        .passwordHasher(HASHER)
        .service(profile(FX), notice)
        .service(profile(SPOT), notice);
  }

  /**
   * Another node of this bank: a second engine, configured alike, on the same storage and clock
   * (as a second JVM on the same database would be). Call once.
   */
  Shomei anotherNode() {
    return unbuilt.build();
  }

  static CertificateProfile profile(String service) {
    return CertificateProfile.builder(service + "-client", service, "1.3.6.1.4.1.99999.1.1")
        .organization("Shomei Test Bank").build();
  }

  /** Enrolls and returns the letter (the test owns it). */
  LetterFields enroll(String userId, String service) {
    EnrollmentResult r = shomei.enrollment().enroll(userId, service);
    if (!(r instanceof EnrollmentResult.Enrolled e)) {
      throw new AssertionError("not enrolled: " + r);
    }
    return e.letter();
  }

  static Secret copy(Secret s) {
    return Secret.wrap(s.toCharArray());
  }

  AcquisitionResult acquire(String userId, String service, Secret login, Secret acquisition) {
    return shomei.acquisition().acquire(
        AcquisitionRequest.of(userId, service, copy(login), copy(acquisition)));
  }

  AcquisitionResult acquire(LetterFields letter, String service) {
    return acquire(letter.userId(), service, letter.temporaryPassword(),
        letter.acquisitionPassword());
  }

  static AcquisitionResult.Acquired acquired(AcquisitionResult r) {
    if (!(r instanceof AcquisitionResult.Acquired a)) {
      throw new AssertionError("not acquired: " + r);
    }
    return a;
  }

  static AcquisitionResult.Refused refused(AcquisitionResult r) {
    if (!(r instanceof AcquisitionResult.Refused a)) {
      throw new AssertionError("not refused: " + r);
    }
    return a;
  }

  /** Opens a downloaded PKCS#12 with the acquisition password, as Windows would (A8). */
  static KeyStore open(byte[] pkcs12, Secret password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    char[] pw = password.toCharArray();
    try {
      ks.load(new ByteArrayInputStream(pkcs12), pw);
    } finally {
      java.util.Arrays.fill(pw, '\0');
    }
    return ks;
  }

  List<AuditRecord> audit() {
    List<AuditRecord> out = new ArrayList<>();
    memoryAudit.forEach(1, out::add);
    return out;
  }

  List<String> auditTypes() {
    return audit().stream().map(AuditRecord::type).toList();
  }

  static AccountKey account(String userId) {
    return new AccountKey(userId, FX);
  }
}
