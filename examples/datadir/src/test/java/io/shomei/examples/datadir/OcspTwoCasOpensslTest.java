package io.shomei.examples.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.shomei.core.ocsp.OcspResponder;
import io.shomei.spi.AccountKey;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.RevocationReason;
import io.shomei.testing.MutableClock;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.memory.InMemoryCertificateStore;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One responder for two CAs whose serials overlap, asked by {@code openssl ocsp} over HTTP on
 * 127.0.0.1 through {@link OcspHttpHandler}: the old CA's answers are signed by its delegated
 * responder, the new CA's by the new CA itself, and the same serial has a different status under
 * each.
 */
class OcspTwoCasOpensslTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final TestCa OLD = TestCa.root("Shomei Old Issuing CA");
  static final TestCa NEW = TestCa.root("Shomei New Issuing CA");
  static final TestCa OLD_RESPONDER_KEY = TestCa.root("placeholder for the old CA's responder");
  static final BigInteger SHARED = new BigInteger("5ba7ed0001", 16);
  static final BigInteger ONLY_NEW = new BigInteger("5ba7ed0002", 16);

  @TempDir Path tmp;
  private final InMemoryCertificateStore store = new InMemoryCertificateStore();
  private final MutableClock clock = MutableClock.at(
      Clock.systemUTC().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  private final List<Runnable> stops = new ArrayList<>();
  private int port;

  @BeforeEach
  void serve() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(
        InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    server.setExecutor(pool);
    stops.add(() -> {
      server.stop(0);
      pool.shutdownNow();
    });
    OcspResponder ocsp = OcspResponder.builder().certificateStore(store).keyCustody(OLD)
        .keyCustody(NEW).clock(clock)
        .delegatedResponder(OLD, OLD_RESPONDER_KEY, Duration.ofDays(2)).build();
    server.createContext("/ocsp", new OcspHttpHandler(ocsp, "/ocsp"));
    server.start();
    port = server.getAddress().getPort();
    pem(tmp.resolve("old-responder.pem"), ocsp.signerCertificate(OLD));
  }

  @AfterEach
  void stop() {
    for (int i = stops.size() - 1; i >= 0; i--) {
      stops.get(i).run();
    }
  }

  private Path issue(TestCa ca, String user, BigInteger serial, String file) throws Exception {
    AccountKey account = new AccountKey(user, "fx-forward");
    TestCa.Issued c = ca.leaf().commonName(user).serial(serial).issue();
    CertificateRecord r = c.record(account, clock.instant());
    store.record(r);
    store.activate(r.issuer(), serial, null, clock.instant());
    return pem(tmp.resolve(file), c.certificate());
  }

  private static Path pem(Path file, X509Certificate c) throws Exception {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded());
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    return file;
  }

  private ProcessRunner.Result openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "ocsp", "-url",
        "http://127.0.0.1:" + port + "/ocsp"));
    cmd.addAll(List.of(args));
    return ProcessRunner.run(cmd, TIMEOUT, tmp, Map.of(), null).requireSuccess();
  }

  @Test
  void opensslAsksEachCaAboutTheSameSerialAndVerifiesEachCasSigner() throws Exception {
    Components.require(Component.OPENSSL);
    Path oldCa = pem(tmp.resolve("old-ca.pem"), OLD.certificate());
    Path newCa = pem(tmp.resolve("new-ca.pem"), NEW.certificate());
    Path oldLeaf = issue(OLD, "12345678", SHARED, "old-leaf.pem");
    Path newLeaf = issue(NEW, "12345679", SHARED, "new-leaf.pem");
    store.revoke(store.findBySerial(io.shomei.spi.IssuerName.ofCa(OLD.certificate()), SHARED)
        .orElseThrow().issuer(), SHARED, RevocationReason.CESSATION_OF_OPERATION,
        clock.instant());
    issue(NEW, "12345680", ONLY_NEW, "only-new.pem");

    // the old CA: revoked, answered by its delegated responder (verified with -VAfile and, as
    // the responder certificate chains to the old CA with id-kp-OCSPSigning, with -CAfile)
    ProcessRunner.Result old = openssl("-issuer", oldCa.toString(), "-cert", oldLeaf.toString(),
        "-VAfile", tmp.resolve("old-responder.pem").toString());
    assertThat(old.stdout()).contains(oldLeaf + ": revoked").contains("cessationOfOperation");
    assertThat(old.stderr()).contains("Response verify OK");
    assertThat(openssl("-issuer", oldCa.toString(), "-cert", oldLeaf.toString(), "-CAfile",
        oldCa.toString()).stderr()).contains("Response verify OK");

    // the new CA: the same serial is good, signed by the new CA itself
    ProcessRunner.Result fresh = openssl("-issuer", newCa.toString(), "-cert",
        newLeaf.toString(), "-VAfile", newCa.toString());
    assertThat(fresh.stdout()).contains(newLeaf + ": good");
    assertThat(fresh.stderr()).contains("Response verify OK");

    // a serial only the new CA issued, asked under the old CA: unknown (signed for the old CA)
    String onlyNew = "0x" + ONLY_NEW.toString(16);
    ProcessRunner.Result crossed = openssl("-issuer", oldCa.toString(), "-serial", onlyNew,
        "-VAfile", tmp.resolve("old-responder.pem").toString());
    assertThat(crossed.stdout()).contains(onlyNew + ": unknown");
    assertThat(crossed.stderr()).contains("Response verify OK");

    // without a nonce (openssl sends one by default), the new CA answers the same
    ProcessRunner.Result noNonce = openssl("-issuer", newCa.toString(), "-serial", onlyNew,
        "-VAfile", newCa.toString(), "-no_nonce");
    assertThat(noNonce.stdout()).contains(onlyNew + ": good");
    assertThat(noNonce.stderr()).contains("Response verify OK");

    // both CAs in one request: the first CA named answers, the other certificate is unknown
    ProcessRunner.Result both = openssl("-issuer", newCa.toString(), "-cert",
        newLeaf.toString(), "-issuer", oldCa.toString(), "-cert", oldLeaf.toString(),
        "-VAfile", newCa.toString());
    assertThat(both.stdout()).contains(newLeaf + ": good").contains(oldLeaf + ": unknown");
    assertThat(both.stderr()).contains("Response verify OK");

    // a foreign issuer: unauthorized, whichever CA
    Path foreign = pem(tmp.resolve("foreign.pem"), TestCa.root("Foreign CA").certificate());
    ProcessRunner.Result refused = ProcessRunner.run(List.of("openssl", "ocsp", "-url",
        "http://127.0.0.1:" + port + "/ocsp", "-issuer", foreign.toString(), "-serial", onlyNew,
        "-VAfile", newCa.toString()), TIMEOUT, tmp, Map.of(), null);
    assertThat(refused.stdout() + refused.stderr()).contains("unauthorized");
  }
}
