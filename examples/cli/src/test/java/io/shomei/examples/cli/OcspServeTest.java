package io.shomei.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shomei ocsp serve} driven from outside: {@code openssl ocsp} and an nginx TLS terminator
 * with {@code ssl_verify_client on} and {@code ssl_ocsp on} ask the responder about certificates
 * the CLI acquired, superseded and revoked; the same nginx with {@code ssl_crl} reads the CRL file
 * {@code shomei crl} writes. Everything listens on 127.0.0.1 and is stopped by the test.
 */
class OcspServeTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String USER = "12345678";
  static final String FX = "fx-forward";
  static final String P12_PASSWORD_ENV = "ACQ_PW";
  /** Every certificate may be renewed at any time, so a second acquisition supersedes the first. */
  static final String RENEW_ANY_TIME = """
      shomei-rules 1
      zone = Asia/Tokyo
      [renewal always]
      service = fx-forward
      renew-before-days = 36500
      explanation-code = RENEW
      """;

  @TempDir Path tmp;
  private final List<Runnable> stops = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    for (int i = stops.size() - 1; i >= 0; i--) {
      stops.get(i).run();
    }
  }

  /** The customer's files: the PKCS#12, and its certificate and the CA as PEM. */
  record Acquired(Path p12, Path pem, X509Certificate cert, Path caPem) {
    String serialHex() {
      return "0x" + cert.getSerialNumber().toString(16);
    }
  }

  private Cli cli = new Cli(Path.of("unset"));
  private String acquisitionPassword = "";

  private void enroll() throws IOException {
    cli = new Cli(tmp.resolve("data"));
    cli.run("init").expect(0, "result", "initialized");
    Path rules = tmp.resolve("renew.rules");
    Files.writeString(rules, RENEW_ANY_TIME, StandardCharsets.UTF_8);
    cli.run("rules", "install", "--rules", rules.toString()).expect(0, "result", "installed");
    Cli.Result user = cli.run("user", "add", "--user-id", USER, "--service", FX)
        .expect(0, "result", "enrolled");
    acquisitionPassword = user.get("acquisition-password");
    cli.env("LOGIN_PW", user.get("temporary-password")).env(P12_PASSWORD_ENV, acquisitionPassword);
  }

  /**
   * Acquires a new certificate. While the active certificate's file has downloads left, an
   * acquisition resumes it; those downloads are used up first, so the new one supersedes it.
   */
  private Acquired acquire(String name) throws Exception {
    Path p12 = tmp.resolve(name + ".p12");
    for (int i = 0; ; i++) {
      assertThat(i).as("downloads of the previous file are used up").isLessThan(5);
      Path out = tmp.resolve(name + "-" + i + ".p12");
      Cli.Result r = cli.run("cert", "acquire", "--user-id", USER, "--service", FX,
          "--password-env", "LOGIN_PW", "--acquisition-password-env", P12_PASSWORD_ENV,
          "--out", out.toString(), "--profile", "modern").expect(0, "result", "acquired");
      if (r.get("resumed").equals("false")) {
        Files.move(out, p12);
        break;
      }
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, acquisitionPassword.toCharArray());
    }
    Certificate[] chain = ks.getCertificateChain(ks.aliases().nextElement());
    Path pem = tmp.resolve(name + ".pem");
    Files.writeString(pem, CertCommands.pem((X509Certificate) chain[0]), StandardCharsets.US_ASCII);
    Path ca = tmp.resolve(name + "-ca.pem");
    Files.writeString(ca, CertCommands.pem((X509Certificate) chain[chain.length - 1]),
        StandardCharsets.US_ASCII);
    return new Acquired(p12, pem, (X509Certificate) chain[0], ca);
  }

  /** Starts {@code shomei ocsp serve} in a thread on a free port; stopped after the test. */
  private int serve(String... extra) throws Exception {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of("ocsp", "serve", "--port", Integer.toString(port)));
    args.addAll(List.of(extra));
    Cli server = new Cli(tmp.resolve("data"));
    AtomicReference<Cli.Result> result = new AtomicReference<>();
    Thread t = new Thread(() -> result.set(server.run(args.toArray(new String[0]))),
        "ocsp-serve-under-test");
    t.setDaemon(true);
    t.start();
    stops.add(() -> {
      t.interrupt();
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(t.isAlive()).as("ocsp serve stops when interrupted").isFalse();
      Cli.Result served = result.get();
      assertThat(served).isNotNull();
      java.util.Objects.requireNonNull(served).expect(0, "result", "serving")
          .has("url", "http://127.0.0.1:" + port + "/ocsp");
    });
    awaitPort(port, () -> result.get() == null ? "" : result.get().toString());
    return port;
  }

  private ProcessRunner.Result ocsp(Acquired issuer, int port, String... what) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "ocsp", "-issuer",
        issuer.caPem().toString(), "-url", "http://127.0.0.1:" + port + "/ocsp"));
    cmd.addAll(List.of(what));
    return ProcessRunner.run(cmd, TIMEOUT, tmp, Map.of(), null);
  }

  @Test
  void opensslOcspSeesGoodThenSupersededAndRevokedAndUnknownSignedByTheDelegatedResponder()
      throws Exception {
    Components.require(Component.OPENSSL);
    enroll();
    Acquired first = acquire("first");
    Path responderPem = tmp.resolve("responder.pem");
    int port = serve("--responder", "delegated", "--responder-cert-out", responderPem.toString());

    ProcessRunner.Result good = ocsp(first, port, "-cert", first.pem().toString(),
        "-VAfile", responderPem.toString()).requireSuccess();
    assertThat(good.stdout()).contains(first.pem() + ": good");
    assertThat(good.stderr()).contains("Response verify OK");
    // the delegated certificate also chains to the CA (id-kp-OCSPSigning checked by OpenSSL)
    ProcessRunner.Result viaCa = ocsp(first, port, "-cert", first.pem().toString(),
        "-CAfile", first.caPem().toString()).requireSuccess();
    assertThat(viaCa.stderr()).contains("Response verify OK");
    assertThat(viaCa.stdout()).contains(": good");

    // a second acquisition supersedes the first: revoked, reason superseded, at once
    Acquired second = acquire("second");
    ProcessRunner.Result superseded = ocsp(first, port, "-cert", first.pem().toString(),
        "-VAfile", responderPem.toString()).requireSuccess();
    assertThat(superseded.stdout()).contains(first.pem() + ": revoked")
        .contains("Reason: superseded");
    assertThat(ocsp(second, port, "-cert", second.pem().toString(), "-VAfile",
        responderPem.toString()).requireSuccess().stdout()).contains(second.pem() + ": good");

    // an operator revokes the second: revoked, reason keyCompromise, right after
    cli.run("operator", "revoke", "--user-id", USER, "--service", FX, "--operator", "branch-042",
        "--reason", "key-compromise").expect(0, "result", "revoked");
    ProcessRunner.Result revoked = ocsp(second, port, "-cert", second.pem().toString(),
        "-VAfile", responderPem.toString()).requireSuccess();
    assertThat(revoked.stdout()).contains(second.pem() + ": revoked")
        .contains("Reason: keyCompromise");
    assertThat(revoked.stderr()).contains("Response verify OK");

    // a serial Shomei never issued under this CA
    ProcessRunner.Result unknown = ocsp(first, port, "-serial", "0x5eed0000000000000001",
        "-VAfile", responderPem.toString()).requireSuccess();
    assertThat(unknown.stdout()).contains("0x5eed0000000000000001: unknown");
  }

  /**
   * One {@code ocsp serve} for a data directory after a rollover: it answers about the old CA's
   * certificates and the new CA's, each answer signed by the certificate's own CA.
   */
  @Test
  void opensslOcspAsksOneResponderAboutCertificatesOfTheOldAndTheNewCa() throws Exception {
    Components.require(Component.OPENSSL);
    enroll();
    Acquired old = acquire("old");
    cli.run("ca", "add", "--label", "ca-2", "--issuing-from",
        java.time.Instant.now().minusSeconds(1).toString()).expect(0, "result", "added")
        .has("ended-label", "initial");
    Acquired renewed = acquire("renewed");
    assertThat(renewed.cert().getIssuerX500Principal())
        .isNotEqualTo(old.cert().getIssuerX500Principal());
    Path signers = tmp.resolve("signers.pem");
    int port = serve("--responder-cert-out", signers.toString());

    ProcessRunner.Result superseded = ocsp(old, port, "-cert", old.pem().toString(), "-VAfile",
        signers.toString()).requireSuccess();
    assertThat(superseded.stdout()).contains(old.pem() + ": revoked")
        .contains("Reason: superseded");
    assertThat(superseded.stderr()).contains("Response verify OK");
    ProcessRunner.Result good = ocsp(renewed, port, "-cert", renewed.pem().toString(), "-VAfile",
        signers.toString()).requireSuccess();
    assertThat(good.stdout()).contains(renewed.pem() + ": good");
    assertThat(good.stderr()).contains("Response verify OK");
    // each answer verifies with its own CA alone
    assertThat(ocsp(renewed, port, "-cert", renewed.pem().toString(), "-CAfile",
        renewed.caPem().toString()).requireSuccess().stderr()).contains("Response verify OK");

    cli.run("operator", "revoke", "--user-id", USER, "--service", FX, "--operator", "branch-042",
        "--reason", "key-compromise").expect(0, "result", "revoked");
    assertThat(ocsp(renewed, port, "-cert", renewed.pem().toString(), "-VAfile",
        signers.toString()).requireSuccess().stdout()).contains(renewed.pem() + ": revoked")
        .contains("Reason: keyCompromise");
    assertThat(ocsp(renewed, port, "-serial", "0x5eed0000000000000001", "-VAfile",
        signers.toString()).requireSuccess().stdout())
        .contains("0x5eed0000000000000001: unknown");

    // delegated: each CA certifies a responder key of its own
    Path delegated = tmp.resolve("delegated.pem");
    int second = serve("--responder", "delegated", "--responder-cert-out", delegated.toString());
    ProcessRunner.Result oldByKey = ocsp(old, second, "-cert", old.pem().toString(), "-VAfile",
        delegated.toString()).requireSuccess();
    assertThat(oldByKey.stdout()).contains(old.pem() + ": revoked").contains("Reason: superseded");
    assertThat(oldByKey.stderr()).contains("Response verify OK");
    ProcessRunner.Result newByKey = ocsp(renewed, second, "-cert", renewed.pem().toString(),
        "-VAfile", delegated.toString()).requireSuccess();
    assertThat(newByKey.stdout()).contains(renewed.pem() + ": revoked");
    assertThat(newByKey.stderr()).contains("Response verify OK");
    // one responder certificate per CA, for a key of its own, issued by that CA for OCSP signing
    List<X509Certificate> responders = new ArrayList<>();
    try (java.io.InputStream in = Files.newInputStream(delegated)) {
      java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)
          .forEach(c -> responders.add((X509Certificate) c));
    }
    assertThat(responders).extracting(X509Certificate::getIssuerX500Principal)
        .containsExactly(old.cert().getIssuerX500Principal(),
            renewed.cert().getIssuerX500Principal());
    for (X509Certificate r : responders) {
      assertThat(r.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.9");
    }
  }

  @Test
  void nginxWithOcspLetsAnActiveCertificateThroughAndRefusesASupersededAndARevokedOne()
      throws Exception {
    Components.require(Component.NGINX, Component.CURL, Component.OPENSSL);
    enroll();
    Acquired first = acquire("first");
    int ocspPort = serve();
    Path dir = Files.createDirectories(tmp.resolve("nginx"));
    int port = startNginx(dir, first.caPem(), ocspPort);

    assertThat(curl(dir, first, port)).isEqualTo("200 verified CN=" + USER + ",O=Example Bank,C=JP");
    Acquired second = acquire("second");
    assertThat(curl(dir, second, port)).isEqualTo("200 verified CN=" + USER + ",O=Example Bank,C=JP");
    assertThat(curl(dir, first, port)).as("superseded").startsWith("400");
    cli.run("operator", "revoke", "--user-id", USER, "--service", FX, "--operator", "branch-042",
        "--reason", "key-compromise").expect(0, "result", "revoked");
    assertThat(curl(dir, second, port)).as("revoked").startsWith("400");
    String log = Files.readString(dir.resolve("error.log"), StandardCharsets.UTF_8);
    assertThat(log).contains("certificate revoked");
  }

  @Test
  void nginxWithTheCrlFileLetsAnActiveCertificateThroughAndRefusesASupersededAndARevokedOne()
      throws Exception {
    Components.require(Component.NGINX, Component.CURL, Component.OPENSSL);
    enroll();
    Acquired first = acquire("first");
    Path dir = Files.createDirectories(tmp.resolve("nginx"));
    Path crl = dir.resolve("shomei.crl.pem");
    writeCrl(crl, 0);
    String verified = "200 verified CN=" + USER + ",O=Example Bank,C=JP";
    int port = freePort();
    Runnable stop = startNginx(dir, first.caPem(), port, "ssl_crl " + crl.toAbsolutePath() + ";");
    assertThat(curl(dir, first, port)).isEqualTo(verified);

    // a re-acquisition supersedes the first certificate: on the next CRL, which nginx reads at start
    Acquired second = acquire("second");
    writeCrl(crl, 1);
    stop.run();
    stop = startNginx(dir, first.caPem(), port, "ssl_crl " + crl.toAbsolutePath() + ";");
    assertThat(curl(dir, first, port)).as("superseded").startsWith("400");
    assertThat(curl(dir, second, port)).isEqualTo(verified);

    cli.run("operator", "revoke", "--user-id", USER, "--service", FX, "--operator", "branch-042",
        "--reason", "key-compromise").expect(0, "result", "revoked");
    writeCrl(crl, 2);
    stop.run();
    startNginx(dir, first.caPem(), port, "ssl_crl " + crl.toAbsolutePath() + ";");
    assertThat(curl(dir, second, port)).as("revoked").startsWith("400");
    assertThat(curl(dir, first, port)).as("still superseded").startsWith("400");
    String log = Files.readString(dir.resolve("error.log"), StandardCharsets.UTF_8);
    assertThat(log).contains("certificate revoked");
  }

  /**
   * The README's configuration for a bank that wants its re-acquisition page shown instead of
   * nginx's handshake error: on the certificate-login server, a certificate the responder calls
   * revoked (status 495 inside nginx) is redirected to the acquisition page on the pages' server,
   * which never asks for a certificate (a redirect to the same server would fail again).
   */
  @Test
  void nginxSendsARevokedCertificateToTheReacquisitionPageOnThePagesServer() throws Exception {
    Components.require(Component.NGINX, Component.CURL, Component.OPENSSL);
    enroll();
    Acquired first = acquire("first");
    int ocspPort = serve();
    Path dir = Files.createDirectories(tmp.resolve("nginx"));
    int port = freePort();
    String pages = "https://pages.bank.example";
    startNginx(dir, first.caPem(), port, """
        ssl_verify_client on;
            ssl_ocsp on;
            ssl_ocsp_responder http://127.0.0.1:%d/ocsp;
            error_page 495 = @refused;
            location @refused {
              if ($ssl_client_verify ~ "^FAILED:certificate revoked") {
                return 303 %s/fx-forward/acquire;
              }
              return 400;
            }""".formatted(ocspPort, pages), """
            default_type text/plain;
              return 200 "verified $ssl_client_s_dn";""");

    String verified = "200 verified CN=" + USER + ",O=Example Bank,C=JP";
    assertThat(curl(dir, first, port)).isEqualTo(verified);
    Acquired second = acquire("second");
    assertThat(curl(dir, first, port)).as("superseded")
        .isEqualTo("303 " + pages + "/fx-forward/acquire");
    assertThat(curl(dir, second, port)).isEqualTo(verified);
    cli.run("operator", "revoke", "--user-id", USER, "--service", FX, "--operator", "branch-042",
        "--reason", "key-compromise").expect(0, "result", "revoked");
    assertThat(curl(dir, second, port)).as("revoked").isEqualTo("303 " + pages + "/fx-forward/acquire");
    ProcessRunner.Result none = ProcessRunner.run(List.of("curl", "-sS", "--max-time", "30",
        "--cacert", dir.resolve("server.pem").toString(), "-o", "/dev/null", "-w", "%{http_code}",
        "https://127.0.0.1:" + port + "/"), TIMEOUT, dir, Map.of(), null).requireSuccess();
    assertThat(none.stdout()).as("no certificate at all").isEqualTo("400");
  }

  /** Writes the CA's CRL with the operator CLI, as PEM, and checks how many it lists. */
  private void writeCrl(Path out, int entries) {
    cli.run("crl", "--out", out.toString(), "--format", "pem").expect(0, "result", "issued")
        .has("entries", Integer.toString(entries));
  }

  private int startNginx(Path dir, Path clientCa, int ocspPort) throws Exception {
    int port = freePort();
    startNginx(dir, clientCa, port, "ssl_ocsp on;\n    ssl_ocsp_responder http://127.0.0.1:"
        + ocspPort + "/ocsp;");
    return port;
  }

  /**
   * Starts nginx on {@code port} with the given revocation directives; the returned action stops
   * it (it is also stopped after the test).
   */
  private Runnable startNginx(Path dir, Path clientCa, int port, String revocation)
      throws Exception {
    return startNginx(dir, clientCa, port, "ssl_verify_client on;\n    " + revocation, """
        default_type text/plain;
              return 200 "verified $ssl_client_s_dn";""");
  }

  /** Starts nginx with the given verification directives and the body of {@code location /}. */
  private Runnable startNginx(Path dir, Path clientCa, int port, String verification,
      String location) throws Exception {
    if (!Files.exists(dir.resolve("server.pem"))) {
      ProcessRunner.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key", "-out", "server.pem",
          "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
          TIMEOUT, dir, Map.of(), null).requireSuccess();
    }
    String d = dir.toAbsolutePath().toString();
    String conf = """
        daemon off;
        master_process off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 64; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d ssl;
            ssl_certificate %1$s/server.pem;
            ssl_certificate_key %1$s/server.key;
            ssl_client_certificate %3$s;
            %4$s
            location / {
              %5$s
            }
          }
        }
        """.formatted(d, port, clientCa.toAbsolutePath(), verification, location);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf, StandardCharsets.US_ASCII);
    ProcessRunner.run(List.of("/usr/sbin/nginx", "-t", "-p", d, "-c", file.toString()),
        TIMEOUT, dir, Map.of(), null).requireSuccess();
    Process p = new ProcessBuilder("/usr/sbin/nginx", "-p", d, "-c", file.toString())
        .directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    Runnable stop = () -> {
      p.destroy();
      try {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    stops.add(stop);
    awaitPort(port, () -> p.isAlive() ? "" : "nginx exited with " + p.exitValue());
    return stop;
  }

  /** The status code and body curl gets with the certificate, as "CODE BODY". */
  private String curl(Path dir, Acquired who, int port) {
    ProcessRunner.Result r = ProcessRunner.run(List.of("curl", "-sS", "--max-time", "30",
        "--cacert", dir.resolve("server.pem").toString(),
        "--cert", who.p12() + ":" + curlEscaped(acquisitionPassword), "--cert-type", "P12",
        "-w", "%{http_code} %{redirect_url}", "-o", dir.resolve("body.txt").toString(),
        "https://127.0.0.1:" + port + "/"), TIMEOUT, dir, Map.of(), null).requireSuccess();
    try {
      String body = Files.readString(dir.resolve("body.txt"), StandardCharsets.UTF_8);
      return r.stdout().startsWith("200") ? r.stdout() + body : r.stdout().strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** curl splits --cert at ':'; a backslash escapes it. */
  static String curlEscaped(String password) {
    return password.replace("\\", "\\\\").replace(":", "\\:");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
      return s.getLocalPort();
    }
  }

  static void awaitPort(int port, java.util.function.Supplier<String> whyNot) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 500);
        return;
      } catch (IOException e) {
        String why = whyNot.get();
        if (!why.isEmpty() || System.nanoTime() > deadline) {
          throw new AssertionError("nothing listens on 127.0.0.1:" + port + " " + why, e);
        }
        Thread.sleep(50);
      }
    }
  }
}
