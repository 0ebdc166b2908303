package io.shomei.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.shomei.spi.Secret;
import io.shomei.core.Shomei;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.audit.ChainVerification;
import io.shomei.core.custody.Pkcs11KeyCustody;
import io.shomei.core.custody.RootCaSpec;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.LoginResult;
import io.shomei.core.password.LetterFields;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.KeyCustodyException;
import io.shomei.testing.MutableClock;
import io.shomei.testing.fault.Call;
import io.shomei.testing.fault.Fault;
import io.shomei.testing.fault.FaultPlan;
import io.shomei.testing.fault.Faults;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The body of {@link HsmDisappearsTest}, run in JVMs of their own: SoftHSM reads its token list once
 * per process, and this scenario deletes a token, which must not disturb the token other tests of
 * the suite use. Two phases share an H2 file database, as two runs of one host would:
 *
 * <ol>
 *   <li>{@code outage <pkcs11.cfg> <tokendir> <h2-url> <state-file>}: creates the CA key in the
 *       token, issues once, deletes the token during the next issuance, checks what is left and
 *       what still works, restores the token files and shows that this process cannot re-attach;
 *       writes what it signed and the customers' passwords to the state file.
 *   <li>{@code recover <pkcs11.cfg> <h2-url> <state-file>}: the restarted host opens the restored
 *       token and the same database, retries, and checks the invariants over both phases.
 * </ol>
 *
 * <p>The user PIN comes on standard input. Prints {@code STEP ...} lines; exits 0 when every check
 * passed, 1 with the failure on standard error.
 */
public final class HsmVanishMain {
  static final String FIRST = "30000001";
  static final String SECOND = "30000002";
  static final String CHOSEN = "Hsm-Gone-Login-7q";

  private HsmVanishMain() {}

  public static void main(String[] args) throws Exception {
    try {
      String pin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))
          .readLine();
      if (args[0].equals("outage")) {
        outage(Path.of(args[1]), Path.of(args[2]), args[3], Path.of(args[4]),
            Objects.requireNonNull(pin));
      } else {
        recover(Path.of(args[1]), args[2], Path.of(args[3]), Objects.requireNonNull(pin));
      }
      System.out.println("STEP " + args[0] + ": all checks passed");
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  static void step(String what) {
    System.out.println("STEP " + what);
  }

