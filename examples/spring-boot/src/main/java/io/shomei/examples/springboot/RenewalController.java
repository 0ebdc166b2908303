package io.shomei.examples.springboot;

import static io.shomei.examples.springboot.Html.csrf;
import static io.shomei.examples.springboot.Html.esc;

import io.shomei.core.RenewalRequest;
import io.shomei.core.RenewalResult;
import io.shomei.core.Shomei;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.spi.Secret;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Renew my certificate" (the SDK's {@code Shomei.renewal()}): a customer who holds a certificate
 * gets its successor by proving the key in this request's TLS handshake, with no certificate
 * acquisition password for a phishing site to ask for. Reached from the landing page and from the
 * login refusal of a certificate a campaign made unusable for login but still lets prove
 * possession ({@code Refusal.MustReacquire.renewNow()}).
 *
 * <p>The page lives on the certificate-login connector ({@link CertificateLoginPort}); on the
 * pages' connector it sends the browser there. Tomcat on that connector lets any parsable client
 * certificate through: the SDK decides (trust anchors, CN mapping, the account's active
 * certificate, the rules). The customer chooses the new file's password; the file is handed over
 * by the same download ticket and page as an acquisition. Words come from the web host's glossary
 * ({@link WebWords}).
 */
@RestController
public class RenewalController {
  private final Shomei shomei;
  private final ServiceCatalog services;
  private final ZoneId zone;
  private final ObjectProvider<CertificateLoginPort> loginPort;

  /**
   * Creates the controller.
   *
   * @param shomei the engine
   * @param services the services
   * @param properties the host's properties (the zone of dates)
   * @param loginPort the certificate-login connector, absent behind a proxy
   */
  public RenewalController(Shomei shomei, ServiceCatalog services, ShomeiProperties properties,
      ObjectProvider<CertificateLoginPort> loginPort) {
    this.shomei = shomei;
    this.services = services;
    this.zone = properties.zone();
    this.loginPort = loginPort;
  }

  /**
   * The renewal form, with the certificate the browser presented.
   *
   * @param request the request
   * @return the page, or a redirect to the certificate-login connector
   */
  @GetMapping("/renew")
  public ResponseEntity<String> form(HttpServletRequest request) {
    CertificateLoginPort login = loginPort.getIfAvailable();
    if (login != null && request.getLocalPort() != login.port()) {
      return ResponseEntity.status(HttpStatus.SEE_OTHER)
          .location(URI.create(login.origin() + "/renew")).build();
    }
    return page(request, HttpStatus.OK, "");
  }

  /**
   * Renews with the handshake's certificate, then the download page; a refusal is shown with its
   * reason (the SDK audits it).
   *
   * @param service the service
   * @param filePassword the new file's password, chosen by the customer
   * @param confirmFilePassword the same again
   * @param request the request
   * @return the download page or the form with the refusal
   */
  @PostMapping("/renew")
  public ResponseEntity<String> renew(@RequestParam("service") String service,
      @RequestParam("filePassword") String filePassword,
      @RequestParam("confirmFilePassword") String confirmFilePassword,
      HttpServletRequest request) {
    if (!services.contains(service)) {
      return page(request, HttpStatus.BAD_REQUEST, Html.refusal("UNKNOWN_SERVICE", "",
          WebWords.both("renewal.refused.UNKNOWN_SERVICE", Map.of())));
    }
    if (filePassword.isEmpty()) {
      return page(request, HttpStatus.OK,
          Html.refusal("MISSING", "", WebWords.both("renew.missing", Map.of())));
    }
    if (!filePassword.equals(confirmFilePassword)) {
      return page(request, HttpStatus.OK,
          Html.refusal("MISMATCH", "", WebWords.both("renew.mismatch", Map.of())));
    }
    List<X509Certificate> chain = CertificateLoginFilter.presentedChain(request);
    RenewalResult result;
    try (RenewalRequest renewal =
        RenewalRequest.handshake(service, chain, Secret.of(filePassword))) {
      result = shomei.renewal().renew(renewal);
    }
    if (result instanceof RenewalResult.Refused refused) {
      Instant from = refused.availableFrom();
      return page(request, HttpStatus.FORBIDDEN, Html.refusal(refused.reason().name(), "",
          WebWords.both("renewal.refused." + refused.reason().name(),
              from == null ? Map.of() : Map.of("date", Html.date(from, zone)))));
    }
    // the certificate of any login in this session was just superseded: that login ends here (the
    // session itself goes on under a new id, with its CSRF token, to hold the download ticket)
    SecurityContextHolder.clearContext();
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(
          HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
    }
    return AcquisitionController.issued(request,
        ((RenewalResult.Renewed) result).acquired(), zone, true);
  }

  private ResponseEntity<String> page(HttpServletRequest request, HttpStatus status,
      String notice) {
    List<X509Certificate> chain = CertificateLoginFilter.presentedChain(request);
    StringBuilder b = new StringBuilder(notice);
    if (chain.isEmpty()) {
      if (notice.isEmpty()) {
        b.append("<div class=\"notice info\">");
        for (String line : WebWords.both("renew.no-certificate", Map.of())) {
          b.append("<p>").append(esc(line)).append("</p>");
        }
        b.append("</div>");
      }
      b.append("<p><a href=\"/acquire\">").append(esc(WebWords.label("link.acquire")))
          .append("</a></p>");
    } else {
      CertificateSummary presented = CertificateSummary.of(chain.get(0), zone);
      String cn = presented.commonName();
      b.append(Html.certificate(CertificateView.of(presented), cn == null ? "" : cn, zone));
    }
    for (String line : WebWords.both("renew.intro", Map.of())) {
      b.append("<p>").append(esc(line)).append("</p>");
    }
    b.append("<form method=\"post\" action=\"/renew\" class=\"form\" autocomplete=\"off\">")
        .append(csrf(request))
        .append("<label for=\"service\">サービス / Service</label>")
        .append("<select id=\"service\" name=\"service\">");
    for (String s : services.names()) {
      b.append("<option value=\"").append(esc(s)).append("\">")
          .append(esc(Messages.serviceName(s))).append("</option>");
    }
    b.append("</select>")
        .append("<label for=\"filePassword\">").append(esc(WebWords.label("renew.file-password")))
        .append("</label><input type=\"password\" id=\"filePassword\" name=\"filePassword\" ")
        .append("autocomplete=\"new-password\" maxlength=\"128\" required data-softkey>")
        .append("<label for=\"confirmFilePassword\">")
        .append(esc(WebWords.label("renew.confirm-file-password")))
        .append("</label><input type=\"password\" id=\"confirmFilePassword\" ")
        .append("name=\"confirmFilePassword\" autocomplete=\"new-password\" maxlength=\"128\" ")
        .append("required data-softkey>");
    for (String line : WebWords.both("renew.file-password.hint", Map.of())) {
      b.append("<p class=\"hint\">").append(esc(line)).append("</p>");
    }
    b.append(Html.softwareKeyboard())
        .append("<button type=\"submit\">").append(esc(WebWords.label("renew.submit")))
        .append("</button></form>")
        .append("<p><a href=\"/\">ログイン画面へ / Back to the login page</a></p>");
    return Html.respond(status, WebWords.label("title.renew"), b.toString());
  }
}
