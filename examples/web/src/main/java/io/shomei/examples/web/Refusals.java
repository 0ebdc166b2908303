package io.shomei.examples.web;

import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadRefusal;
import io.shomei.core.LoginResult;
import io.shomei.core.Refusal;
import io.shomei.core.RenewalResult;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.examples.web.http.Messages;
import io.shomei.examples.web.http.Request;
import java.time.Instant;
import java.util.Map;

/**
 * Turns the SDK's typed refusals into what the customer reads: a message and, where there is one,
 * the next step (a link to certificate acquisition, or "contact your branch").
 */
final class Refusals {
  private final Views views;

  Refusals(Views views) {
    this.views = views;
  }

  /** A renewal refusal (renewal screen): the reason, and where to go on. */
  Notice renewal(Request r, String service, RenewalResult.Refused refused) {
    Messages.Bundle b = views.bundle(r);
    String key = "renewal.refused." + refused.reason().name();
    Instant from = refused.availableFrom();
    Notice n = Notice.error(from != null
        ? b.format(key, Map.of("date", views.dateTime(r, from)))
        : b.text(key));
    return switch (refused.reason()) {
      case NO_PROOF, NOT_USABLE_AS_PROOF ->
          n.withLink("/" + service + "/acquire", b.text("link.acquire"));
      case SUPERSEDED, NOT_ELIGIBLE, CONCURRENT_RENEWAL ->
          n.withLink("/" + service + "/", b.text("link.certificate-login"));
      default -> n;
    };
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

  /**
   * A download refusal, shown on the login page: the way on is acquiring again (a link back to
   * the page it is on would lead nowhere).
   */
  Notice download(Request r, String service, DownloadRefusal reason) {
    Messages.Bundle b = views.bundle(r);
    return Notice.error(b.text("download.refused." + reason.name()))
        .withLink("/" + service + "/acquire", b.text("link.acquire"));
  }

  /** A login refusal at any step: the SDK's {@link Refusal} says which case, this says it in words. */
  Notice login(Request r, String service, LoginResult.Refused refused) {
    Messages.Bundle b = views.bundle(r);
    String acquire = "/" + service + "/acquire";
    Refusal refusal = refused.refusal();
    if (refusal instanceof Refusal.Superseded) {
      return Notice.error(b.text("certificate.refused." + AcceptanceRefusal.SUPERSEDED.name()))
          .withLink(acquire, b.text("link.acquire"));
    }
    if (refusal instanceof Refusal.CertificateRejected rejected) {
      AcceptanceRefusal a = rejected.reason();
      Notice n = Notice.error(b.text("certificate.refused." + a.name()));
      return switch (a) {
        case EXPIRED, NOT_ACTIVE, NON_CONFORMING, NO_CERTIFICATE ->
            n.withLink(acquire, b.text("link.acquire"));
        default -> n;
      };
    }
    if (refusal instanceof Refusal.MustReacquire m) {
      String key = "eligibility.refused." + m.cause().name();
      StringBuilder text = new StringBuilder(
          b.format(key, Map.of("date", views.dateTime(r, m.since()))));
      if (m.renewNow()) {
        // the certificate of this very connection still proves possession: renew with it
        text.append(' ').append(b.text("eligibility.renew-now"));
        return Notice.error(text.toString())
            .withLink("/" + service + "/renew", b.text("link.renew"));
      }
      if (m.reacquireNow()) {
        text.append(' ').append(b.text("eligibility.reacquire-now"));
        return Notice.error(text.toString()).withLink(acquire, b.text("link.acquire"));
      }
      Instant from = m.reacquireFrom();
      if (from != null) {
        text.append(' ').append(b.format("eligibility.reacquire-from",
            Map.of("date", views.dateTime(r, from))));
      } else {
        text.append(' ').append(b.text("eligibility.contact-branch"));
      }
      return Notice.error(text.toString());
    }
    if (refusal instanceof Refusal.CoolingOff c) {
      return Notice.error(b.format("login.refused.COOLING_OFF",
          Map.of("date", views.dateTime(r, c.until()))));
    }
    // ContactBranch (one text per reason), InvalidCredentials, StartAgain
    return Notice.error(b.text("login.refused." + refusal.code().name()));
  }
}
