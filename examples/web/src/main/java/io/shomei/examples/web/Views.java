package io.shomei.examples.web;

import io.shomei.examples.web.http.Html;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Template;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renders pages: the layout around a page's content, notices, dates in the bank's zone. */
final class Views {
  static final Messages MESSAGES =
      Messages.load("/io/shomei/examples/web/i18n/messages", List.of("ja", "en"));

  private static final DateTimeFormatter JA =
      DateTimeFormatter.ofPattern("uuuu年M月d日(E) HH:mm:ss", Locale.JAPANESE);
  private static final DateTimeFormatter EN =
      DateTimeFormatter.ofPattern("EEE d MMM uuuu, HH:mm:ss", Locale.ENGLISH);

  private final ZoneId zone;

  Views(ZoneId zone) {
    this.zone = zone;
  }

  /** What a page consists of besides the layout. */
  record Page(String service, String titleKey, String langPath, List<Notice> notices,
      Html content, int refreshSeconds) {
    Page {
      notices = List.copyOf(notices);
    }

    Page(String service, String titleKey, String langPath, List<Notice> notices, Html content) {
      this(service, titleKey, langPath, notices, content, 0);
    }
  }

  Messages.Bundle bundle(Request r) {
    return MESSAGES.bundle(Lang.of(r).tag());
  }

  Messages.Bundle bundle(Lang lang) {
    return MESSAGES.bundle(lang.tag());
  }

  Html fragment(Request r, String template, Map<String, ?> model) {
    return Template.named(template).render(bundle(r), model);
  }

  Response page(Request r, int status, Page p) {
    Lang lang = Lang.of(r);
    Messages.Bundle b = bundle(lang);
    List<Html> boxes = new ArrayList<>();
    for (Notice n : p.notices()) {
      Map<String, Object> m = new HashMap<>();
      m.put("kind", n.kind().css());
      m.put("text", n.text());
      if (n.href() != null && n.linkText() != null) {
        m.put("href", n.href());
        m.put("linkText", n.linkText());
        boxes.add(Template.named("notice-link").render(b, m));
      } else if (!n.items().isEmpty()) {
        List<Html> items = new ArrayList<>();
        for (String item : n.items()) {
          items.add(Template.named("notice-item").render(b, Map.of("text", item)));
        }
        m.put("items", Html.join(items));
        boxes.add(Template.named("notice-list").render(b, m));
      } else {
        boxes.add(Template.named("notice").render(b, m));
      }
    }
    Map<String, Object> model = new HashMap<>();
    model.put("lang", lang.tag());
    model.put("title", b.text(p.titleKey()));
    model.put("serviceName", b.text("service." + p.service()));
    model.put("langJa", p.langPath() + "?lang=ja");
    model.put("langEn", p.langPath() + "?lang=en");
    model.put("head", p.refreshSeconds() > 0
        ? Template.named("refresh").render(b, Map.of("seconds", p.refreshSeconds()))
        : Html.EMPTY);
    model.put("notices", Html.join(boxes));
    model.put("content", p.content());
    Response response = Response.html(status, Template.named("layout").render(b, model));
    if (Lang.requested(r) != null) {
      response.header("Set-Cookie", Lang.COOKIE + "=" + lang.tag()
          + "; Path=/; Max-Age=31536000; Secure; HttpOnly; SameSite=Lax");
    }
    return response;
  }

  /** A date and time in the bank's zone, with the zone named, for the customer. */
  String dateTime(Lang lang, Instant instant) {
    return lang == Lang.JA
        ? JA.format(instant.atZone(zone)) + "（日本時間）"
        : EN.format(instant.atZone(zone)) + " Japan time";
  }

  String dateTime(Request r, Instant instant) {
    return dateTime(Lang.of(r), instant);
  }

  /**
   * An issuer's name for people: its organization and common name ("Example Bank（Shomei Example
   * Root CA）"), not the reversed distinguished name; the whole name when it has neither.
   */
  static String issuerName(String distinguishedName) {
    String organization = null;
    String commonName = null;
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(distinguishedName).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("O") && organization == null) {
          organization = String.valueOf(rdn.getValue());
        } else if (rdn.getType().equalsIgnoreCase("CN") && commonName == null) {
          commonName = String.valueOf(rdn.getValue());
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return distinguishedName;
    }
    if (organization != null && commonName != null) {
      return organization + "（" + commonName + "）";
    }
    return organization != null ? organization
        : commonName != null ? commonName : distinguishedName;
  }

  static String or(@Nullable String value, String fallback) {
    return value == null ? fallback : value;
  }
}
