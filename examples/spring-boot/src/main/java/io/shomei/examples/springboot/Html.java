package io.shomei.examples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * Tiny HTML helpers: this example renders its few pages without a template engine, so that every
 * line a customer sees is in the controllers. Every value is escaped.
 *
 * <p>The look is the web host's: its layout (bar, main box, footer) and its stylesheet, software
 * keyboard and icon, which the build takes from {@code examples/web} and Boot serves under
 * {@code /static/} (no inline style or script: the Content-Security-Policy forbids them).
 */
final class Html {
  static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
  private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

  private Html() {}

  static String esc(String text) {
    return HtmlUtils.htmlEscape(text, "UTF-8");
  }

  static String date(Instant instant, ZoneId zone) {
    return SHOW.format(instant.atZone(zone));
  }

  /** The hidden CSRF field of a form (Spring Security puts the token in a request attribute). */
  static String csrf(HttpServletRequest request) {
    Object token = request.getAttribute(CsrfToken.class.getName());
    if (!(token instanceof CsrfToken csrf)) {
      throw new IllegalStateException("no CSRF token on the request");
    }
    return "<input type=\"hidden\" name=\"" + esc(csrf.getParameterName()) + "\" value=\""
        + esc(csrf.getToken()) + "\">";
  }

  static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + esc(title) + " | 電子証明書ログイン</title>\n"
        + "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
        + "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
        + "<script src=\"/static/keyboard.js\" defer></script>\n</head>\n<body>\n"
        + "<header class=\"bar\">\n  <div class=\"bank\">サンプル銀行 / Example Bank "
        + "<span class=\"app\">電子証明書ログイン / Certificate login</span></div>\n</header>\n"
        + "<main>\n<h1>" + esc(title) + "</h1>\n" + body + "\n</main>\n"
        + "<footer>サンプル銀行 外国為替Webサービス（Shomei SDK のサンプルです。実在の銀行ではありません） / "
        + "Example Bank foreign-exchange web services (a Shomei SDK example; not a real bank)"
        + "</footer>\n</body>\n</html>\n";
  }

  /**
   * The certificate as the customer sees it (issue 25, item 6): user ID, the issuer's name for
   * people, the validity period in Japan time (MISSION R4); the issuer's full name, serial and
   * fingerprint behind a "details" disclosure.
   */
  static String certificate(CertificateView cert, String userId, ZoneId zone) {
    return "<table class=\"certificate\">\n<caption>電子証明書 / Certificate</caption>\n"
        + "<tr><th scope=\"row\">ユーザID（CN） / User ID (CN)</th><td class=\"cn\">" + esc(userId)
        + "</td></tr>\n"
        + "<tr><th scope=\"row\">発行者 / Issued by</th><td class=\"issuer\">"
        + esc(issuerName(cert.issuer())) + "</td></tr>\n"
        + "<tr><th scope=\"row\">有効期間 / Validity</th><td id=\"validity\" data-not-before=\""
        + cert.notBefore() + "\" data-not-after=\"" + cert.notAfter() + "\">"
        + esc(date(cert.notBefore(), zone)) + " 〜 " + esc(date(cert.notAfter(), zone))
        + "（日本時間 / Japan time）</td></tr>\n</table>\n"
        + "<details class=\"certificate-details\">\n<summary>詳細（シリアル番号など） / Details "
        + "(serial number and more)</summary>\n<table class=\"certificate\">\n"
        + "<tr><th scope=\"row\">発行者の識別名 / Issuer (full name)</th>"
        + "<td class=\"issuer-dn small\">" + esc(cert.issuer()) + "</td></tr>\n"
        + "<tr><th scope=\"row\">シリアル番号 / Serial number</th><td class=\"mono\">"
        + esc(cert.serialHex()) + "</td></tr>\n"
        + "<tr><th scope=\"row\">フィンガープリント（SHA-256） / Fingerprint (SHA-256)</th>"
        + "<td class=\"mono small\">" + esc(cert.sha256Fingerprint()) + "</td></tr>\n"
        + "</table>\n</details>\n";
  }

  /**
   * An issuer's name for people: its organization and common name ("Example Bank（Shomei Spring
   * Example Root CA）"), not the reversed distinguished name; the whole name when it has neither.
   */
  static String issuerName(String distinguishedName) {
    @Nullable String organization = null;
    @Nullable String commonName = null;
    try {
      for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("O") && organization == null) {
          organization = String.valueOf(rdn.getValue());
        } else if (rdn.getType().equalsIgnoreCase("CN") && commonName == null) {
          commonName = String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      return distinguishedName;
    }
    if (organization != null && commonName != null) {
      return organization + "（" + commonName + "）";
    }
    return organization != null ? organization
        : commonName != null ? commonName : distinguishedName;
  }

  /**
   * The web host's software keyboard (MISSION L6; {@code /static/keyboard.js}) for every
   * {@code <input data-softkey>} of the form: keys shuffled at each display, the target field
   * shown, shift for one letter.
   */
  static String softwareKeyboard() {
    return "<div id=\"softkeyboard\" class=\"softkeyboard\" data-shift=\"大文字 / Shift\" "
        + "data-back=\"1文字削除 / Delete\" data-clear=\"すべて削除 / Clear\" "
        + "data-show=\"ソフトウェアキーボードを表示 / Show the software keyboard\" "
        + "data-hide=\"ソフトウェアキーボードを隠す / Hide the software keyboard\" "
        + "data-target=\"入力先 / Typing into: \" data-name=\"ソフトウェアキーボード / Software keyboard\">"
        + "</div>\n";
  }

  static ResponseEntity<String> ok(String title, String body) {
    return respond(HttpStatus.OK, title, body);
  }

  static ResponseEntity<String> respond(HttpStatus status, String title, String body) {
    return ResponseEntity.status(status).contentType(HTML).body(page(title, body));
  }

  /**
   * A refusal: the typed reason codes as data attributes (for scripts and tests), and the
   * customer-facing text.
   */
  static String refusal(String reason, String detailCode, List<String> lines) {
    StringBuilder b = new StringBuilder("<div id=\"refusal\" data-reason=\"").append(esc(reason))
        .append("\" data-detail=\"").append(esc(detailCode))
        .append("\" class=\"notice error\" role=\"alert\">");
    for (String line : lines) {
      b.append("<p>").append(esc(line)).append("</p>");
    }
    return b.append("</div>").toString();
  }
}
