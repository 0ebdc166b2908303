package io.shomei.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot host has the web host's look and words (issue 25, items 5, 6 and 11): the same
 * stylesheet, software keyboard and icon (the web host's files, served as they are), the same
 * layout, service names instead of identifiers, and the certificate shown as a customer reads it.
 */
class WebHostLookTest extends HostTestSupport {
  private static final Path WEB_STATIC = Path.of("..", "web", "src", "main", "resources", "io",
      "shomei", "examples", "web", "static");

  @Test
  void theStylesheetKeyboardAndIconAreTheWebHostsOwnFiles() throws IOException {
    Browser b = browser();
    for (String file : List.of("style.css", "keyboard.js", "favicon.svg")) {
      Browser.Page page = b.get("/static/" + file);
      assertThat(page.status()).as(file).isEqualTo(200);
      assertThat(page.bytes()).as(file).isEqualTo(Files.readAllBytes(WEB_STATIC.resolve(file)));
    }
    Browser.Page icon = b.get("/favicon.ico");
    assertThat(icon.status()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    assertThat(icon.bytes()).isEqualTo(Files.readAllBytes(WEB_STATIC.resolve("favicon.svg")));
  }

  @Test
  void everyPageHasTheWebHostsLayoutAndNoInlineStyleOrScript() {
    Browser b = browser();
    for (String path : List.of("/", "/acquire")) {
      Browser.Page page = b.get(path);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).as(path)
          .contains("<link rel=\"stylesheet\" href=\"/static/style.css\">",
              "<script src=\"/static/keyboard.js\" defer></script>", "<header class=\"bar\">",
              "<main>", "<footer>")
          .doesNotContain(" style=\"", "<style", "<script>", ">fx-forward<", ">fx-other<")
          .contains("為替予約サービス / Forward exchange contracts");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("default-src 'none'", "style-src 'self'", "script-src 'self'",
              "img-src 'self'")
          .doesNotContain("unsafe-inline");
    }
    assertThat(b.get("/acquire").body()).contains("data-softkey", "id=\"softkeyboard\"");
  }

  @Test
  void thePasswordPageShowsTheCertificateAsACustomerReadsItAndOffersTheKeyboard() {
    Letter letter = enroll("20025101", FORWARD);
    ClientCertificate cert = acquire(letter, letter.temporaryPassword());
    String issuerDn = cert.certificate().getIssuerX500Principal().getName();
    Browser b = browser(cert);
    Browser.Page password = certificateStep(b, FORWARD);
    assertThat(password.path()).isEqualTo("/login/password");
    String body = password.body();
    assertThat(body).contains("<td class=\"cn\">" + letter.userId() + "</td>",
        "<td class=\"issuer\">Example Bank（Shomei Spring Example Root CA）</td>",
        "（日本時間 / Japan time）", "<details class=\"certificate-details\">",
        cert.certificate().getSerialNumber().toString(16));
    // the raw distinguished name only behind "details"
    String beforeDetails = body.substring(0, body.indexOf("<details"));
    assertThat(beforeDetails).doesNotContain("CN=", "O=Example Bank");
    assertThat(body.substring(body.indexOf("<details"))).contains("issuer-dn");
    assertThat(issuerDn).contains("O=Example Bank");
    // the software keyboard types into the password field (keyboard.js)
    assertThat(body).contains("id=\"password\" name=\"password\"", "data-softkey",
        "<div id=\"softkeyboard\" class=\"softkeyboard\"", "<label for=\"password\">");

    Browser.Page change = b.post("/login/password", Map.of("password", letter.temporaryPassword()));
    assertThat(change.path()).isEqualTo("/login/change");
    assertThat(change.body()).contains("id=\"newPassword\"", "id=\"confirmation\"",
        "id=\"softkeyboard\"");
  }

  @Test
  void theDownloadPageShowsTheNewCertificatesValidityAndIssuer() {
    Letter letter = enroll("20025102", FORWARD);
    Browser b = browser();
    assertThat(b.get("/acquire").status()).isEqualTo(200);
    Browser.Page issued = b.post("/acquire", Map.of("service", FORWARD,
        "userId", letter.userId(), "password", letter.temporaryPassword(),
        "acquisitionPassword", letter.acquisitionPassword()));
    assertThat(issued.body()).contains("id=\"issued\"", "id=\"validity\"",
        "Example Bank（Shomei Spring Example Root CA）", "（日本時間 / Japan time）");
  }
}
