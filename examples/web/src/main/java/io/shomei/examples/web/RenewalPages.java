package io.shomei.examples.web;

import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadTicketInfo;
import io.shomei.core.RenewalRequest;
import io.shomei.core.RenewalResult;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.password.HashingBusyException;
import io.shomei.examples.datadir.DataDir;
import io.shomei.examples.web.http.FormData;
import io.shomei.examples.web.http.Html;
import io.shomei.examples.web.http.HttpError;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import io.shomei.examples.web.http.Session;
import io.shomei.spi.Secret;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * "Renew my certificate": a customer who holds a certificate gets its successor by proving the
 * key in the TLS handshake, without the certificate acquisition password (which a phishing site
 * could ask for). Reached from the landing page after a login and from the refusal of a
 * certificate that a campaign made unusable for login but still lets prove possession.
 *
 * <p>The page lives on the certificate-login port, the one that asks the browser for its
 * certificate; on the pages' port it sends the browser there. The proof is the chain of this very
 * request's handshake ({@link RenewalRequest#handshake}); the SDK accepts it or not exactly as at
 * login (trust anchors, CN mapping, the account's active certificate) and under the rules
 * ({@code proof-after-unusable}). The JDK's TLS stack on this port accepts any client certificate
 * it can parse: it is the SDK that decides. The customer chooses the new file's password here; the
 * issued file is handed over by the same download ticket and screen as an acquisition.
 */
final class RenewalPages {
  private final App app;
  private final ExecutorService issuing;

  RenewalPages(App app, ExecutorService issuing) {
    this.app = app;
    this.issuing = issuing;
  }

  /** GET /{service}/renew: the renewal form, with the certificate the browser presented. */
  Response form(Request r) {
    String service = App.service(r);
    if (!onCertificatePort(r)) {
      return Response.redirect(app.origins.certificateLogin(), "/" + service + "/renew");
    }
    return page(r, service, List.of(), 200);
  }

  private Response page(Request r, String service, List<Notice> notices, int status) {
    Session s = r.sessionOrCreate();
    Messages.Bundle b = app.views.bundle(r);
    Map<String, Object> m = App.model(s, service);
    List<X509Certificate> chain = r.peerCertificates();
    List<Notice> all = new ArrayList<>(notices);
    if (chain.isEmpty()) {
      m.put("certificate", Html.EMPTY);
      if (notices.isEmpty()) {
        all.add(Notice.info(b.text("renew.no-certificate"))
            .withLink("/" + service + "/acquire", b.text("link.acquire")));
      }
    } else {
      m.put("certificate",
          app.certificateTable(r, CertificateSummary.of(chain.get(0), DataDir.ZONE)));
    }
    return app.views.page(r, status, new Views.Page(service, "title.renew",
        "/" + service + "/renew", all, app.views.fragment(r, "renew", m)));
  }

  /**
   * POST /{service}/renew: renews with the handshake's certificate, then the download screen; a
   * refusal is shown on the form with its reason (the SDK audits it).
   */
  Response submit(Request r) {
    String service = App.service(r);
    r.passwordForm();
    Messages.Bundle b = app.views.bundle(r);
    FormData form = r.form();
    String chosen = form.text("profile", 16);
    Secret password = form.secret("filePassword", App.MAX_FIELD);
    Secret confirm = form.secret("confirmFilePassword", App.MAX_FIELD);
    boolean same = password.matches(confirm);
    confirm.destroy();
    if (password.length() == 0) {
      password.destroy();
      return page(r, service, List.of(Notice.error(b.text("renew.missing"))), 200);
    }
    if (!same) {
      password.destroy();
      return page(r, service, List.of(Notice.error(b.text("renew.mismatch"))), 200);
    }
    RenewalRequest request = RenewalRequest.handshake(service, r.peerCertificates(), password)
        .withPkcs12Profile(AcquisitionPages.profile(chosen, r.header("User-Agent")));
    Future<RenewalResult> job;
    try {
      job = issuing.submit(() -> app.shomei.renewal().renew(request));
    } catch (RejectedExecutionException e) {
      request.close();
      return page(r, service, List.of(Notice.error(b.text("acquire.busy"))), 503);
    }
    RenewalResult result;
    try {
      // bounded: the certificate check, one key, one signature, one commit
      result = job.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HashingBusyException) {
        return page(r, service, List.of(Notice.error(b.text("acquire.busy"))), 503);
      }
      app.log.accept("renewal failed: " + cause.getClass().getName());
      return page(r, service, List.of(Notice.error(b.text("acquire.failed"))), 500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "error.internal", "interrupted");
    }
    if (result instanceof RenewalResult.Refused refused) {
      return page(r, service, List.of(app.refusals.renewal(r, service, refused)), 200);
    }
    AcquisitionResult.Acquired acquired = ((RenewalResult.Renewed) result).acquired();
    Optional<DownloadTicketInfo> ticket = acquired.downloadTicket();
    if (ticket.isEmpty()) {
      throw new HttpError(500, "error.internal", "renewal without a download ticket");
    }
    // what follows (the download ticket) under a new session id; a completed login ends here:
    // its certificate was just superseded
    Session s = r.rotateSession();
    s.remove(State.SIGNED_IN);
    s.remove(State.PENDING);
    s.remove(State.JOB);
    s.put(State.TICKET, new State.Ticket(service, acquired.account().userId(), ticket.get(),
        CertificateSummary.of(acquired.certificate(), DataDir.ZONE), true));
    return Response.redirect("/" + service + "/download");
  }

  /** Whether this request came to the certificate-login listener (the one that asks for one). */
  private boolean onCertificatePort(Request r) {
    return !r.peerCertificates().isEmpty()
        || app.origins.certificateLogin().equals(app.origins.pages())
        || r.localPort() == URI.create(app.origins.certificateLogin()).getPort();
  }
}
