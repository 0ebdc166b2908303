package io.shomei.examples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * Tiny HTML helpers: this example renders its few pages without a template engine, so that every
 * line a customer sees is in the controllers. Every value is escaped.
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
    return "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width\">"
        + "<title>" + esc(title) + "</title></head>\n<body>\n<h1>" + esc(title) + "</h1>\n"
        + body + "\n</body></html>\n";
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
        .append("\" data-detail=\"").append(esc(detailCode)).append("\">");
    for (String line : lines) {
      b.append("<p>").append(esc(line)).append("</p>");
    }
    return b.append("</div>").toString();
  }
}
