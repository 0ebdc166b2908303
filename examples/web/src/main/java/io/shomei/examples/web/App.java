package io.shomei.examples.web;

import io.shomei.core.Shomei;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.Html;
import io.shomei.examples.web.http.HttpError;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Session;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the pages share: the SDK, the views, and the login page every flow ends on. Pages ask the
 * SDK ({@link Shomei#login()}, {@link Shomei#certificates()}, ...); none reads a store or evaluates
 * a rule itself.
 */
final class App {
  /** The longest user ID, password and field accepted from a form (the SDK checks the rest). */
  static final int MAX_FIELD = 128;

  final Shomei shomei;
  final Views views;
  final Refusals refusals;
  final Clock clock;
  final Consumer<String> log;
  final Origins origins;

  /**
   * Where the pages live and where certificate login lives ({@code https://host:port}, no slash).
   *
   * @param pages the pages' listener: never asks for a client certificate
   * @param certificateLogin the certificate-login listener: asks for one
   */
  record Origins(String pages, String certificateLogin) {}

  App(Shomei shomei, Views views, Clock clock, Consumer<String> log, Origins origins) {
    this.origins = origins;
    this.shomei = shomei;
    this.views = views;
    this.refusals = new Refusals(views);
    this.clock = clock;
    this.log = log;
  }

  /** The path's service; 404 for anything else (the path segment is never echoed). */
  static String service(Request r) {
    String s = r.pathParam("service");
    if (!DataDir.SERVICES.contains(s)) {
      throw new HttpError(404, "error.not-found", "unknown service");
    }
    return s;
  }

  /** A model with the service and the session's CSRF token. */
  static Map<String, Object> model(Session session, String service) {
    Map<String, Object> m = new HashMap<>();
    m.put("service", service);
    m.put("csrf", session.csrfToken());
    return m;
  }

  /**
   * A certificate as the customer sees it (R4): the user ID, the issuer's name, the validity in
   * Japan time; serial, fingerprint and the issuer's full name behind a "details" disclosure.
   */
  Html certificateTable(Request r, CertificateSummary c) {
    Map<String, Object> m = new HashMap<>();
    m.put("commonName", Views.or(c.commonName(), "-"));
    m.put("issuerName", Views.issuerName(c.issuer()));
    m.put("issuer", c.issuer());
    m.put("serial", c.serialHex());
    m.put("notBefore", views.dateTime(r, c.notBefore()));
    m.put("notAfter", views.dateTime(r, c.notAfter()));
    m.put("fingerprint", c.sha256Fingerprint());
    return views.fragment(r, "certificate", m);
  }

  /** The login screen (A1, L1) with notices: where refused flows land. */
  Response loginPage(Request r, String service, List<Notice> notices) {
    Session s = r.sessionOrCreate();
    Messages.Bundle b = views.bundle(r);
    List<Html> links = new ArrayList<>();
    for (String other : DataDir.SERVICES) {
      if (!other.equals(service)) { // the page's own service is in its header already
        links.add(views.fragment(r, "service-link",
            Map.of("service", other, "name", b.text("service." + other))));
      }
    }
    Map<String, Object> m = model(s, service);
    m.put("serviceLinks", Html.join(links));
    // the acquisition stays on the pages' port; the certificate chooser appears only after
    // [certificate login], on the certificate-login port
    m.put("pagesOrigin", origins.pages());
    m.put("loginOrigin", origins.certificateLogin());
    return views.page(r, 200, new Views.Page(service, "title.login", "/" + service + "/",
        notices, views.fragment(r, "login", m)));
  }
}
