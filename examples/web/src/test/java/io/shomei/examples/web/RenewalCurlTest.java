package io.shomei.examples.web;

import static io.shomei.examples.web.WebFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.examples.datadir.DataDir;
import io.shomei.spi.AccountKey;
import io.shomei.spi.AuditRecord;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStatus;
import io.shomei.testing.ca.TestCa;
import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renewal page with curl as the client, after the notice's cut-over (2021-02-25): only the
 * customer's own current certificate, presented in the TLS handshake on the certificate-login
 * port, renews. Without a certificate, with a foreign CA's certificate of the same CN and with the
 * certificate the renewal just superseded, the page shows the SDK's typed refusal and the audit
 * trail records it. No certificate acquisition password is sent at any point.
 */
class RenewalCurlTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final String FWD = "/" + DataDir.FX_FORWARD + "/";

  @TempDir Path tmp;

  /** One curl "browser": a cookie jar and optionally a client certificate (in a config file). */
  private final class Curl {
    private final String base;
    private final Path jar;
    private final List<String> extra = new ArrayList<>();
    private final Path ca;

    Curl(String base, Path ca, String jarName) {
      this.base = base;
      this.ca = ca;
      this.jar = tmp.resolve(jarName);
    }

    Curl withCertificate(Path p12, String password) throws IOException {
      Path config = secretFile(p12.getFileName() + ".cfg",
          "cert = \"" + p12 + ":" + password + "\"\ncert-type = \"P12\"\n");
      extra.add("-K");
      extra.add(config.toString());
      return this;
    }

    /** Runs curl; returns "STATUS REDIRECT-URL" and leaves the body in {@code out}. */
    String run(String path, Path out, String... args) {
      List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
          "--cacert", ca.toString(), "-b", jar.toString(), "-c", jar.toString(),
          "-o", out.toString(), "-w", "%{http_code} %{redirect_url}"));
      cmd.addAll(extra);
      cmd.addAll(List.of(args));
      cmd.add(base + path.substring(1));
      return ProcessRunner.run(cmd, TIMEOUT, tmp, Map.of(), null).requireSuccess().stdout().trim();
    }

    String page(String path) throws IOException {
      Path out = tmp.resolve("page.html");
      assertThat(run(path, out)).startsWith("200");
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Opens the renewal form and submits it with the file password in {@code file}. */
    Answer renew(Path file) throws IOException {
      String form = page(FWD + "renew");
      Path out = tmp.resolve("renew.html");
      String status = run(FWD + "renew", out, "--data-urlencode", "csrf=" + csrf(form),
          "--data-urlencode", "filePassword@" + file,
          "--data-urlencode", "confirmFilePassword@" + file);
      return new Answer(status, Files.readString(out, StandardCharsets.UTF_8));
    }
  }

  private record Answer(String status, String body) {}

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

  /** The renewal refusals the SDK audited for the account (or without one), by reason. */
  private static List<String> renewalRefusals(WebFixture web, String userId) {
    List<String> out = new ArrayList<>();
    web.data.storage().auditLog().forEach(1, (AuditRecord r) -> {
      if (r.type().equals("ACQUISITION_REFUSED")
          && r.details().getOrDefault("path", "").equals("renewal-handshake")
          && (r.userId() == null || r.userId().equals(userId))) {
        out.add(r.details().get("reason"));
      }
    });
    return out;
  }

  @Test
  void onlyTheCustomersCurrentCertificateRenewsOnTheRenewalEndpoint() throws Exception {
    Components.require(Component.CURL);
    try (WebFixture web = new WebFixture(tmp.resolve("shomei-data"))) {
      // 2020-11-01: a certificate of the notice's cohort, used for a login
      web.clock.set(Instant.parse("2020-11-01T01:00:00Z"));
      WebFixture.Customer c = web.enroll(DataDir.FX_FORWARD);
      byte[] old = web.acquire(web.anonymous(), c, c.temporaryPassword());
      web.firstLogin(web.withCertificate(old, c.acquisitionPassword()), c);
      BigInteger oldSerial = WebFixture.serialOf(old, c.acquisitionPassword());
      Path oldP12 = tmp.resolve("old.p12");
      Files.write(oldP12, old);

      // 2021-02-25: after the cut-over the certificate no longer logs in
      web.clock.set(Instant.parse("2021-02-25T01:00:00Z"));
      Path ca = web.server.identity().caPemFile();
      String loginBase = web.server.loginUri().toString();
      String pagesBase = web.server.uri().toString();
      Path filePassword = secretFile("file.txt", "Renew2021" + c.userId().substring(0, 3));

      // the pages' port sends the renewal to the certificate-login port (the one that asks)
      Curl pages = new Curl(pagesBase, ca, "jar-pages.txt");
      assertThat(pages.run(FWD + "renew", tmp.resolve("redirect.html")))
          .isEqualTo("303 " + loginBase + "fx-forward/renew");

      // without a certificate: refused, with the way to acquisition
      Curl none = new Curl(loginBase, ca, "jar-none.txt");
      Answer noProof = none.renew(filePassword);
      assertThat(noProof.status()).startsWith("200");
      assertThat(noProof.body()).contains(text("ja", "renewal.refused.NO_PROOF"))
          .contains("href=\"/fx-forward/acquire\"");
      assertThat(renewalRefusals(web, c.userId())).containsExactly("NO_PROOF");

      // a foreign CA's certificate with the customer's CN: refused as not accepted
      TestCa other = TestCa.root("Phishing Kit CA");
      TestCa.Issued leaf = other.leaf().commonName(c.userId()).issue();
      Path foreign = tmp.resolve("foreign.p12");
      Files.write(foreign, pkcs12(leaf, other, "foreign-pw"));
      Curl stranger = new Curl(loginBase, ca, "jar-stranger.txt")
          .withCertificate(foreign, "foreign-pw");
      Answer notAccepted = stranger.renew(filePassword);
      assertThat(notAccepted.body())
          .contains(text("ja", "renewal.refused.CERTIFICATE_NOT_ACCEPTED"))
          .doesNotContain("id=\"download\"");
      assertThat(renewalRefusals(web, c.userId()))
          .containsExactly("NO_PROOF", "CERTIFICATE_NOT_ACCEPTED");

      // the customer's old certificate: login refused, and the refusal leads to the renewal
      Curl customer = new Curl(loginBase, ca, "jar-customer.txt")
          .withCertificate(oldP12, c.acquisitionPassword());
      String login = customer.page(FWD);
      Path refusedPage = tmp.resolve("refused.html");
      assertThat(customer.run(FWD + "login", refusedPage,
          "--data-urlencode", "csrf=" + csrf(login))).startsWith("200");
      assertThat(Files.readString(refusedPage, StandardCharsets.UTF_8))
          .contains(text("ja", "eligibility.renew-now"), "href=\"/fx-forward/renew\"");
      // a POST without the session's CSRF token is refused before anything runs
      assertThat(customer.run(FWD + "renew", tmp.resolve("csrf.html"),
          "--data-urlencode", "filePassword@" + filePassword,
          "--data-urlencode", "confirmFilePassword@" + filePassword)).startsWith("403");
      // the form shows the presented certificate and asks no certificate acquisition password
      String form = customer.page(FWD + "renew");
      assertThat(form).contains("<td class=\"cn\">" + c.userId() + "</td>")
          .contains("name=\"filePassword\"").doesNotContain("acquisitionPassword");
      Answer renewed = customer.renew(filePassword);
      assertThat(renewed.status()).as(renewed.body())
          .isEqualTo("303 " + loginBase + "fx-forward/download");

      // the download screen and ticket of an acquisition; the file opens with the chosen password
      String download = customer.page(FWD + "download");
      assertThat(download).contains(text("ja", "download.steps.password.renewal"));
      Path fresh = tmp.resolve("fresh.p12");
      assertThat(customer.run(FWD + "download", fresh,
          "--data-urlencode", "csrf=" + csrf(download))).startsWith("200");
      String chosen = Files.readString(filePassword, StandardCharsets.UTF_8);
      BigInteger freshSerial = WebFixture.serialOf(Files.readAllBytes(fresh), chosen);
      assertThat(freshSerial).isNotEqualTo(oldSerial);

      // the old certificate is superseded by the new one, in the store
      AccountKey account = new AccountKey(c.userId(), DataDir.FX_FORWARD);
      CertificateRecord oldRecord =
          web.data.storage().certificateStore().findBySerial(oldSerial).orElseThrow();
      assertThat(oldRecord.status()).isEqualTo(CertificateStatus.SUPERSEDED);
      assertThat(oldRecord.supersededBy()).isEqualTo(freshSerial);
      assertThat(web.data.storage().certificateStore().findActive(account).orElseThrow().serial())
          .isEqualTo(freshSerial);

      // the superseded certificate renews nothing more
      Answer superseded = customer.renew(filePassword);
      assertThat(superseded.body()).contains(text("ja", "renewal.refused.SUPERSEDED"))
          .doesNotContain("id=\"download\"");
      assertThat(renewalRefusals(web, c.userId()))
          .containsExactly("NO_PROOF", "CERTIFICATE_NOT_ACCEPTED", "SUPERSEDED");

      // the new certificate logs in
      Curl renewedCustomer = new Curl(loginBase, ca, "jar-new.txt").withCertificate(fresh, chosen);
      String again = renewedCustomer.page(FWD);
      assertThat(renewedCustomer.run(FWD + "login", tmp.resolve("login.html"),
          "--data-urlencode", "csrf=" + csrf(again)))
          .isEqualTo("303 " + loginBase + "fx-forward/password");
    }
  }

  private static byte[] pkcs12(TestCa.Issued leaf, TestCa ca, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("me", leaf.keyPair().getPrivate(), password.toCharArray(),
        new Certificate[] {leaf.certificate(), ca.rootCertificate()});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ks.store(out, password.toCharArray());
    return out.toByteArray();
  }
}
