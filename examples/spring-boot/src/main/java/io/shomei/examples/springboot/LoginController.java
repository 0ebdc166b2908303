package io.shomei.examples.springboot;

import static io.shomei.examples.springboot.Html.csrf;
import static io.shomei.examples.springboot.Html.esc;

import io.shomei.core.AccountCertificate;
import io.shomei.core.LoginResult;
import io.shomei.core.PasswordProof;
import io.shomei.core.Refusal;
import io.shomei.core.Shomei;
import io.shomei.core.eligibility.ReacquisitionDecision;
import io.shomei.core.identity.AcceptanceRefusal;
import io.shomei.core.password.ViolationCode;
import io.shomei.spi.Secret;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The login pages (MISSION L1&ndash;L6): start page, certificate step result, password, first-login
 * change, and the customer's landing page with the certificate's validity period (R4) and the
 * re-acquisition status.
 *
 * <p>Passwords arrive as servlet parameters, that is as {@code String}s, which cannot be wiped; they
 * are wrapped in a {@link Secret} at once and Shomei destroys that after use. Nothing here logs a
 * parameter, and no secret or ticket ever appears in a URL.
 */
@RestController
public class LoginController {
  /** The rules of Shomei's default policy (japaneseBank), as the web host words them. */
  private static final String RULES = "<ul class=\"rules\">"
      + "<li>半角8〜20文字。英字（大文字・小文字を区別します）・数字・記号（! # $ % &amp; * + - = ? @ _ . / など）"
      + "が使えます。スペース・全角文字は使えません / 8 to 20 half-width characters: letters "
      + "(case-sensitive), digits and symbols (! # $ % &amp; * + - = ? @ _ . / and others). No spaces, "
      + "no full-width characters</li>"
      + "<li>英字と数字をそれぞれ1文字以上 / At least one letter and one digit</li>"
      + "<li>ユーザIDを含まないこと。同じ文字を4文字以上続けないこと（例：aaaa）、4文字以上の連続した文字や"
      + "並びを含まないこと（例：1234、abcd、qwer） / Must not contain your user ID, the same "
      + "character 4 or more times in a row (such as aaaa), or a run of 4 or more (such as 1234, "
      + "abcd, qwer)</li>"
      + "<li>現在・過去のパスワードおよび電子証明書取得用パスワードと異なること / Different from your current "
      + "and previous passwords and from the certificate acquisition password</li></ul>";
  private static final String ALLOWED_CHARACTERS_JA =
      "使える文字は半角の英字・数字・記号です。スペース・全角文字は使えません。";
  private static final String ALLOWED_CHARACTERS_EN = "You can use half-width letters, digits and "
      + "symbols. Spaces and full-width characters cannot be used.";

  static final String CUSTOMER_ROLE = "ROLE_CUSTOMER";
  /** Session attribute: the "password changed" notice was shown. */
  private static final String PASSWORD_CHANGE_SHOWN = "shomei.password-change-shown";

  private final Shomei shomei;
  private final ServiceCatalog services;
  private final Messages messages;
  private final ZoneId zone;
  private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
  /** The certificate-login connector; none behind a proxy (the form then posts relatively). */
  private final ObjectProvider<CertificateLoginPort> loginPort;

  /**
   * Creates the controller.
   *
   * @param shomei the engine
   * @param services the services
   * @param properties the host's properties
   * @param loginPort the certificate-login connector, if there is one
   */
  public LoginController(Shomei shomei, ServiceCatalog services, ShomeiProperties properties,
      ObjectProvider<CertificateLoginPort> loginPort) {
    this.shomei = shomei;
    this.loginPort = loginPort;
    this.services = services;
    this.zone = properties.zone();
    this.messages = new Messages(properties.zone());
  }

