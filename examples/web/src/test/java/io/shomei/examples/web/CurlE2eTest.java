package io.shomei.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shomei.testing.env.Component;
import io.shomei.testing.env.Components;
import io.shomei.testing.env.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl against the running example, as a script would drive it: a cookie jar, the CSRF token
 * scraped from each form, passwords read from owner-only files ({@code --data-urlencode name@file})
 * and the client certificate from a curl config file, so no secret is on a command line.
 */
class CurlE2eTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TempDir Path tmp;

  /** One curl "browser": its cookie jar, and optionally the client certificate config. */
  private final class Curl {
    private final String base;
    private final Path ca;
    private final Path jar;
    private final List<String> extra = new ArrayList<>();

    Curl(String base, Path ca, String jarName) {
      this.base = base;
      this.ca = ca;
      this.jar = tmp.resolve(jarName);
    }

    Curl withCertificate(Path config) {
      extra.add("-K");
      extra.add(config.toString());
      return this;
    }

    /** Runs curl; the body goes to {@code out}; returns "STATUS REDIRECT-URL". */
    String run(String path, Path out, String... args) {
      List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
          "--cacert", ca.toString(), "-b", jar.toString(), "-c", jar.toString(),
          "-o", out.toString(), "-w", "%{http_code} %{redirect_url}"));
      cmd.addAll(extra);
      cmd.addAll(List.of(args));
      cmd.add(base + path.substring(1));
      ProcessRunner.Result r = ProcessRunner.run(cmd, TIMEOUT, tmp, java.util.Map.of(), null)
          .requireSuccess();
      return r.stdout().trim();
    }

    String page(String path) throws IOException {
      Path out = tmp.resolve("page.html");
      String status = run(path, out);
      assertThat(status).startsWith("200");
      return Files.readString(out, StandardCharsets.UTF_8);
    }
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

  @Test
  void acquireDownloadAndLogInWithCurl() throws Exception {
    Components.require(Component.CURL);
    try (FirstStart web = FirstStart.in(tmp.resolve("shomei-data"))) {
      String base = web.url();
      String fwd = "/fx-forward/";
      Path password = secretFile("password.txt", web.temporaryPassword());
      Path acquisition = secretFile("acquisition.txt", web.acquisitionPassword());
      Curl anonymous = new Curl(base, web.serverCa(), "jar.txt");

      // A2: the issuance form with its CSRF token, then the three secrets
      String form = anonymous.page(fwd + "acquire");
      String next = anonymous.run(fwd + "acquire", tmp.resolve("post.html"),
          "--data-urlencode", "csrf=" + csrf(form),
          "--data-urlencode", "userId=" + web.userId(),
          "--data-urlencode", "password@" + password,
          "--data-urlencode", "acquisitionPassword@" + acquisition);
      assertThat(next).isIn("303 " + base + "fx-forward/issuing",
          "303 " + base + "fx-forward/download");

      // A3: the issuing screen (only while the certificate is being issued) until it sends us on
      for (int i = 0; i < 200 && (next.endsWith("/issuing") || next.startsWith("200")); i++) {
        next = anonymous.run(fwd + "issuing", tmp.resolve("issuing.html"));
        if (!next.startsWith("303")) {
          Thread.sleep(100);
        }
      }
      assertThat(next).isEqualTo("303 " + base + "fx-forward/download");

      // A4-A5: the download page and the file, with its headers
      String download = anonymous.page(fwd + "download");
      Path p12 = tmp.resolve("cert.p12");
      Path headers = tmp.resolve("headers.txt");
      assertThat(anonymous.run(fwd + "download", p12, "-D", headers.toString(),
          "--data-urlencode", "csrf=" + csrf(download))).startsWith("200");
      String h = Files.readString(headers, StandardCharsets.ISO_8859_1)
          .toLowerCase(java.util.Locale.ROOT);
      assertThat(h).contains("content-type: application/x-pkcs12",
          "content-disposition: attachment; filename=\"" + web.userId() + ".p12\"",
          "cache-control: no-store");
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(Files.readAllBytes(p12)),
          web.acquisitionPassword().toCharArray());
      assertThat(ks.size()).isPositive();

      // without a certificate the certificate-login port explains (it wants, not needs, one)
      String loginBase = web.loginUrl();
      assertThat(loginBase).isNotEqualTo(base);
      Curl noCert = new Curl(loginBase, web.serverCa(), "jar-none.txt");
      String plainLogin = noCert.page(fwd);
      Path refused = tmp.resolve("refused.html");
      assertThat(noCert.run(fwd + "login", refused, "--data-urlencode",
          "csrf=" + csrf(plainLogin))).startsWith("200");
      assertThat(Files.readString(refused, StandardCharsets.UTF_8))
          .contains(Views.MESSAGES.bundle("ja").text("certificate.refused.NO_CERTIFICATE"));

      // L1-L4: certificate login with --cert file:password --cert-type P12 (in a config file)
      Path config = secretFile("cert.cfg", "cert = \"" + p12 + ":" + web.acquisitionPassword()
          + "\"\ncert-type = \"P12\"\n");
      Curl customer = new Curl(loginBase, web.serverCa(), "jar2.txt").withCertificate(config);
      String login = customer.page(fwd);
      assertThat(customer.run(fwd + "login", tmp.resolve("login.html"),
          "--data-urlencode", "csrf=" + csrf(login)))
          .isEqualTo("303 " + loginBase + "fx-forward/password");
      String passwordPage = customer.page(fwd + "password");
      assertThat(passwordPage).contains("<td class=\"cn\">" + web.userId() + "</td>", "日本時間");
      assertThat(customer.run(fwd + "password", tmp.resolve("pw.html"),
          "--data-urlencode", "csrf=" + csrf(passwordPage),
          "--data-urlencode", "password@" + password))
          .isEqualTo("303 " + loginBase + "fx-forward/change-password");

      // L5: the first-login change
      Path fresh = secretFile("new.txt", "Curl2go" + web.userId().substring(0, 3) + "x");
      String change = customer.page(fwd + "change-password");
      assertThat(customer.run(fwd + "change-password", tmp.resolve("change.html"),
          "--data-urlencode", "csrf=" + csrf(change),
          "--data-urlencode", "newPassword@" + fresh,
          "--data-urlencode", "confirmPassword@" + fresh))
          .isEqualTo("303 " + loginBase + "fx-forward/home");
      String home = customer.page(fwd + "home");
      assertThat(home).contains(">" + web.userId() + "<", "data-verdict=\"UNAFFECTED\"");
    }
  }
}
