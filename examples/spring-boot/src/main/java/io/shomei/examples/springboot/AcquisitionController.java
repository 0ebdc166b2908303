package io.shomei.examples.springboot;

import static io.shomei.examples.springboot.Html.csrf;
import static io.shomei.examples.springboot.Html.esc;

import io.shomei.spi.Secret;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.core.Shomei;
import io.shomei.core.AcquisitionRequest;
import io.shomei.core.AcquisitionResult;
import io.shomei.core.DownloadResult;
import io.shomei.core.DownloadTicketInfo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Certificate acquisition, kept modest (the web example walks the whole manual): the issuance
 * authentication form (MISSION A2: user ID, password, acquisition password), then the download page
 * with [ダウンロード] (A4), which serves the PKCS#12 file protected by the acquisition password.
 *
 * <p>The download ticket is a bearer token: it stays in the server-side session and is never put
 * in a URL or a page.
 */
@RestController
public class AcquisitionController {
  static final String TICKET = AcquisitionController.class.getName() + ".TICKET";

  private final Shomei shomei;
  private final ServiceCatalog services;
  private final Messages messages;
  private final ZoneId zone;

  /**
   * Creates the controller.
   *
   * @param shomei the engine
   * @param services the services
   * @param properties the host's properties
   */
  public AcquisitionController(Shomei shomei, ServiceCatalog services, ShomeiProperties properties) {
    this.shomei = shomei;
    this.services = services;
    this.zone = properties.zone();
    this.messages = new Messages(properties.zone());
  }

  /**
   * The issuance authentication form (MISSION A2).
   *
   * @param request the request
   * @return the page
   */
  @GetMapping("/acquire")
  public ResponseEntity<String> form(HttpServletRequest request) {
    StringBuilder b = new StringBuilder(
        "<form method=\"post\" action=\"/acquire\" class=\"form\" autocomplete=\"off\">")
        .append(csrf(request))
        .append("<label for=\"service\">サービス / Service</label><select id=\"service\" name=\"service\">");
    for (String s : services.names()) {
      b.append("<option value=\"").append(esc(s)).append("\">").append(esc(Messages.serviceName(s)))
          .append("</option>");
    }
    b.append("</select>")
        .append("<label for=\"userId\">ユーザID / User ID</label>")
        .append("<input id=\"userId\" name=\"userId\" inputmode=\"numeric\" ")
        .append("autocomplete=\"username\" maxlength=\"64\" required>")
        .append("<label for=\"password\">パスワード / Password</label>")
        .append("<input type=\"password\" id=\"password\" name=\"password\" ")
        .append("autocomplete=\"current-password\" maxlength=\"128\" required data-softkey>")
        .append("<label for=\"acquisitionPassword\">電子証明書取得用パスワード / Certificate acquisition "
            + "password</label>")
        .append("<input type=\"password\" id=\"acquisitionPassword\" name=\"acquisitionPassword\" ")
        .append("autocomplete=\"off\" maxlength=\"128\" required data-softkey>")
        .append("<p class=\"hint\">パスワードは大文字・小文字を区別します。 / Passwords are case-sensitive.</p>")
        .append(Html.softwareKeyboard())
        .append("<button type=\"submit\">電子証明書取得 / Get certificate</button></form>")
        .append("<p><a href=\"/\">ログイン画面へ / Back</a></p>");
    return Html.ok("電子証明書取得 / Get a certificate", b.toString());
  }

  /**
   * Acquisition: Shomei checks both passwords and the eligibility rules, issues, and keeps the
   * PKCS#12 for download.
   *
   * @param service the service
   * @param userId the user ID as typed
   * @param password the login password (the temporary one for a first acquisition)
   * @param acquisitionPassword the certificate acquisition password from the bank's letter
   * @param request the request
   * @return the download page or the refusal
   */
  @PostMapping("/acquire")
  public ResponseEntity<String> acquire(@RequestParam("service") String service,
      @RequestParam("userId") String userId, @RequestParam("password") String password,
      @RequestParam("acquisitionPassword") String acquisitionPassword,
      HttpServletRequest request) {
    if (!services.contains(service)) {
      return Html.respond(HttpStatus.BAD_REQUEST, "エラー / Error",
          Html.refusal("UNKNOWN_SERVICE", "", List.of("サービスを選択してください。", "Please choose a service.")));
    }
    AcquisitionResult result;
    try (AcquisitionRequest acquisition = AcquisitionRequest.of(userId, service,
        Secret.of(password), Secret.of(acquisitionPassword))) {
      result = shomei.acquisition().acquire(acquisition);
    }
    if (result instanceof AcquisitionResult.Refused refused) {
      return Html.respond(HttpStatus.FORBIDDEN, "電子証明書を取得できません / Not issued",
          Html.refusal(refused.reason().name(),
              refused.issuanceRefusal() == null ? "" : refused.issuanceRefusal().toString(),
              messages.acquisition(refused))
              + "<p><a href=\"/acquire\">戻る / Back</a></p>");
    }
    return issued(request, (AcquisitionResult.Acquired) result, zone, false);
  }