  /**
   * The start page: [電子証明書ログイン] per service and [電子証明書取得] (MISSION A1, L1).
   *
   * @param request the request
   * @return the page
   */
  @GetMapping("/")
  public ResponseEntity<String> start(HttpServletRequest request) {
    StringBuilder b = new StringBuilder();
    if (principal() instanceof AuthenticatedCustomer c) {
      b.append("<p class=\"notice info\">").append(esc(c.userId()))
          .append(" 様はログイン中です / logged in. ")
          .append("<a href=\"/home\">マイページ / My page</a></p>");
    } else if (request.getParameter("logged-out") != null) {
      // where the logout lands (SecurityConfiguration): say so, once per logout
      b.append("<p id=\"notice\" data-notice=\"logged-out\" class=\"notice info\">ログアウトしました。"
          + "ご利用ありがとうございました。 / You have logged out. Thank you for using the service.</p>");
    }
    // the only form that leads to the port asking for a certificate (CertificateLoginPort)
    CertificateLoginPort login = loginPort.getIfAvailable();
    String action = (login == null ? "" : login.origin()) + "/login/certificate";
    b.append("<section class=\"actions\">\n<div class=\"action\">\n")
        .append("<h2>はじめてご利用の方 / First time</h2>\n")
        .append("<p>電子証明書を取得してから、電子証明書ログインをご利用ください。 / Get your certificate "
            + "first, then log in with it.</p>\n")
        .append("<p><a class=\"button\" id=\"acquire\" href=\"/acquire\">電子証明書取得 / Get a "
            + "certificate</a></p>\n</div>\n<div class=\"action\">\n")
        .append("<h2>電子証明書をお持ちの方 / You have a certificate</h2>\n")
        .append("<form method=\"post\" action=\"").append(esc(action)).append("\" class=\"form\">")
        .append(csrf(request))
        .append("<label for=\"service\">サービス / Service</label><select id=\"service\" name=\"service\">");
    for (String s : services.names()) {
      b.append("<option value=\"").append(esc(s)).append("\">").append(esc(Messages.serviceName(s)))
          .append("</option>");
    }
    b.append("</select>")
        .append("<p class=\"hint\">ブラウザが電子証明書の選択を求めたら、「CN=」の後にお客様のユーザIDが表示される"
            + "電子証明書を選んでください。 / When the browser asks, choose the certificate whose "
            + "\"CN=\" is your user ID.</p>")
        .append("<button type=\"submit\" id=\"certificate-login\">電子証明書ログイン / Certificate login"
            + "</button></form>\n</div>\n</section>\n");
    return Html.ok("ログイン / Log in", b.toString());
  }

  /**
   * The icon browsers ask for on a first visit: the web host's ({@code /static/favicon.svg}), so
   * that their console shows no 404.
   *
   * @return the icon
   */
  @GetMapping("/favicon.ico")
  public ResponseEntity<Resource> favicon() {
    return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml"))
        .cacheControl(CacheControl.maxAge(Duration.ofDays(1)))
        .body(new ClassPathResource("static/static/favicon.svg"));
  }

  /**
   * After {@link CertificateLoginFilter} asked Shomei about the presented certificate.
   *
   * @param request the request
   * @return a redirect to the password page, or the refusal
   */
  @PostMapping("/login/certificate")
  public ResponseEntity<String> certificate(HttpServletRequest request) {
    Object outcome = request.getAttribute(CertificateLoginFilter.OUTCOME);
    if (outcome instanceof LoginResult.PasswordRequired) {
      return seeOther("/login/password");
    }
    endSession(request);
    if (outcome instanceof LoginResult.Refused refused) {
      return refusal(refused);
    }
    return Html.respond(HttpStatus.BAD_REQUEST, "エラー / Error",
        Html.refusal("UNKNOWN_SERVICE", "", List.of("サービスを選択してください。", "Please choose a service.")));
  }

  /**
   * The password page (MISSION L4, L6), with the certificate's validity (R4).
   *
   * @param request the request
   * @return the page
   */
  @GetMapping("/login/password")
  public ResponseEntity<String> passwordPage(HttpServletRequest request) {
    return Html.ok("パスワード入力 / Password", passwordForm(request, pending(), List.of()));
  }

