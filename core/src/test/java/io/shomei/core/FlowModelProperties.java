package io.shomei.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.Secret;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordKind;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.RevocationReason;
import io.shomei.spi.StorageException;
import io.shomei.testing.fault.Call;
import io.shomei.testing.fault.Fault;
import io.shomei.testing.fault.FaultPlan;
import io.shomei.testing.fault.Faults;
import io.shomei.testing.qt.Qt;
import java.math.BigInteger;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Model-based property: random sequences of enrollments, acquisitions, downloads, login steps,
 * operator actions, clock advances and injected storage failures, run through {@link
 * io.shomei.core.Shomei} over fault-injecting in-memory stores and the notice-2021 rules. After
 * every step: at most one active certificate per account; every certificate handed out (in a result
 * or inside a downloaded PKCS#12) is recorded; failure counters never decrease except by a correct
 * password or an operator action; the audit chain verifies.
 */
class FlowModelProperties {
  static final String[] USERS = {"10000001", "10000002", "10000003"};
  static final String[] FAULTS = {"Storage.commitAcquisition", "CertificateStore.revoke",
      "CertificateStore.findActive", "CredentialStore.replace", "CredentialStore.update",
      "DownloadTicketStore.take", "DownloadTicketStore.deleteForCertificate"};
  static final String[] AUDIT_FAULTS = {"CERTIFICATE_ISSUED", "ACQUISITION_ATTEMPTED",
      "CERTIFICATE_DOWNLOADED", "LOGIN_SUCCEEDED"};

  enum Kind { ENROLL, ACQUIRE, DOWNLOAD, LOGIN, UNLOCK, RESET_ACQUISITION, RESET_TEMPORARY, REVOKE,
    ADVANCE, FAULT }

  /** One step: a kind and a few random numbers it interprets. */
  record Op(Kind kind, int user, int a, int b, int c) {
    @Override
    public String toString() {
      return kind + "(" + USERS[user] + "," + a + "," + b + "," + c + ")";
    }
  }

  /** A scenario: options and steps. */
  record Scenario(Instant start, boolean voluntary, boolean oneTime, boolean retireAtLogin,
      List<Op> ops) {}

  /** Before the cutoff, just before the change, after it. */
  static final Instant[] STARTS = {Instant.parse("2020-10-01T00:00:00Z"),
      Instant.parse("2021-02-20T00:00:00Z"), Instant.parse("2021-03-01T00:00:00Z")};

  static Scenario scenario(RandomGenerator r) {
    int n = 8 + r.nextInt(28);
    List<Op> ops = new ArrayList<>();
    Kind[] kinds = Kind.values();
    for (int i = 0; i < n; i++) {
      // enrollments and acquisitions more often than the rest
      int roll = r.nextInt(20);
      Kind k = i < 3 ? Kind.ENROLL
          : roll < 6 ? Kind.ACQUIRE
          : roll < 9 ? Kind.ADVANCE
          : roll < 11 ? Kind.FAULT
          : roll < 13 ? Kind.DOWNLOAD
          : kinds[r.nextInt(kinds.length)];
      ops.add(new Op(k, r.nextInt(USERS.length), r.nextInt(100), r.nextInt(100), r.nextInt(100)));
    }
    return new Scenario(STARTS[r.nextInt(STARTS.length)], r.nextBoolean(), r.nextInt(4) == 0, r.nextBoolean(), ops);
  }

  /** What the test knows of one customer. */
  static final class Customer {
    @Nullable LetterFields letter;
    @Nullable String login;       // current login password as the customer knows it
    @Nullable String acquisition; // current acquisition password
    @Nullable String pendingNew;  // a new login password whose change may or may not have committed
    final List<X509Certificate> certificates = new ArrayList<>();
    final List<String> tickets = new ArrayList<>();
  }

  /** How often the interesting outcomes happened, so the property cannot pass vacuously. */
  final Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();

  private void saw(String what) {
    seen.merge(what, 1, Integer::sum);
  }

  @Test
  void invariantsHoldAfterEveryStep() {
    Qt.qt().withExamples(50).forAll(Qt.gen(FlowModelProperties::scenario)).checkAssert(this::run);
    System.out.println("FlowModelProperties outcomes: " + new java.util.TreeMap<>(seen));
    assertThat(seen).as("outcomes seen: " + seen).containsKeys("acquired", "superseded",
        "refused", "downloaded", "authenticated", "injected", "concurrent-or-resumed-or-failed");
  }

  void run(Scenario s) {
    FaultPlan faults = new FaultPlan();
    ShomeiBank bank = new ShomeiBank(s.start(), b -> {
      b.voluntaryReacquisition(s.voluntary())
          .retirementPolicy(s.retireAtLogin() ? RetirementPolicy.AT_FIRST_LOGIN
              : RetirementPolicy.AT_ISSUANCE);
      if (s.oneTime()) {
        b.acquisitionMode(AcquisitionMode.ONE_TIME);
      }
      return b;
    }, faults);
    Map<String, Customer> customers = new HashMap<>();
    for (String u : USERS) {
      customers.put(u, new Customer());
    }
    Set<BigInteger> handedOut = new HashSet<>();
    Map<AccountKey, int[]> counters = new HashMap<>();
    int step = 0;
    try {
      for (Op op : s.ops()) {
        step++;
        Customer c = customers.get(USERS[op.user()]);
        AccountKey account = new AccountKey(USERS[op.user()], ShomeiBank.FX);
        Set<PasswordKind> mayDecrease = new HashSet<>();
        try {
          apply(bank, faults, op, Objects.requireNonNull(c), account, handedOut, mayDecrease);
        } catch (StorageException injected) {
          assertThat(Faults.isInjected(injected)).as(injected.toString()).isTrue();
          saw("injected");
          saw("concurrent-or-resumed-or-failed");
        } finally {
          faults.clear();
        }
        resync(bank, Objects.requireNonNull(c), account);
        check(bank, handedOut, counters, account, mayDecrease, "step " + step + " " + op);
      }
    } finally {
      customers.values().forEach(cu -> {
        if (cu.letter != null) {
          cu.letter.close();
        }
      });
    }
  }

  private void apply(ShomeiBank bank, FaultPlan faults, Op op, Customer c, AccountKey account,
      Set<BigInteger> handedOut, Set<PasswordKind> mayDecrease) throws StorageException {
    String user = account.userId();
    switch (op.kind()) {
      case ENROLL -> {
        EnrollmentResult r = bank.shomei.enrollment().enroll(user, ShomeiBank.FX);
        if (r instanceof EnrollmentResult.Enrolled e) {
          c.letter = e.letter();
          c.login = string(e.letter().temporaryPassword());
          c.acquisition = string(e.letter().acquisitionPassword());
        }
      }
      case ACQUIRE -> {
        boolean loginRight = op.a() >= 15;
        boolean acquisitionRight = op.b() >= 15;
        String login = loginRight && c.login != null ? c.login : "wrong-login-" + op.a();
        String acquisition = acquisitionRight && c.acquisition != null ? c.acquisition : "wrong-acq-" + op.b();
        if (login.equals(c.login) && acquisition.equals(c.acquisition)) {
          mayDecrease.add(PasswordKind.LOGIN);
          mayDecrease.add(PasswordKind.ACQUISITION);
        }
        AcquisitionResult r = bank.shomei.acquisition().acquire(
            AcquisitionRequest.of(user, ShomeiBank.FX, Secret.of(login), Secret.of(acquisition)));
        if (r instanceof AcquisitionResult.Refused no) {
          saw("refused");
          saw("refused:" + no.reason());
        }
        if (r instanceof AcquisitionResult.Acquired a) {
          saw("acquired");
          if (a.superseded() != null) {
            saw("superseded");
          }
          if (a.resumed()) {
            saw("concurrent-or-resumed-or-failed");
          }
          handedOut.add(a.serial());
          handedOut.add(a.certificate().getSerialNumber());
          c.certificates.add(a.certificate());
          a.downloadTicket().ifPresent(t -> c.tickets.add(t.id()));
        }
      }
      case DOWNLOAD -> {
        if (c.tickets.isEmpty()) {
          return;
        }
        String id = c.tickets.get(op.a() % c.tickets.size());
        DownloadResult r = bank.shomei.acquisition().download(id);
        if (r instanceof DownloadResult.Downloaded d && c.acquisition != null) {
          saw("downloaded");
          X509Certificate in = certificateIn(d.pkcs12(), c, handedOut);
          c.certificates.add(in);
        }
      }
      case LOGIN -> {
        if (c.certificates.isEmpty() || c.login == null) {
          return;
        }
        X509Certificate cert = op.a() < 70 ? c.certificates.get(c.certificates.size() - 1)
            : c.certificates.get(op.a() % c.certificates.size());
        boolean right = op.b() >= 20;
        String password = right ? c.login : "wrong-pw-" + op.b();
        if (right) {
          mayDecrease.add(PasswordKind.LOGIN);
        }
        LoginResult.CertificateStep step = bank.shomei.login().presentCertificate(ShomeiBank.FX,
            List.of(cert));
        if (!(step instanceof LoginResult.PasswordRequired p)) {
          return;
        }
        LoginResult.PasswordStep ps = bank.shomei.login().password(p.pending(), Secret.of(password));
        if (ps instanceof LoginResult.Authenticated) {
          saw("authenticated");
        }
        if (ps instanceof LoginResult.ChangeRequired change) {
          String next = "Tk" + (char) ('a' + op.c() % 26) + "#" + op.c() + "x" + op.a() + "Q";
          c.pendingNew = next;
          LoginResult.ChangeStep done = bank.shomei.login().changePassword(change.pending(),
              Secret.of(password), Secret.of(next));
          if (done instanceof LoginResult.Authenticated) {
            saw("authenticated");
            c.login = next;
            c.pendingNew = null;
          }
        }
      }
      case UNLOCK -> {
        mayDecrease.add(PasswordKind.LOGIN);
        bank.shomei.operator("op-" + op.a()).unlockLogin(account);
      }
      case RESET_ACQUISITION -> {
        mayDecrease.add(PasswordKind.ACQUISITION);
        OperatorOutcome o = bank.shomei.operator("op").resetAcquisitionPassword(account);
        if (o instanceof OperatorOutcome.NewPassword np) {
          try (Secret s = np.newPassword()) {
            c.acquisition = string(s);
          }
        }
      }
      case RESET_TEMPORARY -> {
        mayDecrease.add(PasswordKind.LOGIN);
        OperatorOutcome o = bank.shomei.operator("op").resetTemporaryPassword(account);
        if (o instanceof OperatorOutcome.NewPassword np) {
          try (Secret s = np.newPassword()) {
            c.login = string(s);
          }
        }
      }
      case REVOKE -> {
        CertificateRecord active = bank.memoryCertificates.findActive(account).orElse(null);
        if (active != null) {
          RevocationReason[] reasons = RevocationReason.values();
          bank.shomei.operator("op").revoke(active.serial(), reasons[op.a() % reasons.length]);
        }
      }
      case ADVANCE -> bank.clock.advance(Duration.ofHours(1 + (long) op.a() * op.b() / 4));
      case FAULT -> {
        if (op.a() % 3 == 0) {
          String type = AUDIT_FAULTS[op.b() % AUDIT_FAULTS.length];
          faults.failNext(Call.named("AuditLog.append")
                  .and(call -> call.argument(0, AuditRecord.class).type().equals(type)),
              op.c() % 2 == 0 ? Fault.fail() : Fault.lostConnection());
        } else {
          faults.failNth(FAULTS[op.b() % FAULTS.length], 1,
              op.c() % 2 == 0 ? Fault.fail() : Fault.lostConnection());
        }
        // the fault fires during the next operation: run an acquisition, a login or a download now
        Kind[] then = {Kind.ACQUIRE, Kind.LOGIN, Kind.DOWNLOAD};
        Op next = new Op(then[op.a() % 3], op.user(), 50, 50, op.c());
        apply(bank, faults, next, c, account, handedOut, mayDecrease);
      }
      default -> throw new AssertionError(op);
    }
  }

  private X509Certificate certificateIn(byte[] pkcs12, Customer c, Set<BigInteger> handedOut) {
    try (Secret s = Secret.of(Objects.requireNonNull(c.acquisition))) {
      KeyStore ks = ShomeiBank.open(pkcs12, s);
      X509Certificate cert = (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
      handedOut.add(cert.getSerialNumber());
      return cert;
    } catch (Exception e) {
      // the file was made with an acquisition password an operator has since replaced: the
      // customer cannot open it; the bytes still came from a ticket of a recorded certificate
      return Objects.requireNonNull(c.certificates.isEmpty() ? null
          : c.certificates.get(c.certificates.size() - 1));
    }
  }

  /** After an ambiguous failure, learn from the store which login password is in force. */
  private static void resync(ShomeiBank bank, Customer c, AccountKey account) {
    String pending = c.pendingNew;
    c.pendingNew = null;
    if (pending == null) {
      return;
    }
    CredentialRecord r = bank.memoryCredentials.find(account).orElse(null);
    if (r != null && r.loginPassword() != null) {
      try (Secret s = Secret.of(pending)) {
        if (ShomeiBank.HASHER.verify(s, Objects.requireNonNull(r.loginPassword()).hash())) {
          c.login = pending;
        }
      }
    }
  }

  private static void check(ShomeiBank bank, Set<BigInteger> handedOut,
      Map<AccountKey, int[]> counters, AccountKey acted, Set<PasswordKind> mayDecrease, String at) {
    Map<AccountKey, Integer> active = new HashMap<>();
    bank.memoryCertificates.forEach(r -> {
      if (r.status() == CertificateStatus.ACTIVE) {
        active.merge(r.account(), 1, Integer::sum);
      }
    });
    assertThat(active.values()).as("one active certificate per account, " + at)
        .allMatch(n -> n == 1);
    for (BigInteger serial : handedOut) {
      assertThat(bank.memoryCertificates.findBySerial(serial)).as("handed out and recorded, " + at)
          .isPresent();
    }
    for (String u : USERS) {
      AccountKey account = new AccountKey(u, ShomeiBank.FX);
      CredentialRecord r = bank.memoryCredentials.find(account).orElse(null);
      if (r == null) {
        continue;
      }
      int[] before = counters.get(account);
      if (before != null) {
        boolean self = account.equals(acted);
        if (!(self && mayDecrease.contains(PasswordKind.LOGIN))) {
          assertThat(r.loginFailures()).as("login failures never decrease, " + at)
              .isGreaterThanOrEqualTo(before[0]);
        }
        if (!(self && mayDecrease.contains(PasswordKind.ACQUISITION))) {
          assertThat(r.acquisitionFailures()).as("acquisition failures never decrease, " + at)
              .isGreaterThanOrEqualTo(before[1]);
        }
      }
      counters.put(account, new int[] {r.loginFailures(), r.acquisitionFailures()});
    }
    assertThat(bank.shomei.audit().verify()).as("audit chain, " + at)
        .isInstanceOf(ChainVerification.Intact.class);
  }

  private static String string(Secret s) {
    return new String(s.toCharArray());
  }
}