  private static void outage(Path config, Path tokens, String h2, Path state, String pin)
      throws Exception {
    MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    Pkcs11KeyCustody hsm;
    try (Secret p = Secret.of(pin)) {
      hsm = Pkcs11KeyCustody.createRoot(config, p, "ca",
          RootCaSpec.of("CN=Vanishing HSM Root,O=Example Bank,C=JP"), clock, new SecureRandom());
    }
    Path backup = Files.createTempDirectory("shomei-token-backup");
    copyTree(tokens, backup);
    step("CA key created in the token and the token directory backed up");

    JdbcConnectionPool pool = JdbcConnectionPool.create(h2, "sa", "");
    Rig.Stores stores = stores(pool);
    SigningLedger ledger = new SigningLedger(hsm);
    FaultPlan plan = new FaultPlan();
    KeyCustody custody = Faults.wrap(KeyCustody.class, ledger, plan);
    Shomei shomei = Rig.builder(stores, custody, clock, Rig.CHEAP, 5, Rig.noRules())
        .voluntaryReacquisition(true).build();
    LetterFields first = Rig.enroll(shomei, FIRST);
    LetterFields second = Rig.enroll(shomei, SECOND);
    AccountKey firstAccount = new AccountKey(FIRST, Rig.FX);
    AccountKey secondAccount = new AccountKey(SECOND, Rig.FX);

    AcquisitionResult.Acquired before = Rig.cast(Rig.acquire(shomei, first),
        AcquisitionResult.Acquired.class);
    before.certificate().verify(hsm.publicKey());
    step("a certificate signed inside the HSM: serial " + before.serial().toString(16));

    // the token disappears while an acquisition is under way: after the passwords were checked and
    // the key generated, just before the CA signature
    plan.failNext(Call.named("KeyCustody.sign"), Fault.before(() -> deleteTree(tokens)));
    int signedBefore = ledger.certificates().size();
    long auditBefore = stores.auditRecords().size();
    Throwable failure = catchThrowable(() -> Rig.acquire(shomei, second));
    assertThat(failure).as("the acquisition fails with the custody's typed exception")
        .isInstanceOf(KeyCustodyException.class);
    assertThat(Faults.isInjected(failure)).as("a real failure of the token, not an injected one")
        .isFalse();
    assertThat(chain(failure)).as("no PIN in any message").doesNotContain(pin);
    step("token removed during issuance: " + failure.getClass().getSimpleName() + ": "
        + failure.getMessage() + " (cause " + rootCause(failure) + ")");
    assertThat(stores.certificates().findByAccount(secondAccount)).as("nothing recorded").isEmpty();
    assertThat(stores.tickets().findByAccount(secondAccount)).as("nothing to download").isEmpty();
    assertThat(ledger.certificates()).as("nothing signed").hasSize(signedBefore);
    List<String> newEvents = stores.auditRecords().stream().skip(auditBefore)
        .map(AuditRecord::type).toList();
    assertThat(newEvents).as("the attempt is audited, no issuance").contains("ACQUISITION_ATTEMPTED")
        .doesNotContain("CERTIFICATE_ISSUED");
    assertThat(stores.credentials().find(secondAccount).orElseThrow().loginFailures())
        .as("right passwords are not counted as failures").isZero();

    // while the HSM is gone: no issuance (the customer retries), no CRL, but login still works
    Throwable again = catchThrowable(() -> Rig.acquire(shomei, second));
    assertThat(again).isInstanceOf(KeyCustodyException.class);
    assertThat(stores.certificates().findByAccount(secondAccount)).isEmpty();
    assertThat(stores.certificates().findActive(firstAccount).orElseThrow().serial())
        .as("the customer's certificate stays active").isEqualTo(before.serial());
    assertThat(catchThrowable(() -> shomei.crl().issue())).isInstanceOf(KeyCustodyException.class);
    LoginResult.CertificateStep login = shomei.login().presentCertificate(Rig.FX,
        List.of(before.certificate()));
    LoginResult.PasswordRequired pending = Rig.cast(login, LoginResult.PasswordRequired.class);
    LoginResult.PasswordStep password = shomei.login().password(pending.pending(),
        Rig.copy(first.temporaryPassword()));
    LoginResult.ChangeRequired change = Rig.cast(password, LoginResult.ChangeRequired.class);
    assertThat(shomei.login().changePassword(change.pending(), Rig.copy(first.temporaryPassword()),
        Secret.of(CHOSEN))).isInstanceOf(LoginResult.Authenticated.class);
    step("while the HSM is gone: acquisition and CRL fail cleanly, certificate login (with the"
        + " first-login password change) still works");
    checkInvariants(stores, ledger.certificates(), hsm.certificate(), "while gone");

    // the token files come back, but this process cannot re-attach: the PKCS#11 library keeps the
    // lost token's state until it is loaded again
    copyTree(backup, tokens);
    Throwable reopen;
    try (Secret p = Secret.of(pin)) {
      reopen = catchThrowable(() -> Pkcs11KeyCustody.open(config, p, "ca"));
    }
    step("token files restored; re-opening in the same JVM: "
        + (reopen == null ? "works" : reopen.getClass().getSimpleName() + ": "
        + reopen.getMessage() + " (cause " + rootCause(reopen) + ")"));
    assertThat(reopen == null || reopen instanceof KeyCustodyException).isTrue();

    List<String> lines = new ArrayList<>();
    lines.add("second.login=" + Rig.string(second.temporaryPassword()));
    lines.add("second.acquisition=" + Rig.string(second.acquisitionPassword()));
    lines.add("first.acquisition=" + Rig.string(first.acquisitionPassword()));
    lines.add("first.serial=" + before.serial().toString(16));
    ledger.certificates().forEach(c -> lines.add("signed=" + c.toString(16)));
    Files.write(state, lines, StandardCharsets.UTF_8);
    first.close();
    second.close();
    pool.dispose();
    deleteTree(backup);
    Files.delete(backup);
  }