  /**
   * The password step.
   *
   * @param password the password as typed
   * @param request the request
   * @param response the response
   * @return the next page
   */
  @PostMapping("/login/password")
  public ResponseEntity<String> password(@RequestParam("password") String password,
      HttpServletRequest request, HttpServletResponse response) {
    PendingCertificateLogin pending = pending();
    LoginResult.PasswordStep step = shomei.login().password(pending.pending(), Secret.of(password));
    if (step instanceof LoginResult.Authenticated done) {
      return complete(done, request, response);
    }
    if (step instanceof LoginResult.ChangeRequired change) {
      switchTo(new PreAuthenticatedAuthenticationToken(pending.changeRequired(change), "N/A",
          AuthorityUtils.createAuthorityList(CertificateLoginFilter.PASSWORD_CHANGE_REQUIRED)),
          request, response);
      return seeOther("/login/change");
    }
    LoginResult.Refused refused = (LoginResult.Refused) step;
    if (refused.refusal() instanceof Refusal.InvalidCredentials) {
      // the certificate step again, with this connection's certificate: it says how many attempts
      // are left, or that the login is now locked (told only to the certificate's holder)
      LoginResult.CertificateStep again = shomei.login().presentCertificate(pending.service(),
          CertificateLoginFilter.presentedChain(request));
      if (again instanceof LoginResult.Refused locked) {
        endSession(request);
        return refusal(locked);
      }
      List<String> lines = new ArrayList<>(messages.login(refused));
      ((LoginResult.PasswordRequired) again).passwordAttemptsLeft()
          .ifPresent(left -> lines.addAll(Messages.attemptsLeft(left)));
      return Html.respond(HttpStatus.UNAUTHORIZED, "パスワード入力 / Password",
          passwordForm(request, pending, lines));
    }
    endSession(request);
    return refusal(refused);
  }

  /**
   * The password change page (MISSION L5).
   *
   * @param request the request
   * @return the page
   */
  @GetMapping("/login/change")
  public ResponseEntity<String> changePage(HttpServletRequest request) {
    return Html.ok("パスワード変更 / Change your password", changeForm(request, pending(), "", List.of()));
  }

  /**
   * The first-login (or expired-password) change. The current password is not asked again: the
   * password step's proof stands for it (the customer typed it a moment ago).
   *
   * @param newPassword the new password
   * @param confirmation the new password again
   * @param request the request
   * @param response the response
   * @return the next page
   */
  @PostMapping("/login/change")
  public ResponseEntity<String> change(@RequestParam("newPassword") String newPassword,
      @RequestParam("confirmation") String confirmation,
      HttpServletRequest request, HttpServletResponse response) {
    PendingCertificateLogin pending = pending();
    if (!newPassword.equals(confirmation)) {
      return Html.respond(HttpStatus.BAD_REQUEST, "パスワード変更 / Change your password",
          changeForm(request, pending, "CONFIRMATION_MISMATCH", List.of(
              "新しいパスワードと確認用パスワードが一致しません。",
              "The new password and its confirmation differ.")));
    }
    PasswordProof proof = pending.proof();
    if (proof == null) { // the security rules let only a login that must change reach this
      throw new IllegalStateException("no password change pending");
    }
    LoginResult.ChangeStep step = shomei.login().changePassword(proof, Secret.of(newPassword));
    if (step instanceof LoginResult.Authenticated done) {
      return complete(done, request, response);
    }
    if (step instanceof LoginResult.PolicyViolations violations) {
      List<String> lines = new ArrayList<>(violations.messages(Locale.JAPANESE));
      lines.addAll(violations.messages(Locale.ENGLISH));
      if (violations.violations().stream()
          .anyMatch(v -> v.code() == ViolationCode.DISALLOWED_CHARACTER)) {
        // which characters can be used (the ones typed are the password's: never shown back)
        lines.addAll(List.of(ALLOWED_CHARACTERS_JA, ALLOWED_CHARACTERS_EN));
      }
      return Html.respond(HttpStatus.BAD_REQUEST, "パスワード変更 / Change your password",
          changeForm(request, pending, "POLICY_VIOLATIONS", lines));
    }
    // changed, reset or locked meanwhile, or the login took too long: start again
    endSession(request);
    return refusal((LoginResult.Refused) step);
  }

