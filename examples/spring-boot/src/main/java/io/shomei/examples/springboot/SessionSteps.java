package io.shomei.examples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * What Spring Security's form login does at authentication and this host's own login steps must do
 * too: a new session id (no session fixation) and a new CSRF token (a token seen before the step is
 * worthless after it).
 */
final class SessionSteps {
  private static final CsrfAuthenticationStrategy CSRF = csrfStrategy();

  private SessionSteps() {}

  private static CsrfAuthenticationStrategy csrfStrategy() {
    // the same repository and request handler as Spring Security's defaults in the filter chain
    CsrfAuthenticationStrategy s = new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository());
    s.setRequestHandler(new XorCsrfTokenRequestAttributeHandler());
    return s;
  }

  /**
   * Renews the session id and the CSRF token after a login step changed who the session is.
   *
   * @param step the new authentication
   * @param request the request
   * @param response the response
   */
  static void renew(Authentication step, HttpServletRequest request, HttpServletResponse response) {
    if (request.getSession(false) != null) {
      request.changeSessionId();
    }
    CSRF.onAuthentication(step, request, response);
  }
}
