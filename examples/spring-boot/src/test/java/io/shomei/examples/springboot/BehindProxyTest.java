package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadResult;
import io.shomei.core.forwarded.ForwardedFormat;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.Secret;
import io.shomei.store.jdbc.JdbcStorage;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.TlsTerminator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The Spring Boot host behind the HAProxy configuration shipped with the web example: plain HTTP
 * on 127.0.0.1, the certificate taken from HAProxy's header only from 127.0.0.2. curl logs in
 * through HAProxy (certificate step, temporary password, change); the same header forged straight
 * to the backend is refused as coming from an untrusted peer and audited, and is taken from the
 * proxy's address (so the gate is what refused it).
 */
@TestPropertySource(properties = {
    "server.ssl.enabled=false",
    "shomei.behind-proxy.format=haproxy",
    "shomei.behind-proxy.trusted-peers=127.0.0.2",
    "spring.datasource.url=jdbc:h2:mem:shomei-spring-proxy-test;MODE=PostgreSQL;"
        + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class BehindProxyTest extends HostTestSupport {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Path HAPROXY_CFG = Path.of("..", "web", "proxy", "haproxy.cfg");

  @TempDir Path tmp;
  @Autowired JdbcStorage storage;

  @Test
  void curlLogsInThroughHaproxyAndAHeaderForgedToTheBackendIsRefusedAndAudited()
      throws Exception {
    Components.require(Component.HAPROXY, Component.CURL, Component.OPENSSL);
    Letter letter = enroll("55500021", FORWARD);
    AcquisitionResult.Acquired a = (AcquisitionResult.Acquired) shomei.acquisition().acquire(
        AcquisitionRequest.of(letter.userId(), FORWARD, Secret.of(letter.temporaryPassword()),
            Secret.of(letter.acquisitionPassword())));
    DownloadResult.Downloaded file = (DownloadResult.Downloaded) shomei.acquisition()
        .download(a.downloadTicket().orElseThrow().id());
    Path p12 = tmp.resolve("customer.p12");
    Files.write(p12, file.pkcs12());
    Path config = secret("cert.cfg", "cert = \"" + p12 + ":" + letter.acquisitionPassword()
        + "\"\ncert-type = \"P12\"\n");

    try (TlsTerminator haproxy = TlsTerminator.haproxy(HAPROXY_CFG, Map.of(
        "@CLIENT_CA@", clientCas(tmp).toString(), "@BACKEND_PORT@", Integer.toString(port),
        "@SOURCE_ADDRESS@", "127.0.0.2"), c -> c, tmp.resolve("haproxy"))) {
      Curl customer = new Curl(haproxy.base(), "customer", "--cacert",
          haproxy.siteCertificate().toString(), "-K", config.toString());
      String base = haproxy.base();
      assertThat(customer.post("/login/certificate", customer.csrf("/"), "service=" + FORWARD))
          .as(haproxy.log()).isEqualTo("303 " + base + "login/password");
      assertThat(customer.post("/login/password", customer.csrf("/login/password"),
          "password=" + letter.temporaryPassword())).isEqualTo("303 " + base + "login/change");
      String fresh = "Proxy2go" + letter.userId().substring(0, 3) + "x";
      assertThat(customer.post("/login/change", customer.csrf("/login/change"),
          "newPassword=" + fresh, "confirmation=" + fresh))
          .isEqualTo("303 " + base + "home");
      assertThat(customer.get("/home")).startsWith("200");
      assertThat(customer.body()).contains(letter.userId());
    }
    assertThat(refusals()).isEmpty();

    // the customer's certificate is public: anyone can put it in HAProxy's header
    X509Certificate victim = a.certificate();
    String forged = "X-SSL-Client-Cert: "
        + Base64.getEncoder().encodeToString(victim.getEncoded());
    String backend = "http://127.0.0.1:" + port + "/";
    Curl attacker = new Curl(backend, "attacker", "-H", forged);
    String refused = attacker.post("/login/certificate", attacker.csrf("/"),
        "service=" + FORWARD);
    assertThat(refused).doesNotContain("/login/password");
    // the filter reads the header on every request: the login page and the certificate step
    assertThat(refusals()).hasSize(2).allSatisfy(r -> assertThat(r.details())
        .containsEntry("reason", "UNTRUSTED_PEER").containsEntry("peer", "127.0.0.1"));

    Curl fromProxyAddress = new Curl(backend, "proxy-address", "-H", forged,
        "--interface", "127.0.0.2");
    assertThat(fromProxyAddress.post("/login/certificate",
        fromProxyAddress.csrf("/"), "service=" + FORWARD)).isEqualTo("303 " + backend + "login/password");
    assertThat(ForwardedFormat.HAPROXY_BASE64_DER.certificateHeader())
        .isEqualTo("X-SSL-Client-Cert");
  }

  private List<AuditRecord> refusals() {
    List<AuditRecord> out = new ArrayList<>();
    storage.auditLog().forEach(1, r -> {
      if (r.type().equals("FORWARDED_CERTIFICATE_REFUSED")) {
        out.add(r);
      }
    });
    return out;
  }

  private Path secret(String name, String content) throws Exception {
    Path f = tmp.resolve(name);
    Files.createFile(f, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  /**
   * One curl client with a cookie jar. The session cookie is {@code Secure}: over plain HTTP to
   * the backend curl would not send it back, so the jar's cookies are also sent as a header.
   */
  private final class Curl {
    private final String base;
    private final Path jar;
    private final Path out;
    private final List<String> options;

    Curl(String base, String name, String... options) {
      this.base = base;
      this.jar = tmp.resolve(name + ".jar");
      this.out = tmp.resolve(name + ".html");
      this.options = List.of(options);
    }

    String get(String path) throws Exception {
      return run(path);
    }

    String csrf(String path) throws Exception {
      assertThat(run(path)).startsWith("200");
      Matcher m = CSRF.matcher(body());
      assertThat(m.find()).as("a CSRF field in " + body()).isTrue();
      return m.group(1);
    }

    /** A form post: each field "name=value", URL-encoded by curl. */
    String post(String path, String csrf, String... fields) throws Exception {
      List<String> args = new ArrayList<>(List.of("--data-urlencode", "_csrf=" + csrf));
      for (String f : fields) {
        args.addAll(List.of("--data-urlencode", f));
      }
      return run(path, args.toArray(new String[0]));
    }

    String body() throws Exception {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    private String run(String path, String... args) throws Exception {
      List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
          "-b", jar.toString(), "-c", jar.toString(), "-o", out.toString(),
          "-w", "%{http_code} %{redirect_url}"));
      if (base.startsWith("http:") && Files.exists(jar)) {
        String cookies = cookies();
        if (!cookies.isEmpty()) {
          cmd.addAll(List.of("-H", "Cookie: " + cookies));
        }
      }
      cmd.addAll(options);
      cmd.addAll(List.of(args));
      cmd.add(base + path.substring(1));
      return ProcessRunner.run(cmd, TIMEOUT, tmp, Map.of(), null).requireSuccess().stdout().trim();
    }

    private String cookies() throws Exception {
      List<String> pairs = new ArrayList<>();
      for (String line : Files.readAllLines(jar, StandardCharsets.UTF_8)) {
        String l = line.startsWith("#HttpOnly_") ? line.substring("#HttpOnly_".length()) : line;
        if (l.isBlank() || l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\t", -1);
        if (f.length >= 7) {
          pairs.add(f[5] + "=" + f[6]);
        }
      }
      return String.join("; ", pairs);
    }
  }
}