  /**
   * The customer's landing page: the certificate's validity period (R4) and whether and when a
   * re-acquisition is possible or needed (R2, R5).
   *
   * @param request the request
   * @return the page
   */
  @GetMapping("/home")
  public ResponseEntity<String> home(HttpServletRequest request) {
    if (!(principal() instanceof AuthenticatedCustomer c)) {
      throw new IllegalStateException("no customer"); // the security rules only let customers here
    }
    // the same records and rules as the login and the acquisition, asked through the SDK
    ReacquisitionDecision decision =
        reacquisition(shomei.certificates().status(c.userId(), c.service()));
    StringBuilder b = new StringBuilder()
        .append("<p id=\"customer\" data-user-id=\"").append(esc(c.userId()))
        .append("\" data-service=\"").append(esc(c.service())).append("\">")
        .append(esc(c.userId())).append(" 様 / ").append(esc(Messages.serviceName(c.service())))
        .append("</p>")
        .append(Html.certificate(c.certificate(), c.userId(), zone))
        .append("<dl class=\"facts\">")
        .append("<dt>前回ログイン / Previous login</dt><dd>")
        .append(c.previousLoginAt() == null ? "初回 / first login"
            : esc(Html.date(c.previousLoginAt(), zone)))
        .append("</dd>")
        .append("<dt>電子証明書の再取得 / Re-acquisition</dt><dd id=\"reacquisition\" data-decision=\"")
        .append(decision == null ? "Unknown" : esc(decision.getClass().getSimpleName()))
        .append("\">")
        .append(decision == null ? "確認できません / cannot be checked now"
            : esc(messages.reacquisition(decision)))
        .append("</dd></dl>")
        .append("<p><a id=\"renew\" href=\"/renew\">").append(esc(WebWords.label("link.renew")))
        .append("</a></p>");
    Instant unusable = c.certificateUnusableFrom();
    if (unusable != null) {
      b.append("<p id=\"warning\" class=\"notice warning\">この電子証明書は ")
          .append(esc(Html.date(unusable, zone)))
          .append(" 以降ご利用いただけません / this certificate stops working then.</p>");
    }
    HttpSession session = request.getSession(false);
    if (c.passwordChanged() && session != null
        && session.getAttribute(PASSWORD_CHANGE_SHOWN) == null) {
      // once, on the first landing after the change: not on every later visit
      session.setAttribute(PASSWORD_CHANGE_SHOWN, true);
      b.append("<p id=\"notice\" data-notice=\"password-changed\" class=\"notice info\">"
          + "パスワードを変更しました。"
          + "次回から新しいパスワードでログインしてください。 / Your password has been changed. "
          + "Use the new password from now on.</p>");
    }
    b.append("<form method=\"post\" action=\"/logout\" class=\"logout\">").append(csrf(request))
        .append("<button type=\"submit\">ログアウト / Log out</button></form>");
    return Html.ok("ようこそ / Welcome", b.toString());
  }

  /** What the rules say of re-acquisition for the account, as {@code Certificates} computed it. */
  private static @Nullable ReacquisitionDecision reacquisition(AccountCertificate status) {
    if (status instanceof AccountCertificate.Held held) {
      return held.reacquisition();
    }
    return status instanceof AccountCertificate.NotHeld notHeld ? notHeld.reacquisition() : null;
  }

  private String passwordForm(HttpServletRequest request, PendingCertificateLogin p,
      List<String> errors) {
    StringBuilder b = new StringBuilder()
        .append("<p>").append(esc(Messages.serviceName(p.service()))).append("</p>")
        .append(Html.certificate(p.certificate(), p.userId(), zone));
    Instant unusable = p.unusableFrom();
    if (unusable != null) {
      b.append("<p id=\"warning\" class=\"notice warning\">この電子証明書は ")
          .append(esc(Html.date(unusable, zone)))
          .append(" 以降ご利用いただけません。お早めに再取得してください。 / This certificate stops working then.</p>");
    }
    errors(b, "INVALID_CREDENTIALS", errors);
    b.append("<form method=\"post\" action=\"/login/password\" class=\"form\" autocomplete=\"off\">")
        .append(csrf(request))
        .append("<label for=\"password\">パスワード / Password</label>")
        .append("<input type=\"password\" id=\"password\" name=\"password\" ")
        .append("autocomplete=\"current-password\" maxlength=\"128\" required data-softkey>")
        .append("<p class=\"hint\">大文字・小文字は区別されます。初回ログインでは仮パスワードを入力してください"
            + "（電子証明書取得用パスワードではありません）。<br>")
        .append("Passwords are case-sensitive. At your first login enter the temporary password "
            + "(not the certificate acquisition password).</p>")
        .append(Html.softwareKeyboard())
        .append("<button type=\"submit\" id=\"password-submit\">ログイン / Log in</button></form>");
    return b.append(cancel(request)).toString();
  }