  private static void recover(Path config, String h2, Path state, String pin) throws Exception {
    MutableClock clock = MutableClock.at("2026-03-01T01:00:00Z");
    Map<String, String> saved = new HashMap<>();
    List<BigInteger> signed = new ArrayList<>();
    for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (key.equals("signed")) {
        signed.add(new BigInteger(value, 16));
      } else {
        saved.put(key, value);
      }
    }
    Pkcs11KeyCustody hsm;
    try (Secret p = Secret.of(pin)) {
      hsm = Pkcs11KeyCustody.open(config, p, "ca");
    }
    JdbcConnectionPool pool = JdbcConnectionPool.create(h2, "sa", "");
    Rig.Stores stores = stores(pool);
    SigningLedger ledger = new SigningLedger(hsm);
    Shomei shomei = Rig.builder(stores, ledger, clock, Rig.CHEAP, 5, Rig.noRules())
        .voluntaryReacquisition(true).build();
    step("restarted host: the restored token opens and the database is the same");
    checkInvariants(stores, signed, hsm.certificate(), "after the restart");
    AcquisitionResult.Acquired retried = Rig.cast(Rig.acquire(shomei, SECOND,
        Secret.of(value(saved, "second.login")), Secret.of(value(saved, "second.acquisition"))),
        AcquisitionResult.Acquired.class);
    retried.certificate().verify(hsm.publicKey());
    AcquisitionResult.Acquired renewed = Rig.cast(Rig.acquire(shomei, FIRST, Secret.of(CHOSEN),
        Secret.of(value(saved, "first.acquisition"))), AcquisitionResult.Acquired.class);
    assertThat(renewed.superseded()).isEqualTo(new BigInteger(value(saved, "first.serial"), 16));
    shomei.crl().issue();
    step("HSM restored: the retried acquisitions succeed (serials " + retried.serial().toString(16)
        + ", " + renewed.serial().toString(16) + ") and a CRL is signed");
    signed.addAll(ledger.certificates());
    checkInvariants(stores, signed, hsm.certificate(), "after recovery");
    pool.dispose();
  }

  private static String value(Map<String, String> saved, String key) {
    return Objects.requireNonNull(saved.get(key), key);
  }

  private static Rig.Stores stores(JdbcConnectionPool pool) {
    JdbcStorage storage = JdbcStorage.create(pool);
    storage.migrate();
    return new Rig.Stores(storage);
  }

  private static void checkInvariants(Rig.Stores stores, List<BigInteger> signed,
      X509Certificate ca, String when) {
    Map<AccountKey, Integer> active = new HashMap<>();
    List<BigInteger> recorded = new ArrayList<>();
    stores.certificates().forEach(r -> {
      recorded.add(r.serial());
      if (r.status() == CertificateStatus.ACTIVE) {
        active.merge(r.account(), 1, Integer::sum);
      }
    });
    assertThat(active.values()).as("one active certificate per account, " + when)
        .allMatch(n -> n == 1);
    assertThat(recorded).as("everything the HSM signed is recorded and nothing else, " + when)
        .containsExactlyInAnyOrderElementsOf(signed);
    for (CertificateRecord r : recordedRecords(stores)) {
      assertThat(StoredCertificate.issuer(r)).isEqualTo(ca.getSubjectX500Principal());
    }
    assertThat(new AuditTrail(stores.audit(), java.time.Clock.systemUTC()).verify())
        .as("audit chain, " + when).isInstanceOf(ChainVerification.Intact.class);
    step("invariants hold " + when + ": " + recorded.size() + " certificates, "
        + active.size() + " active");
  }

  private static List<CertificateRecord> recordedRecords(Rig.Stores stores) {
    List<CertificateRecord> out = new ArrayList<>();
    stores.certificates().forEach(out::add);
    return out;
  }

  /** Parses a stored DER. */
  static final class StoredCertificate {
    private StoredCertificate() {}

    static javax.security.auth.x500.X500Principal issuer(CertificateRecord r) {
      try {
        return ((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(r.der())))
            .getIssuerX500Principal();
      } catch (java.security.cert.CertificateException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static String chain(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c).append('\n');
    }
    return b.toString();
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = Objects.requireNonNull(c.getCause());
    }
    return c.toString();
  }

  static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(root)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
