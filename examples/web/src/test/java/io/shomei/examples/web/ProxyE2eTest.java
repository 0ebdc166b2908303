package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.forwarded.ForwardedFormat;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.Secret;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import io.shomei.testing.env.TlsTerminator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web example behind real nginx and HAProxy, started from the shipped configurations: curl
 * walks the manual (acquire, download, certificate login, temporary password, change) through
 * each proxy; a certificate header forged straight to the backend is refused as coming from an
 * untrusted peer and audited; one forged through the shipped nginx is stripped; one forged through
 * an HAProxy configured without the strip arrives beside the proxy's own and is refused as
 * duplicated.
 */
class ProxyE2eTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final String FWD = "/fx-forward/";

  @TempDir Path tmp;

  @Test
  void curlWalksTheManualThroughNginx() throws Exception {
    Components.require(Component.NGINX, Component.CURL, Component.OPENSSL);
    try (WebFixture web = behind(ForwardedFormat.NGINX_ESCAPED_PEM);
         TlsTerminator nginx = Proxies.nginx(tmp.resolve("nginx"), web.data,
             web.server.port(), c -> c)) {
      walkTheManual(web, nginx);
    }
  }

  @Test
  void curlWalksTheManualThroughHaproxy() throws Exception {
    Components.require(Component.HAPROXY, Component.CURL, Component.OPENSSL);
    try (WebFixture web = behind(ForwardedFormat.HAPROXY_BASE64_DER);
         TlsTerminator haproxy = Proxies.haproxy(tmp.resolve("haproxy"), web.data,
             web.server.port(), c -> c)) {
      walkTheManual(web, haproxy);
    }
  }

  @Test
  void aHeaderForgedStraightToTheBackendIsRefusedAsUntrustedPeerAndAudited() throws Exception {
    Components.require(Component.CURL);
    try (WebFixture web = behind(ForwardedFormat.HAPROXY_BASE64_DER)) {
      Map<String, String> forged = ForwardedFormat.HAPROXY_BASE64_DER.encode(victim(web));
      String backend = web.server.uri().toString();

      // from 127.0.0.1, which is not the proxy's address: refused before it is read
      Curl attacker = new Curl(backend, null, "jar-attacker.txt").header(forged);
      String refused = attacker.login();
      assertThat(refused).startsWith("200");
      assertThat(attacker.lastBody()).contains(
          Views.MESSAGES.bundle("ja").text("certificate.refused.NO_CERTIFICATE"));
      assertThat(refusals(web)).singleElement().satisfies(r -> assertThat(r.details())
          .containsEntry("reason", "UNTRUSTED_PEER").containsEntry("peer", "127.0.0.1")
          .containsEntry("header", "X-SSL-Client-Cert"));

      // the same bytes from the proxy's address are taken: the gate is what refused them
      Curl proxy = new Curl(backend, null, "jar-proxy.txt").header(forged)
          .option("--interface", Proxies.SOURCE);
      assertThat(proxy.login()).isEqualTo("303 " + backend + "fx-forward/password");
    }
  }

  @Test
  void aHeaderForgedThroughTheShippedNginxIsStripped() throws Exception {
    Components.require(Component.NGINX, Component.CURL, Component.OPENSSL);
    try (WebFixture web = behind(ForwardedFormat.NGINX_ESCAPED_PEM);
         TlsTerminator nginx = Proxies.nginx(tmp.resolve("nginx"), web.data,
             web.server.port(), c -> c)) {
      Curl attacker = new Curl(nginx.base(), nginx.siteCertificate(), "jar.txt")
          .header(ForwardedFormat.NGINX_ESCAPED_PEM.encode(victim(web)));
      assertThat(attacker.login()).startsWith("200");
      assertThat(attacker.lastBody()).contains(
          Views.MESSAGES.bundle("ja").text("certificate.refused.NO_CERTIFICATE"));
      assertThat(refusals(web)).isEmpty(); // nginx replaced it: the backend saw none
    }
  }

  @Test
  void aHeaderForgedThroughHaproxyWithoutTheStripIsRefusedAsDuplicatedAndAudited()
      throws Exception {
    Components.require(Component.HAPROXY, Component.CURL, Component.OPENSSL);
    try (WebFixture web = behind(ForwardedFormat.HAPROXY_BASE64_DER);
         TlsTerminator haproxy = Proxies.haproxy(tmp.resolve("haproxy"), web.data,
             web.server.port(), ProxyE2eTest::withoutTheStrip)) {
      assertThat(withoutTheStrip("""
            http-request del-header X-SSL-Client-Cert
            http-request set-header X-SSL-Client-Cert %[ssl_c_der,base64] if { ssl_c_used }
          """)).isEqualTo("""
            http-request add-header X-SSL-Client-Cert %[ssl_c_der,base64]
          """);
      Curl attacker = new Curl(haproxy.base(), haproxy.siteCertificate(), "jar.txt")
          .header(ForwardedFormat.HAPROXY_BASE64_DER.encode(victim(web)));
      assertThat(attacker.login()).startsWith("200");
      assertThat(attacker.lastBody()).contains(
          Views.MESSAGES.bundle("ja").text("certificate.refused.NO_CERTIFICATE"));
      assertThat(refusals(web)).singleElement().satisfies(r -> assertThat(r.details())
          .containsEntry("reason", "DUPLICATED").containsEntry("peer", Proxies.SOURCE));
    }
  }

  /** The misconfiguration: no del-header, and add-header (which appends) instead of set-header. */
  static String withoutTheStrip(String config) {
    StringBuilder out = new StringBuilder();
    for (String line : config.split("\n", -1)) {
      if (line.startsWith("  http-request del-header")) {
        continue;
      }
      if (line.startsWith("  http-request set-header X-SSL-Client-Cert ")) {
        line = "  http-request add-header X-SSL-Client-Cert %[ssl_c_der,base64]";
      }
      out.append(line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  private WebFixture behind(ForwardedFormat format) {
    return new WebFixture(tmp.resolve("data"),
        b -> b.behindProxy(new BehindProxy(format, List.of(Proxies.SOURCE))));
  }

  /** The DER chain of a customer's active certificate: public, so anyone may hold it. */
  private static List<byte[]> victim(WebFixture web) throws Exception {
    WebFixture.Customer c = web.enroll("fx-forward");
    AcquisitionResult r = web.admin.acquisition().acquire(AcquisitionRequest.of(c.userId(),
        c.service(), Secret.of(c.temporaryPassword()), Secret.of(c.acquisitionPassword())));
    return List.of(((AcquisitionResult.Acquired) r).certificate().getEncoded());
  }

  private static List<AuditRecord> refusals(WebFixture web) {
    List<AuditRecord> out = new ArrayList<>();
    web.data.storage().auditLog().forEach(1, r -> {
      if (r.type().equals("FORWARDED_CERTIFICATE_REFUSED")) {
        out.add(r);
      }
    });
    return out;
  }

  /** A2-A5 then L1-L5 through the proxy, every step asserted. */
  private void walkTheManual(WebFixture web, TlsTerminator proxy) throws Exception {
    WebFixture.Customer who = web.enroll("fx-forward");
    String base = proxy.base();
    Path password = secretFile("password.txt", who.temporaryPassword());
    Path acquisition = secretFile("acquisition.txt", who.acquisitionPassword());
    Curl anonymous = new Curl(base, proxy.siteCertificate(), "jar-anonymous.txt");

    String form = anonymous.page(FWD + "acquire");
    // a quick issuance answers with the download page; a slow one with the "issuing" screen
    String submitted = anonymous.run(FWD + "acquire", "--data-urlencode", "csrf=" + csrf(form),
        "--data-urlencode", "userId=" + who.userId(), "--data-urlencode", "password@" + password,
        "--data-urlencode", "acquisitionPassword@" + acquisition);
    assertThat(submitted).as(proxy.log()).isIn("303 " + base + "fx-forward/issuing",
        "303 " + base + "fx-forward/download");
    String next = submitted.endsWith("/download") ? submitted : "";
    for (int i = 0; i < 200 && !next.startsWith("303"); i++) {
      next = anonymous.run(FWD + "issuing");
      if (!next.startsWith("303")) {
        Thread.sleep(100);
      }
    }
    assertThat(next).isEqualTo("303 " + base + "fx-forward/download");
    String download = anonymous.page(FWD + "download");
    Path p12 = tmp.resolve("cert.p12");
    assertThat(anonymous.runTo(p12, FWD + "download", "--data-urlencode",
        "csrf=" + csrf(download))).startsWith("200");

    Path config = secretFile("cert.cfg", "cert = \"" + p12 + ":" + who.acquisitionPassword()
        + "\"\ncert-type = \"P12\"\n");
    Curl customer = new Curl(base, proxy.siteCertificate(), "jar-customer.txt")
        .option("-K", config.toString());
    assertThat(customer.login()).as(proxy.log()).isEqualTo("303 " + base + "fx-forward/password");
    String passwordPage = customer.page(FWD + "password");
    assertThat(passwordPage).contains("<td class=\"cn\">" + who.userId() + "</td>");
    assertThat(customer.run(FWD + "password", "--data-urlencode", "csrf=" + csrf(passwordPage),
        "--data-urlencode", "password@" + password))
        .isEqualTo("303 " + base + "fx-forward/change-password");
    Path fresh = secretFile("new.txt", "Proxy2go" + who.userId().substring(0, 3) + "x");
    String change = customer.page(FWD + "change-password");
    assertThat(customer.run(FWD + "change-password", "--data-urlencode", "csrf=" + csrf(change),
        "--data-urlencode", "newPassword@" + fresh, "--data-urlencode", "confirmPassword@" + fresh))
        .isEqualTo("303 " + base + "fx-forward/home");
    assertThat(customer.page(FWD + "home")).contains(">" + who.userId() + "<");
    assertThat(refusals(web)).isEmpty();
  }

  private Path secretFile(String name, String content) throws IOException {
    Path f = tmp.resolve(name);
    Files.createFile(f, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF field in:\n" + html).isTrue();
    return m.group(1);
  }

  /** One curl "browser": a cookie jar, the CA it trusts, extra options and headers. */
  private final class Curl {
    private final String base;
    private final Path jar;
    private final List<String> extra = new ArrayList<>();
    private final Path body;

    Curl(String base, @org.jspecify.annotations.Nullable Path ca, String jarName) {
      this.base = base;
      this.jar = tmp.resolve(jarName);
      this.body = tmp.resolve(jarName + ".body");
      if (ca != null) {
        extra.addAll(List.of("--cacert", ca.toString()));
      }
    }

    Curl option(String... args) {
      extra.addAll(List.of(args));
      return this;
    }

    Curl header(Map<String, String> headers) {
      headers.forEach((k, v) -> extra.addAll(List.of("-H", k + ": " + v)));
      return this;
    }

    String run(String path, String... args) {
      return runTo(body, path, args);
    }

    /** Runs curl; returns "STATUS REDIRECT-URL". */
    String runTo(Path out, String path, String... args) {
      List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
          "-b", jar.toString(), "-c", jar.toString(), "-o", out.toString(),
          "-w", "%{http_code} %{redirect_url}"));
      cmd.addAll(extra);
      cmd.addAll(List.of(args));
      cmd.add(base + path.substring(1));
      return ProcessRunner.run(cmd, Proxies.TIMEOUT, tmp, Map.of(), null).requireSuccess()
          .stdout().trim();
    }

    String page(String path) throws IOException {
      assertThat(run(path)).startsWith("200");
      return lastBody();
    }

    String lastBody() throws IOException {
      return Files.readString(body, StandardCharsets.UTF_8);
    }

    /** L1: the login screen, then its certificate-login form. */
    String login() throws IOException {
      String screen = page(FWD);
      return run(FWD + "login", "--data-urlencode", "csrf=" + csrf(screen));
    }
  }
}
