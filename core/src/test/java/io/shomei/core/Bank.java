package io.shomei.core;

import java.util.LinkedHashMap;
import java.util.Map;
import io.shomei.spi.Secret;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.HashParameters;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AcquisitionPassword;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.CredentialStore;
import io.shomei.spi.LoginPassword;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.memory.InMemoryAuditLog;
import io.shomei.testing.memory.InMemoryCertificateStore;
import io.shomei.testing.memory.InMemoryCredentialStore;
import io.shomei.testing.memory.InMemoryDownloadTicketStore;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A bank for login tests: a test CA, in-memory stores, a mutable clock, a cheap hasher. The stores
 * outlive any {@link LoginEngine} built over them ({@link #flow()} again = a restart).
 */
final class Bank {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final String FX = "fx-forward";
  static final String OTHER = "fx-other";
  static final TestCa ROOT = TestCa.root("Shomei Flow Root");
  static final TestCa ISSUING = ROOT.intermediate("Shomei Flow Issuing CA");
  static final HashParameters CHEAP = new HashParameters.Argon2id(32, 1, 1);
  static final PasswordHasher HASHER = PasswordHasher.insecureForTestsOnly(CHEAP, new SecureRandom());

  final MutableClock clock;
  final InMemoryCertificateStore certificates = new InMemoryCertificateStore();
  final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
  final InMemoryDownloadTicketStore tickets = new InMemoryDownloadTicketStore();
  final InMemoryAuditLog auditLog = new InMemoryAuditLog();
  final AuditTrail audit;
  final int threshold;
  final CredentialLockout lockout;
  /** The pending-login key of every engine over this bank (engines built again = a restart). */
  final PendingLoginSeal seal = PendingLoginSeal.random(new SecureRandom());

  Bank(Instant start) {
    this(start, 5);
  }

  Bank(Instant start, int threshold) {
    this.clock = MutableClock.at(start);
    this.audit = new AuditTrail(auditLog, clock);
    this.threshold = threshold;
    this.lockout = CredentialLockout.builder().store(credentials).clock(clock)
        .threshold(threshold).build();
  }

  static CertificateAcceptance acceptance(CertificateStore store) {
    return CertificateAcceptance.builder()
        .certificateStore(store)
        .trustAnchors(FX, List.of(ROOT.rootCertificate()))
        .trustAnchors(OTHER, List.of(ROOT.rootCertificate()))
        .zone(TOKYO)
        .build();
  }

  PasswordPolicy policy() {
    return threshold == 5 ? PasswordPolicy.japaneseBank()
        : PasswordPolicy.builder().length(8, 64).lockoutThreshold(threshold).build();
  }

  /** Assembles a login engine over this bank's stores, as Shomei.Builder does. */
  final class LoginSetup {
    private final PasswordHasher hasher;
    private final Map<String, Eligibility> rules = new LinkedHashMap<>();
    private boolean retire = true;
    private boolean deleteTickets = true;
    private boolean changeAtFirstLogin = true;
    private Duration pendingTimeout = Login.DEFAULT_PENDING_LOGIN_TIMEOUT;

    LoginSetup(PasswordHasher hasher) {
      this.hasher = hasher;
    }

    LoginSetup eligibility(Eligibility all) {
      rules.put(FX, all);
      rules.put(OTHER, all);
      return this;
    }

    LoginSetup eligibility(String service, Eligibility r) {
      if (rules.putIfAbsent(service, r) != null) {
        throw new IllegalStateException("eligibility for " + service + " already set");
      }
      return this;
    }

    LoginSetup retireSupersededAtFirstLogin(boolean b) {
      retire = b;
      return this;
    }

    LoginSetup deleteDownloadTicketsAtFirstLogin(boolean b) {
      deleteTickets = b;
      return this;
    }

    LoginSetup requireChangeAtFirstLogin(boolean b) {
      changeAtFirstLogin = b;
      return this;
    }

    LoginSetup pendingLoginTimeout(Duration d) {
      pendingTimeout = d;
      return this;
    }

    LoginEngine build() {
      return new LoginEngine(acceptance(certificates), rules, credentials, certificates, tickets,
          hasher, policy(), lockout, new SecretCheck(lockout, hasher, credentials), audit, clock,
          TOKYO, new LoginEngine.LoginOptions(
              retire, deleteTickets, changeAtFirstLogin, pendingTimeout, seal));
    }
  }

  LoginSetup builder() {
    return builder(HASHER);
  }

  LoginSetup builder(PasswordHasher hasher) {
    return new LoginSetup(hasher);
  }

  LoginEngine flow() {
    return builder().build();
  }

  LoginEngine flow(Eligibility rules) {
    return builder().eligibility(rules).build();
  }

  /** Issues a certificate for {@code userId} and makes it the account's active one. */
  TestCa.Issued issueActive(AccountKey account, Instant notBefore, Instant notAfter) {
    TestCa.Issued issued = ISSUING.leaf().commonName(account.userId())
        .validity(notBefore, notAfter).issue();
    CertificateRecord record = issued.record(account, clock.instant());
    certificates.record(record);
    BigInteger previous = certificates.findActive(account).map(CertificateRecord::serial)
        .orElse(null);
    if (!(certificates.activate(record.serial(), previous, clock.instant())
        instanceof CertificateStore.ActivationResult.Activated)) {
      throw new IllegalStateException("activation failed");
    }
    return issued;
  }

  TestCa.Issued issueActive(AccountKey account) {
    return issueActive(account, clock.instant().minus(Duration.ofDays(1)),
        clock.instant().plus(Duration.ofDays(365)));
  }

  static List<X509Certificate> chain(TestCa.Issued issued) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(issued.certificate());
    chain.addAll(ISSUING.certificateChain());
    return chain;
  }

  static String hash(String password) {
    try (Secret s = Secret.of(password)) {
      return HASHER.hash(s);
    }
  }

  /** Creates the credential record: a temporary login password and an acquisition password. */
  void enroll(AccountKey account, String temporary, @Nullable Instant expiresAt,
      @Nullable String acquisition) {
    Instant now = clock.instant();
    CredentialRecord record = CredentialRecord.create(account,
        new LoginPassword(hash(temporary), true, now, expiresAt),
        acquisition == null ? null : new AcquisitionPassword(hash(acquisition), now, null));
    if (!(credentials.create(record) instanceof CredentialStore.CreateResult.Created)) {
      throw new IllegalStateException("account exists");
    }
  }

  /** Creates an account whose customer already chose a permanent password and logged in. */
  void enrollPermanent(AccountKey account, String password, @Nullable Instant lastLogin) {
    Instant now = clock.instant();
    CredentialRecord record = CredentialRecord.create(account,
        new LoginPassword(hash(password), false, now, null), null).withLastLogin(lastLogin);
    credentials.create(record);
  }

  CredentialRecord credential(AccountKey account) {
    return credentials.find(account).orElseThrow();
  }

  LoginPassword loginPassword(AccountKey account) {
    return java.util.Objects.requireNonNull(credential(account).loginPassword());
  }

  List<AuditRecord> auditRecords() {
    List<AuditRecord> out = new ArrayList<>();
    Consumer<AuditRecord> add = out::add;
    auditLog.forEach(1, add);
    return out;
  }

  List<AuditRecord> auditOf(String type) {
    return auditRecords().stream().filter(r -> r.type().equals(type)).toList();
  }
}
