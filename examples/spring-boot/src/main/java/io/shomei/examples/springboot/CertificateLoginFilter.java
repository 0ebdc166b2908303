package io.shomei.examples.springboot;

import io.shomei.core.Login;
import io.shomei.core.LoginResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * X.509 pre-authentication with Shomei in place of Spring Security's
 * {@code X509AuthenticationFilter} + {@code SubjectDnX509PrincipalExtractor}.
 *
 * <p>Spring's extractor runs the regular expression {@code CN=(.*?)(?:,|$)} over the subject's
 * string form, which an {@code OU} value, a second CN or a multi-valued RDN can steer to another
 * customer's user ID. This filter instead hands the whole presented chain to
 * {@link Login#presentCertificate}: Shomei validates the path against the trust anchors of the
 * service being logged in to, reads exactly one CN from the subject's DER, and binds the certificate
 * to the account's active certificate in the store (so a superseded or revoked certificate is
 * refused), then applies the service's eligibility rules and the account's lockout.
 *
 * <p>It runs only on {@code POST /login/certificate} (a form with a CSRF token and a
 * {@code service} field). On success the security context holds a
 * {@link PreAuthenticatedAuthenticationToken} whose principal is a {@link PendingCertificateLogin}
 * and whose only authority is {@value #CERTIFICATE_ACCEPTED}: enough for the password page,
 * nothing else. The session id and the CSRF token change (as at a Spring form login). Shomei's answer, accepted or
 * refused, is left in the request attribute {@link #OUTCOME} for the controller to render.
 */
public final class CertificateLoginFilter extends AbstractPreAuthenticatedProcessingFilter {
  /** Authority of a login whose certificate step passed and whose password step is due. */
  public static final String CERTIFICATE_ACCEPTED = "LOGIN_CERTIFICATE_ACCEPTED";

  /** Authority of a login whose password was right but must be changed first. */
  public static final String PASSWORD_CHANGE_REQUIRED = "LOGIN_PASSWORD_CHANGE_REQUIRED";

  /** Request attribute holding Shomei's {@link LoginResult.CertificateStep}. */
  public static final String OUTCOME = CertificateLoginFilter.class.getName() + ".OUTCOME";

  /** The servlet request attribute with the client's certificate chain, leaf first. */
  static final String PEER_CHAIN = "jakarta.servlet.request.X509Certificate";

  private final Login login;
  private final ServiceCatalog services;

  /**
   * Creates the filter.
   *
   * @param login Shomei's login flow
   * @param services the configured services
   */
  public CertificateLoginFilter(Login login, ServiceCatalog services) {
    this.login = login;
    this.services = services;
    setRequiresAuthenticationRequestMatcher(
        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login/certificate"));
    setAuthenticationManager(certificateStepManager());
    setCheckForPrincipalChanges(false);
    setContinueFilterChainOnUnsuccessfulAuthentication(true);
    afterPropertiesSet();
  }

  /**
   * Grants {@value #CERTIFICATE_ACCEPTED} to what this filter produced, and nothing else.
   *
   * @return the manager
   */
  static AuthenticationManager certificateStepManager() {
    return authentication -> {
      if (authentication instanceof PreAuthenticatedAuthenticationToken
          && authentication.getPrincipal() instanceof PendingCertificateLogin pending) {
        PreAuthenticatedAuthenticationToken granted = new PreAuthenticatedAuthenticationToken(
            pending, "N/A", AuthorityUtils.createAuthorityList(CERTIFICATE_ACCEPTED));
        granted.setDetails(authentication.getDetails());
        return granted;
      }
      throw new BadCredentialsException("not a certificate step");
    };
  }

  @Override
  protected @Nullable Object getPreAuthenticatedPrincipal(HttpServletRequest request) {
    String service = request.getParameter("service");
    if (service == null || !services.contains(service)) {
      return null; // the controller answers 400; no Shomei call for a service that does not exist
    }
    LoginResult.CertificateStep step = login.presentCertificate(service, presentedChain(request));
    request.setAttribute(OUTCOME, step);
    if (step instanceof LoginResult.PasswordRequired accepted) {
      return PendingCertificateLogin.of(accepted);
    }
    return null;
  }

  /**
   * The chain the client presented in the TLS handshake, leaf first; empty if none.
   *
   * @param request the request
   * @return the chain
   */
  static List<X509Certificate> presentedChain(HttpServletRequest request) {
    Object chain = request.getAttribute(PEER_CHAIN);
    return chain instanceof X509Certificate[] certificates ? List.of(certificates) : List.of();
  }

  @Override
  protected Object getPreAuthenticatedCredentials(HttpServletRequest request) {
    return "N/A"; // the TLS handshake proved possession of the key; nothing to keep
  }

  @Override
  protected void successfulAuthentication(HttpServletRequest request, HttpServletResponse response,
      Authentication authResult) throws IOException, ServletException {
    SessionSteps.renew(authResult, request, response); // new session id and CSRF token
    super.successfulAuthentication(request, response, authResult);
  }
}
