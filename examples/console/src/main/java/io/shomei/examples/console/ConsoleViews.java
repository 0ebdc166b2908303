package io.shomei.examples.console;

import io.shomei.examples.web.http.Html;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The console's pages: its own templates and messages (Japanese and English), rendered with the web
 * example's {@link Template} (escaping by default, no logic), inside the console's layout.
 */
final class ConsoleViews {
  private static final String TEMPLATES = "/io/shomei/examples/console/templates/";
  static final Messages MESSAGES =
      Messages.load("/io/shomei/examples/console/i18n/messages", List.of("ja", "en"));
  private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();
  static final String LANG_COOKIE = "shomei-console-lang";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss z", Locale.ROOT);

  private final ZoneId zone;

  ConsoleViews(ZoneId zone) {
    this.zone = zone;
  }

  /** The page language: {@code ?lang=}, else the cookie, else Japanese. */
  static String lang(Request r) {
    String q = r.query("lang");
    if ("ja".equals(q) || "en".equals(q)) {
      return "ja".equals(q) ? "ja" : "en";
    }
    String c = r.cookie(LANG_COOKIE);
    return "en".equals(c) ? "en" : "ja";
  }

  Messages.Bundle bundle(Request r) {
    return MESSAGES.bundle(lang(r));
  }

  static Template template(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      if (!n.matches("[a-z0-9-]{1,40}")) {
        throw new IllegalArgumentException("bad template name " + n);
      }
      try (InputStream in = ConsoleViews.class.getResourceAsStream(TEMPLATES + n + ".html")) {
        if (in == null) {
          throw new IllegalArgumentException("no template " + n);
        }
        return Template.parse(n, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read template " + n, e);
      }
    });
  }

  Html fragment(Request r, String name, Map<String, ?> model) {
    return template(name).render(bundle(r), model);
  }

  /**
   * A whole page.
   *
   * @param r the request
   * @param status the HTTP status
   * @param titleKey the title's message key
   * @param path this page's path, for the language links
   * @param operator the signed-in operator's line for the header, or {@code null} before login
   * @param notices the notice boxes (already rendered)
   * @param content the page's content
   */
  Response page(Request r, int status, String titleKey, String path, @Nullable Html operator,
      Html notices, Html content) {
    Messages.Bundle b = bundle(r);
    Map<String, Object> m = new HashMap<>();
    m.put("lang", lang(r));
    m.put("title", b.text(titleKey));
    m.put("langJa", path + (path.contains("?") ? "&" : "?") + "lang=ja");
    m.put("langEn", path + (path.contains("?") ? "&" : "?") + "lang=en");
    m.put("operator", operator == null ? Html.EMPTY : operator);
    m.put("notices", notices);
    m.put("content", content);
    m.put("page", titleKey.replace("title.", ""));
    Response response = Response.html(status, template("layout").render(b, m))
        .header("Cache-Control", "no-store");
    String requested = r.query("lang");
    if ("ja".equals(requested) || "en".equals(requested)) {
      response.header("Set-Cookie", LANG_COOKIE + "=" + requested
          + "; Path=/; Max-Age=31536000; Secure; HttpOnly; SameSite=Strict");
    }
    return response;
  }

  /** A notice box: {@code kind} is info, warning or error; {@code code} names a typed reason. */
  Html notice(Request r, String kind, String text, String code) {
    return fragment(r, "notice", Map.of("kind", kind, "text", text, "code", code));
  }

  /** An instant in the bank's zone, with the zone named. */
  String time(@Nullable Instant at) {
    return at == null ? "-" : STAMP.format(at.atZone(zone));
  }
}
