package io.shomei.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadResult;
import io.shomei.core.DualControl;
import io.shomei.core.EnrollmentResult;
import io.shomei.core.LoginResult;
import io.shomei.core.SensitiveAction;
import io.shomei.core.Shomei;
import io.shomei.core.issue.KeyType;
import io.shomei.core.password.LetterFields;
import io.shomei.examples.datadir.CaSource;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.ServerIdentity;
import io.shomei.examples.web.http.EdgeLimits;
import io.shomei.spi.OperatorRole;
import io.shomei.spi.Secret;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One data directory, one operators' CA and one console on a port of 127.0.0.1, with a clock the
 * tests move; customers made through the SDK (enrolled, certificate acquired, downloaded, first
 * login done), operators enrolled with certificates of the operators' CA.
 */
final class ConsoleFixture implements AutoCloseable {
  private static final AtomicInteger NEXT = new AtomicInteger(41_000_000);
  /** A proposal waits one hour here (the tests move the clock past it). */
  static final Duration EXPIRY = Duration.ofHours(1);
  static final EdgeLimits GENEROUS =
      new EdgeLimits(100_000, 100_000, 100_000, Duration.ofMinutes(10), 100_000);

  final MutableClock clock;
  final DataDir data;
  final TestCa operatorsCa = TestCa.root("Operators CA");
  final ConsoleServer console;
  final Shomei shomei;
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  ConsoleFixture(Path dir) throws Exception {
    clock = MutableClock.at("2020-01-01T00:00:00Z");
    data = DataDir.init(dir, new CaSource.Generate(KeyType.EC_P256,
        "CN=Console Test Root,O=Example Bank,C=JP"), clock, new SecureRandom());
    clock.set(Instant.now());
    console = ConsoleServer.builder(data, List.of(operatorsCa.rootCertificate()))
        .port(0).clock(clock).log(log::add).edgeLimits(GENEROUS)
        .dualControl(new DualControl(EnumSet.allOf(SensitiveAction.Kind.class), EXPIRY))
        .identity(ServerIdentity.loadOrCreate(dir.resolve("console"), Clock.systemUTC(),
            new SecureRandom()))
        .start();
    shomei = console.shomei();
  }

  /** An operator: staff number, certificate of the operators' CA, temporary password. */
  record Operator(String id, TestCa.Issued certificate, String temporaryPassword) {}

  Operator operator(OperatorRole... roles) {
    return operator(String.valueOf(NEXT.incrementAndGet()), roles);
  }

  Operator operator(String staffId, OperatorRole... roles) {
    TestCa.Issued cert = operatorsCa.leaf().commonName(staffId).issue();
    Set<OperatorRole> set = roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles);
    try (Secret temporary = OperatorService.enroll(shomei, data.storage().operatorStore(),
        staffId, set, cert.certificate())) {
      return new Operator(staffId, cert, new String(temporary.toCharArray()));
    }
  }

  ConsoleClient browser(Operator op) {
    return new ConsoleClient(console.uri(), console.identity().caCertificate(),
        op.certificate().keyPair().getPrivate(), op.certificate().certificate());
  }

  ConsoleClient browser(PrivateKey key, X509Certificate certificate) {
    return new ConsoleClient(console.uri(), console.identity().caCertificate(), key, certificate);
  }

  ConsoleClient noCertificate() {
    return new ConsoleClient(console.uri(), console.identity().caCertificate(), null);
  }

  /** The first console login of an operator: certificate, temporary password, a new one. */
  ConsoleClient signedIn(Operator op) {
    ConsoleClient c = browser(op);
    ConsoleClient.Page login = c.get("/");
    assertThat(login.status()).isEqualTo(200);
    ConsoleClient.Page step = c.post("/login", "csrf", login.csrf());
    assertThat(step.status()).as(step.body()).isEqualTo(303);
    assertThat(step.location()).isEqualTo("/password");
    ConsoleClient.Page pw = c.get("/password");
    ConsoleClient.Page next = c.post("/password", "csrf", pw.csrf(),
        "password", op.temporaryPassword());
    assertThat(next.location()).as(next.body()).isEqualTo("/change-password");
    ConsoleClient.Page change = c.get("/change-password");
    String own = "Console" + op.id().substring(4) + "Kawase";
    ConsoleClient.Page done = c.post("/change-password", "csrf", change.csrf(),
        "newPassword", own, "confirmPassword", own);
    assertThat(done.location()).as(done.body()).isEqualTo("/accounts");
    return c;
  }

  /** A customer's letter and certificate, as plain values (test only). */
  record Customer(String userId, String password, X509Certificate certificate, PrivateKey key) {}

  /** A customer of fx-forward: enrolled, certificate acquired and downloaded, first login done. */
  Customer customer() throws Exception {
    return customer(String.valueOf(NEXT.incrementAndGet()));
  }

  Customer customer(String userId) throws Exception {
    String service = DataDir.FX_FORWARD;
    EnrollmentResult e = shomei.enrollment().enroll(userId, service);
    String temporary;
    String acquisition;
    try (LetterFields l = ((EnrollmentResult.Enrolled) e).letter()) {
      temporary = new String(l.temporaryPassword().toCharArray());
      acquisition = new String(l.acquisitionPassword().toCharArray());
    }
    AcquisitionResult.Acquired a = (AcquisitionResult.Acquired) shomei.acquisition().acquire(
        AcquisitionRequest.of(userId, service, Secret.of(temporary), Secret.of(acquisition)));
    DownloadResult.Downloaded d = (DownloadResult.Downloaded) shomei.acquisition()
        .download(a.downloadTicket().orElseThrow().id());
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    p12.load(new ByteArrayInputStream(d.pkcs12()), acquisition.toCharArray());
    String alias = Collections.list(p12.aliases()).stream().filter(x -> {
      try {
        return p12.isKeyEntry(x);
      } catch (java.security.KeyStoreException ex) {
        return false;
      }
    }).findFirst().orElseThrow();
    PrivateKey key = (PrivateKey) p12.getKey(alias, acquisition.toCharArray());
    String own = "Own" + userId.substring(4) + "Pass";
    LoginResult.PasswordRequired p = (LoginResult.PasswordRequired) shomei.login()
        .presentCertificate(service, List.of(a.certificate()));
    LoginResult.ChangeRequired change = (LoginResult.ChangeRequired) shomei.login()
        .password(p.pending(), Secret.of(temporary));
    assertThat(shomei.login().changePassword(change.proof(), Secret.of(own)))
        .isInstanceOf(LoginResult.Authenticated.class);
    return new Customer(userId, own, a.certificate(), key);
  }

  @Override
  public void close() {
    console.close();
    data.close();
  }
}