  /**
   * The download page after an acquisition or a renewal ({@link RenewalController}): the ticket
   * goes into the session under a new session id, the page shows the certificate and
   * [ダウンロード].
   *
   * @param renewed whether the file is protected by the password the customer chose when
   *     renewing rather than by the acquisition password
   */
  static ResponseEntity<String> issued(HttpServletRequest request,
      AcquisitionResult.Acquired acquired, ZoneId zone, boolean renewed) {
    DownloadTicketInfo ticket = acquired.downloadTicket().orElseThrow();
    if (request.getSession(false) != null) {
      request.changeSessionId(); // the ticket is bound to a session id the customer got just now
    }
    request.getSession().setAttribute(TICKET, ticket.id());
    CertificateView certificate =
        CertificateView.of(CertificateSummary.of(acquired.certificate(), zone));
    String password = renewed
        ? String.join("<br>", WebWords.both("download.steps.password.renewal", Map.of()).stream()
            .map(Html::esc).toList())
        : "ファイルを開き、電子証明書取得用パスワードを入力してください。<br>"
            + "Open the file and enter your certificate acquisition password.";
    String body = "<p id=\"issued\" data-serial=\"" + esc(acquired.serial().toString(16))
        + "\" class=\"notice info\">電子証明書を発行しました。 / Your certificate was issued.</p>"
        + Html.certificate(certificate, acquired.account().userId(), zone)
        + "<form method=\"post\" action=\"/acquire/download\">" + csrf(request)
        + "<button type=\"submit\">ダウンロード / Download</button></form>"
        + "<p>" + password + "<br>「このキーをエクスポート可能にする」にはチェックを入れないでください。"
        + "ダウンロードは " + esc(Html.date(ticket.expiresAt(), zone))
        + " まで、" + ticket.downloadsLeft() + " 回まで可能です。<br>"
        + "Leave \"Mark this key as exportable\" unchecked.</p>";
    return Html.ok("ダウンロード / Download", body);
  }

  /**
   * The PKCS#12 download (MISSION A4&ndash;A5).
   *
   * @param request the request
   * @return the file, or a page saying why not
   */
  @PostMapping("/acquire/download")
  public ResponseEntity<byte[]> download(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object ticket = session == null ? null : session.getAttribute(TICKET);
    if (session == null || !(ticket instanceof String id)) {
      return gone(Html.refusal("NO_DOWNLOAD", "", List.of(
          "ダウンロードできる電子証明書はありません。", "There is no certificate to download.")));
    }
    DownloadResult result = shomei.acquisition().download(id);
    if (result instanceof DownloadResult.Refused refused) {
      session.removeAttribute(TICKET);
      return gone(Html.refusal(refused.reason().name(), "", Messages.download(refused.reason())));
    }
    DownloadResult.Downloaded file = (DownloadResult.Downloaded) result;
    if (file.downloadsLeft() == 0) {
      session.removeAttribute(TICKET);
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(file.contentType()))
        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(file.fileName()))
        .cacheControl(CacheControl.noStore())
        .body(file.pkcs12());
  }

  private static String attachment(String fileName) {
    boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(fileName);
    return (ascii ? ContentDisposition.attachment().filename(fileName)
        : ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8))
        .build().toString();
  }

  private static ResponseEntity<byte[]> gone(String body) {
    return ResponseEntity.status(HttpStatus.GONE).contentType(Html.HTML)
        .body(Html.page("ダウンロード / Download", body).getBytes(StandardCharsets.UTF_8));
  }
}
