package io.shomei.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.spi.Secret;
import io.shomei.core.Shomei;
import io.shomei.core.AccountView;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.Crl;
import io.shomei.core.DownloadResult;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.LoginResult;
import io.shomei.core.OperatorOutcome;
import io.shomei.core.password.AcquisitionMode;
import io.shomei.core.password.LetterFields;
import io.shomei.core.password.PasswordContext;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.core.password.PasswordValidation;
import io.shomei.core.password.PasswordViolation;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.KeyCustody;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.MutableClock;
import io.shomei.testing.contract.Concurrently;
import io.shomei.testing.fault.Call;
import io.shomei.testing.fault.Fault;
import io.shomei.testing.fault.FaultPlan;
import io.shomei.testing.fault.Faults;
import java.io.ByteArrayInputStream;
import java.lang.reflect.RecordComponent;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * No secret in anything a host or an operator can observe. Representative flows run with known
 * secrets (enrollment, wrong and right acquisitions, a download, wrong and right logins, the
 * first-login change with a refused and an accepted new password, every operator action, a CRL),
 * over in-memory stores with injected failures and over H2 with concurrent requests; then every
 * log line core wrote (SLF4J, captured at TRACE by {@link CapturingLogProvider}), every exception
 * message (with causes and suppressed), the {@code toString()} of every object the flows returned
 * and of everything reachable from it through record components, collections and optionals, the
 * stored records and the audit trail are scanned for the secrets: the passwords (also the wrong
 * guesses), the download ticket ids, the PKCS#12 file and the private key inside it (Base64,
 * URL-safe Base64 and hex, upper and lower case). Zero hits.
 *
 * <p>Core logs through SLF4J only (three classes: acquisition, operator actions, the JDBC
 * transactor); the provider replaces {@code slf4j-nop} for the whole core test suite, and this
 * class runs last ({@link Order}) so that {@link #noLogLineOfTheWholeSuiteLooksLikeASecret()} sees
 * every line the suite logged.
 */
@Order(Integer.MAX_VALUE)
class SecretHygieneTest {
  private static final Pattern LONG_BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{100,}");
  private static final Pattern LONG_HEX = Pattern.compile("[0-9a-fA-F]{96,}");

  /** Label to needle. */
  final Map<String, String> secrets = new LinkedHashMap<>();
  final List<Object> observed = new ArrayList<>();
  final List<Throwable> failures = new ArrayList<>();
  final MutableClock clock = MutableClock.at("2026-07-01T00:00:00Z");

  private String secret(String label, String value) {
    secrets.put(label, value);
    return value;
  }

  private String secret(String label, Secret value) {
    return secret(label, Rig.string(value));
  }

  /** A binary secret: windows of its encodings (the middle of a PKCS#12 is random). */
  private void binary(String label, byte[] bytes) {
    List<String> encodings = List.of(Base64.getEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        HexFormat.of().formatHex(bytes), HexFormat.of().withUpperCase().formatHex(bytes));
    for (int e = 0; e < encodings.size(); e++) {
      String enc = encodings.get(e);
      int window = Math.min(enc.length(), e < 2 ? 24 : 32);
      for (int q = 1; q <= 3; q++) {
        int at = Math.min(enc.length() - window, enc.length() * q / 4);
        secrets.put(label + "[" + e + "," + q + "]", enc.substring(at, at + window));
      }
    }
  }

  private <T> T seen(T o) {
    observed.add(o);
    return o;
  }

  private void expectFailure(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      failures.add(e);
      return;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void noSecretInLogsExceptionsToStringsStoredRecordsOrTheAuditTrail() throws Exception {
    int logsBefore = CapturingLogProvider.lines().size();
    FaultPlan plan = new FaultPlan();
    Rig.Stores memory = Rig.Stores.inMemory();
    Rig.Stores stores = memory.faulty(plan);
    Shomei shomei = Rig.builder(stores, Faults.wrap(KeyCustody.class, Rig.CA, plan), clock,
        Rig.CHEAP, 5, Rig.noRules()).voluntaryReacquisition(true).build();
    seen(shomei);
    seen(shomei.acquisition());
    seen(shomei.login());
    seen(shomei.crl());
    seen(shomei.enrollment());

    // enrollment and acquisition
    LetterFields letter = ((EnrollmentResult.Enrolled) seen(shomei.enrollment()
        .enroll("70000001", Rig.FX))).letter();
    String temporary = secret("temporary password", letter.temporaryPassword());
    String acquisition = secret("acquisition password", letter.acquisitionPassword());
    seen(Rig.acquire(shomei, "70000001", Secret.of(secret("guess 1", "Guess#one-7zq")),
        Secret.of(secret("guess 2", "Guess#two-8xr"))));
    AcquisitionRequest request = AcquisitionRequest.of("70000001", Rig.FX, Secret.of(temporary),
        Secret.of(acquisition));
    seen(request);
    AcquisitionResult.Acquired acquired = (AcquisitionResult.Acquired) seen(
        shomei.acquisition().acquire(request));
    String ticket = secret("ticket id", acquired.downloadTicket().orElseThrow().id());
    // the stored ticket itself (its toString, its bytes): since the commit is atomic, no failed
    // acquisition leaves an orphan ticket behind for the scan below to find
    memory.tickets().find(ticket).ifPresent(observed::add);
    DownloadResult.Downloaded file = (DownloadResult.Downloaded) seen(
        shomei.acquisition().download(ticket));
    byte[] pkcs12 = file.pkcs12();
    binary("PKCS#12", pkcs12);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(new ByteArrayInputStream(pkcs12), acquisition.toCharArray());
    String alias = ks.aliases().nextElement();
    PrivateKey key = (PrivateKey) ks.getKey(alias, acquisition.toCharArray());
    binary("private key (PKCS#8)", key.getEncoded());
    if (key instanceof ECPrivateKey ec) {
      secret("private key scalar (hex)", ec.getS().toString(16));
      secret("private key scalar (decimal)", ec.getS().toString());
    }

    // login: wrong, right with the change (a refused and an accepted new password), again
    LoginResult.PasswordRequired p = (LoginResult.PasswordRequired) seen(shomei.login()
        .presentCertificate(Rig.FX, List.of(acquired.certificate())));
    seen(p.pending());
    seen(shomei.login().password(p.pending(), Secret.of(secret("guess 3", "Guess#three-9wv"))));
    LoginResult.ChangeRequired change = (LoginResult.ChangeRequired) seen(
        shomei.login().password(p.pending(), Secret.of(temporary)));
    seen(shomei.login().changePassword(change.pending(), Secret.of(temporary),
        Secret.of(secret("refused new password", "70000001abc"))));
    String chosen = secret("new password", "Kz8#quiet-River-42");
    seen(shomei.login().changePassword(change.pending(), Secret.of(temporary), Secret.of(chosen)));
    LoginResult.PasswordRequired again = (LoginResult.PasswordRequired) seen(shomei.login()
        .presentCertificate(Rig.FX, List.of(acquired.certificate())));
    seen(shomei.login().password(again.pending(), Secret.of(chosen)));

    // policy messages in both languages
    PasswordValidation v = seen(PasswordPolicy.japaneseBank().validate(
        Secret.of(secret("weak password", "aaaa1111")), PasswordContext.none()));
    for (PasswordViolation violation : v.violations()) {
      observed.add(violation.message(Locale.JAPANESE));
      observed.add(violation.message(Locale.ENGLISH));
    }

    // operators
    AccountKey account = new AccountKey("70000001", Rig.FX);
    OperatorOutcome.NewPassword newAcquisition = (OperatorOutcome.NewPassword) seen(
        shomei.operator("branch-042/tanaka").resetAcquisitionPassword(account));
    secret("operator acquisition password", newAcquisition.newPassword());
    OperatorOutcome.NewPassword newTemporary = (OperatorOutcome.NewPassword) seen(
        shomei.operator("branch-042/tanaka").resetTemporaryPassword(account));
    String operatorTemporary = secret("operator temporary password", newTemporary.newPassword());
    seen(shomei.operator("branch-042/tanaka").unlockLogin(account));
    Optional<AccountView> view = shomei.operator("branch-042/tanaka").view(account);
    seen(view.orElseThrow());
    seen(shomei.operator("branch-042/tanaka"));

    // failures: injected, and the flows' own
    plan.failNext(Call.named("Storage.commitAcquisition"), Fault.fail());
    expectFailure(() -> Rig.acquire(shomei, "70000001", Secret.of(operatorTemporary),
        newAcquisition.newPassword()));
    plan.failNext(Call.named("KeyCustody.sign"), Fault.fail());
    expectFailure(() -> shomei.crl().issue());
    plan.failNext(Call.named("CredentialStore.update"), Fault.timeout(Duration.ofMillis(1)));
    expectFailure(() -> Rig.acquire(shomei, "70000001", Secret.of("Guess#four-1aa"),
        Secret.of("Guess#five-2bb")));
    secret("guess 4", "Guess#four-1aa");
    secret("guess 5", "Guess#five-2bb");
    // a revocation whose ticket cleanup fails is logged (WARN) and still succeeds
    plan.failNext(Call.named("DownloadTicketStore.deleteForCertificate"), Fault.fail());
    seen(shomei.operator("branch-042/tanaka").revoke(acquired.serial(),
        RevocationReason.KEY_COMPROMISE));
    seen(shomei.crl().issue());
    Secret destroyed = Secret.of(chosen);
    destroyed.destroy();
    expectFailure(destroyed::toCharArray);
    expectFailure(() -> Rig.CHEAP.hash(Secret.of("x".repeat(5000))));

    // H2, with concurrent acquisitions of one account (retries are logged at DEBUG)
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:hygiene-" + UUID.randomUUID()
        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
        "sa", "");
    Rig.Stores h2 = JdbcRace.stores(JdbcStorage.create(pool));
    Shomei jdbc = Rig.shomei(h2, clock, 5, AcquisitionMode.REUSABLE, b -> b);
    LetterFields second = Rig.enroll(jdbc, "70000002");
    secret("H2 temporary password", second.temporaryPassword());
    secret("H2 acquisition password", second.acquisitionPassword());
    List<AcquisitionResult> results = Collections.synchronizedList(new ArrayList<>());
    Concurrently.run(8, Duration.ofMinutes(2), t -> results.add(Rig.acquire(jdbc, second)));
    observed.addAll(results);
    for (AcquisitionResult r : results) {
      if (r instanceof AcquisitionResult.Acquired a && a.downloadTicket().isPresent()) {
        String id = a.downloadTicket().orElseThrow().id();
        secret("H2 ticket id " + id.substring(0, 4), id);
        DownloadResult d = seen(jdbc.acquisition().download(id));
        if (d instanceof DownloadResult.Downloaded dd) {
          binary("H2 PKCS#12 " + id.substring(0, 4), dd.pkcs12());
        }
      }
    }
    seen(h2.credentials().find(new AccountKey("70000002", Rig.FX)).orElseThrow());
    observed.addAll(h2.tickets().findByAccount(new AccountKey("70000002", Rig.FX)));
    List<AuditRecord> h2Audit = h2.auditRecords();
    pool.dispose();
    expectFailure(() -> h2.credentials().find(new AccountKey("70000002", Rig.FX)));

    // what the stores and the audit trail hold
    observed.add(memory.credentials().find(account).orElseThrow());
    observed.addAll(memory.tickets().findByAccount(account));
    memory.certificates().forEach(observed::add);
    List<AuditRecord> audit = new ArrayList<>(memory.auditRecords());
    audit.addAll(h2Audit);
    observed.addAll(audit);

    List<String> logs = CapturingLogProvider.lines();
    List<String> ours = logs.subList(Math.min(logsBefore, logs.size()), logs.size());
    Scan scan = new Scan();
    observed.forEach(o -> scan.walk(o, "result", 0));
    failures.forEach(f -> scan.throwable(f, "exception"));
    ours.forEach(l -> scan.text(l, "log"));
    audit.forEach(r -> {
      scan.text(r.toString(), "audit");
      r.details().forEach((k, val) -> scan.text(k + "=" + val, "audit detail"));
    });

    System.out.println("SecretHygieneTest: scanned " + ours.size() + " log lines of this test ("
        + CapturingLogProvider.total() + " captured in this JVM), " + failures.size()
        + " exceptions, " + scan.texts + " texts from " + scan.types.size() + " types, "
        + audit.size() + " audit records, for " + secrets.size() + " secret needles: "
        + scan.hits.size() + " hits");
    System.out.println("SecretHygieneTest: types " + scan.types);
    ours.forEach(l -> System.out.println("SecretHygieneTest: log " + l));
    failures.forEach(f -> System.out.println("SecretHygieneTest: exception " + f));
    assertThat(scan.hits).as("secrets found").isEmpty();
    assertThat(ours).as("the provider captured core's log lines")
        .anyMatch(l -> l.startsWith("WARN io.shomei.core"));
    assertThat(scan.types).as("the scan reached the public types that carry secrets nearby")
        .contains("Acquired", "Refused", "Downloaded", "Enrolled", "LetterFields", "Secret",
            "AcquisitionRequest", "PasswordRequired", "ChangeRequired", "PolicyViolations",
            "Authenticated", "PendingLogin", "NewPassword", "Done", "CredentialState",
            "AccountView", "DownloadTicketInfo", "Crl", "CredentialRecord", "LoginPassword",
            "AcquisitionPassword", "DownloadTicket", "CertificateRecord", "AuditRecord",
            "CertificateSummary", "PasswordViolation", "PasswordValidation.Rejected",
            "Shomei", "LoginEngine");
    letter.close();
    second.close();
  }

  @Test
  void theScanFindsASecretPlantedAnywhere() {
    String pw = secret("planted", "Planted#secret-5");
    Scan scan = new Scan();
    scan.text("INFO x - user typed " + pw, "log");
    scan.throwable(new IllegalStateException("outer", new IllegalArgumentException("bad " + pw)),
        "exception");
    IllegalStateException suppressor = new IllegalStateException("fine");
    suppressor.addSuppressed(new RuntimeException(pw));
    scan.throwable(suppressor, "exception");
    scan.walk(new Leaky(List.of(Optional.of(new Inner(pw)))), "result", 0);
    assertThat(scan.hits).anyMatch(h -> h.startsWith("planted in log: "))
        .anyMatch(h -> h.startsWith("planted in exception cause: "))
        .anyMatch(h -> h.startsWith("planted in exception suppressed: "))
        .anyMatch(h -> h.startsWith("planted in result Leaky.inner Inner: "));
  }

  record Inner(String value) {}

  record Leaky(List<Optional<Inner>> inner) {}

  @Test
  void noLogLineOfTheWholeSuiteLooksLikeASecret() {
    List<String> logs = CapturingLogProvider.lines();
    List<String> suspicious = logs.stream().filter(l -> l.contains("PRIVATE KEY")
        || l.contains("$argon2") || l.contains("$pbkdf2") || LONG_BASE64.matcher(l).find()
        || LONG_HEX.matcher(l).find()).toList();
    System.out.println("SecretHygieneTest: " + logs.size() + " log lines captured in this JVM ("
        + CapturingLogProvider.total() + " events), " + suspicious.size() + " secret-shaped");
    assertThat(suspicious).isEmpty();
  }

  /** Collects texts and finds the needles in them. */
  final class Scan {
    final List<String> hits = new ArrayList<>();
    final Set<String> types = new TreeSet<>();
    int texts;
    private final Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());

    void text(@Nullable String s, String where) {
      if (s == null) {
        return;
      }
      texts++;
      secrets.forEach((label, needle) -> {
        if (s.contains(needle)) {
          hits.add(label + " in " + where + ": " + s.substring(0, Math.min(200, s.length())));
        }
      });
    }

    void throwable(Throwable t, String where) {
      if (!visited.add(t)) {
        return;
      }
      text(t.toString(), where);
      text(t.getMessage(), where);
      text(t.getLocalizedMessage(), where);
      for (Throwable s : t.getSuppressed()) {
        throwable(s, where + " suppressed");
      }
      Throwable cause = t.getCause();
      if (cause != null) {
        throwable(cause, where + " cause");
      }
    }

    /** The toString of an object and of what is reachable from it (strings are data: skipped). */
    void walk(@Nullable Object o, String where, int depth) {
      if (o == null || o instanceof CharSequence || o.getClass().isArray() || depth > 6
          || !visited.add(o)) {
        return;
      }
      if (o instanceof Collection<?> c) {
        c.forEach(e -> walk(e, where, depth + 1));
        return;
      }
      if (o instanceof Map<?, ?> m) {
        m.forEach((k, val) -> {
          walk(k, where, depth + 1);
          walk(val, where, depth + 1);
        });
        return;
      }
      if (o instanceof Optional<?> opt) {
        opt.ifPresent(e -> walk(e, where, depth + 1));
        return;
      }
      Class<?> type = o.getClass();
      String name = type.getName();
      String simple = type.getEnclosingClass() != null && type.isRecord()
          && name.contains("PasswordValidation") ? "PasswordValidation." + type.getSimpleName()
          : type.getSimpleName();
      types.add(simple);
      text(o.toString(), where + " " + simple);
      if (type.isRecord()) {
        for (RecordComponent rc : type.getRecordComponents()) {
          try {
            rc.getAccessor().setAccessible(true);
            walk(rc.getAccessor().invoke(o), where + " " + simple + "." + rc.getName(), depth + 1);
          } catch (ReflectiveOperationException | RuntimeException e) {
            // a destroyed secret or an inaccessible accessor: its toString was already scanned
          }
        }
      }
      if (o instanceof Crl crl) {
        text(crl.pem(), where + " Crl.pem");
      }
    }
  }
}