  private String changeForm(HttpServletRequest request, PendingCertificateLogin p, String code,
      List<String> errors) {
    StringBuilder b = new StringBuilder("<p id=\"change-reason\" data-reason=\"")
        .append(p.changeReason() == null ? "" : p.changeReason().name()).append("\">")
        .append("初回ログインのため、パスワードを変更してください。 / Please choose your own password.</p>");
    errors(b, code, errors);
    return b.append(RULES)
        .append("<form method=\"post\" action=\"/login/change\" class=\"form\" autocomplete=\"off\">")
        .append(csrf(request))
        .append("<label for=\"newPassword\">新しいパスワード / New password</label>")
        .append("<input type=\"password\" id=\"newPassword\" name=\"newPassword\" ")
        .append("autocomplete=\"new-password\" maxlength=\"128\" required data-softkey>")
        .append("<label for=\"confirmation\">確認用 / Again</label>")
        .append("<input type=\"password\" id=\"confirmation\" name=\"confirmation\" ")
        .append("autocomplete=\"new-password\" maxlength=\"128\" required data-softkey>")
        .append("<p class=\"hint\">大文字・小文字は区別されます。 / Passwords are case-sensitive.</p>")
        .append(Html.softwareKeyboard())
        .append("<button type=\"submit\" id=\"change-submit\">変更 / Change</button></form>")
        .append(cancel(request)).toString();
  }

  private static void errors(StringBuilder b, String code, List<String> errors) {
    if (!errors.isEmpty()) {
      b.append(Html.refusal(code, "", errors));
    }
  }

  private static String cancel(HttpServletRequest request) {
    return "<form method=\"post\" action=\"/logout\" class=\"logout\">" + csrf(request)
        + "<button type=\"submit\" class=\"secondary\">中止 / Cancel</button></form>";
  }

  private ResponseEntity<String> refusal(LoginResult.Refused r) {
    AcceptanceRefusal certificate = r.certificateRefusal();
    String detail = certificate != null ? certificate.name()
        : r.refusal() instanceof Refusal.MustReacquire m ? m.cause().name() : "";
    List<String> lines = new ArrayList<>(messages.login(r));
    String renew = "";
    if (r.refusal() instanceof Refusal.MustReacquire m && m.renewNow()) {
      // this very certificate still proves possession: renewal, no acquisition password
      List<String> renewNow = WebWords.both("eligibility.renew-now", Map.of());
      lines.set(0, lines.get(0) + renewNow.get(0));
      lines.set(1, lines.get(1) + " " + renewNow.get(1));
      renew = "<p><a id=\"renew\" href=\"/renew\">" + esc(WebWords.label("link.renew"))
          + "</a></p>";
    }
    return Html.respond(HttpStatus.FORBIDDEN, "ログインできません / Login refused",
        Html.refusal(r.reason().name(), detail, lines) + renew
            + "<p><a href=\"/\">ログイン画面へ / Back to the login page</a></p>");
  }

  private ResponseEntity<String> complete(LoginResult.Authenticated done, HttpServletRequest request,
      HttpServletResponse response) {
    switchTo(new PreAuthenticatedAuthenticationToken(AuthenticatedCustomer.of(done), "N/A",
        AuthorityUtils.createAuthorityList(CUSTOMER_ROLE)), request, response);
    return seeOther("/home");
  }

  /** Replaces the login state in the session, on a new session id and CSRF token. */
  private void switchTo(Authentication authentication, HttpServletRequest request,
      HttpServletResponse response) {
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication);
    SecurityContextHolder.setContext(context);
    SessionSteps.renew(authentication, request, response);
    contexts.saveContext(context, request, response);
  }

  private static void endSession(HttpServletRequest request) {
    SecurityContextHolder.clearContext();
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  private static @Nullable Object principal() {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    return a == null ? null : a.getPrincipal();
  }

  private static PendingCertificateLogin pending() {
    if (principal() instanceof PendingCertificateLogin p) {
      return p;
    }
    // the security rules only let a pending login reach these pages
    throw new IllegalStateException("no pending certificate login");
  }

  private static ResponseEntity<String> seeOther(String path) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(path)).build();
  }
}
