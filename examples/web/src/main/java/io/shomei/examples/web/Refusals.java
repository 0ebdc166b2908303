package io.shomei.examples.web;

import io.shomei.core.eligibility.LoginDecision;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadRefusal;
import io.shomei.core.LoginRefusal;
import io.shomei.core.LoginResult;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import io.shomei.spi.CertificateRecord;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.RevocationReason;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns the SDK's typed refusals into what the customer reads: a message and, where there is one,
 * the next step (a link to certificate acquisition, or "contact your branch").
 */
final class Refusals {
  private final Views views;
  private final CertificateStore certificates;

  Refusals(Views views, CertificateStore certificates) {
    this.views = views;
    this.certificates = certificates;
  }

  /** An acquisition refusal (issuance authentication screen). */
  Notice acquisition(Request r, String service, AcquisitionResult.Refused refused) {
    Messages.Bundle b = views.bundle(r);
    String key = "acquisition.refused." + refused.reason().name();
    Instant from = refused.availableFrom();
    String text = from != null
        ? b.format(key, Map.of("date", views.dateTime(r, from)))
        : b.text(key);
    Notice n = Notice.error(text);
    return switch (refused.reason()) {
      case NOT_ELIGIBLE, CONCURRENT_ACQUISITION ->
          n.withLink("/" + service + "/", b.text("link.certificate-login"));
      default -> n;
    };
  }

  /** A download refusal. */
  Notice download(Request r, String service, DownloadRefusal reason) {
    Messages.Bundle b = views.bundle(r);
    return Notice.error(b.text("download.refused." + reason.name()))
        .withLink("/" + service + "/", b.text("link.login-page"));
  }

  /** A login refusal at any step. */
  Notice login(Request r, String service, LoginResult.Refused refused) {
    Messages.Bundle b = views.bundle(r);
    String acquire = "/" + service + "/acquire";
    if (refused.reason() == LoginRefusal.CERTIFICATE_NOT_ACCEPTED) {
      AcceptanceRefusal a = refused.certificateRefusal();
      if (a == AcceptanceRefusal.REVOKED && replaced(refused.certificate())) {
        // revoked because a newer certificate replaced it (the SDK's default retirement)
        a = AcceptanceRefusal.SUPERSEDED;
      }
      String key = "certificate.refused." + (a == null ? "UNKNOWN_CERTIFICATE" : a.name());
      Notice n = Notice.error(b.text(key));
      if (a == AcceptanceRefusal.SUPERSEDED || a == AcceptanceRefusal.EXPIRED
          || a == AcceptanceRefusal.NOT_ACTIVE || a == AcceptanceRefusal.NON_CONFORMING
          || a == AcceptanceRefusal.NO_CERTIFICATE) {
        return n.withLink(acquire, b.text("link.acquire"));
      }
      return n;
    }
    LoginDecision.Refused e = refused.eligibility();
    if (e != null) {
      String since = views.dateTime(r, e.since());
      Instant from = refused.reacquireFrom();
      String key = "eligibility.refused." + e.reason().name();
      StringBuilder text = new StringBuilder(b.format(key, Map.of("date", since)));
      if (refused.reacquireNow()) {
        text.append(' ').append(b.text("eligibility.reacquire-now"));
        return Notice.error(text.toString()).withLink(acquire, b.text("link.acquire"));
      }
      if (from != null) {
        text.append(' ').append(b.format("eligibility.reacquire-from",
            Map.of("date", views.dateTime(r, from))));
      } else {
        text.append(' ').append(b.text("eligibility.contact-branch"));
      }
      return Notice.error(text.toString());
    }
    return Notice.error(b.text("login.refused." + refused.reason().name()));
  }

  /** Whether the bank's record says the certificate was revoked as superseded by a newer one. */
  private boolean replaced(@Nullable CertificateSummary summary) {
    if (summary == null) {
      return false;
    }
    Optional<CertificateRecord> r = certificates.findByFingerprint(summary.sha256Fingerprint());
    return r.isPresent() && (r.get().supersededBy() != null
        || r.get().revocationReason() == RevocationReason.SUPERSEDED);
  }
}
