package io.shomei.examples.springboot;

import io.shomei.core.Shomei;
import io.shomei.core.forwarded.ForwardedCertificates;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Spring Security: the login is a small state machine carried by authorities.
 *
 * <ol>
 *   <li>anonymous: the start page, certificate acquisition and download, and
 *       {@code POST /login/certificate}, where {@link CertificateLoginFilter} asks Shomei;
 *   <li>{@value CertificateLoginFilter#CERTIFICATE_ACCEPTED}: the password page only;
 *   <li>{@value CertificateLoginFilter#PASSWORD_CHANGE_REQUIRED}: the password change page only;
 *   <li>{@code ROLE_CUSTOMER}: the customer's pages.
 * </ol>
 *
 * <p>{@code /ocsp} (the OCSP responder, {@link OcspController}) is open to anyone and outside CSRF
 * protection.
 *
 * <p>CSRF protection is on (Spring's default, every form carries the token); the session cookie is
 * {@code __Host-}, {@code Secure}, {@code HttpOnly}, {@code SameSite=Strict} and the session times
 * out (see {@code application.properties}); the session id changes at every login step. Every
 * request of a pending or completed login must present the login's certificate, and a completed
 * login ends once that certificate is revoked or superseded ({@link SessionCertificateCheck}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

  /**
   * The only authentication manager: it turns the certificate filter's principal into the
   * certificate-step authority. Declaring it also keeps Spring Boot from creating its default user
   * with a generated password.
   *
   * @return the manager
   */
  @Bean
  public AuthenticationManager certificateStepAuthenticationManager() {
    return CertificateLoginFilter.certificateStepManager();
  }

  /**
   * The filter chain.
   *
   * @param http Spring Security's builder
   * @param shomei the engine
   * @param services the configured services
   * @param properties the host's properties (the edge limits)
   * @param clock the clock of the edge limits
   * @param loginPort the certificate-login connector, absent behind a proxy
   * @param proxy the proxy's header decoder, present only behind a proxy
   * @return the chain
   * @throws Exception if Spring Security's builder fails
   */
  @Bean
  public SecurityFilterChain filterChain(HttpSecurity http, Shomei shomei, ServiceCatalog services,
      ShomeiProperties properties, Clock clock, ObjectProvider<CertificateLoginPort> loginPort,
      ObjectProvider<ForwardedCertificates> proxy) throws Exception {
    http
        // per-address and per-user-ID limits on password forms, before anything else is done
        .addFilterBefore(new EdgeThrottle(properties.edge(), clock, proxy.getIfAvailable()),
            CsrfFilter.class)
        // Shomei's certificate step where Spring's X.509 filter would sit (after the CSRF filter)
        .addFilterAt(new CertificateLoginFilter(shomei.login(), services),
            X509AuthenticationFilter.class)
        // a login session lives only as long as its certificate: checked before the rules
        .addFilterBefore(new SessionCertificateCheck(shomei.certificates()),
            AuthorizationFilter.class)
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/error").permitAll()
            // OCSP for relying parties (OcspController): public answers, no session
            .requestMatchers(HttpMethod.POST, "/ocsp").permitAll()
            .requestMatchers(HttpMethod.GET, "/ocsp/**").permitAll()
            .requestMatchers(HttpMethod.GET, "/", "/acquire").permitAll()
            // the web host's stylesheet, software keyboard and icon (Html)
            .requestMatchers(HttpMethod.GET, "/static/style.css", "/static/keyboard.js",
                "/static/favicon.svg", "/favicon.ico").permitAll()
            .requestMatchers(HttpMethod.GET, "/health/live", "/health/ready").permitAll()
            // Actuator (ActuatorBinding): health groups and Prometheus, on the pages' port only
            .requestMatchers(onCertificateLoginPort(loginPort)).denyAll()
            .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**",
                "/actuator/prometheus").permitAll()
            .requestMatchers(HttpMethod.POST, "/login/certificate", "/acquire", "/acquire/download")
            .permitAll()
            // renewal (RenewalController): the handshake's certificate is the proof, the SDK decides
            .requestMatchers("/renew").permitAll()
            .requestMatchers("/login/password").hasAuthority(CertificateLoginFilter.CERTIFICATE_ACCEPTED)
            .requestMatchers("/login/change")
            .hasAuthority(CertificateLoginFilter.PASSWORD_CHANGE_REQUIRED)
            .requestMatchers("/home").hasRole("CUSTOMER")
            .anyRequest().denyAll())
        .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/")))
        .headers(headers -> headers
            // the start page's form posts to the certificate-login port: another origin
            .addHeaderWriter((request, response) -> response.setHeader("Content-Security-Policy",
                contentSecurityPolicy(loginPort.getIfAvailable())))
            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/?logged-out")
            .deleteCookies("__Host-SHOMEI"))
        .requestCache(cache -> cache.disable())
        // an OCSP request carries no session and changes nothing: outside CSRF protection
        .csrf(csrf -> csrf.ignoringRequestMatchers("/ocsp"));
    return http.build();
  }

  /**
   * Requests that came in on the certificate-login connector, for the rules that keep operators'
   * endpoints off it; none behind a proxy (one connector).
   */
  static RequestMatcher onCertificateLoginPort(ObjectProvider<CertificateLoginPort> loginPort) {
    RequestMatcher actuator = PathPatternRequestMatcher.withDefaults().matcher("/actuator/**");
    return request -> {
      CertificateLoginPort login = loginPort.getIfAvailable();
      return login != null && request.getLocalPort() == login.port() && actuator.matches(request);
    };
  }

  /**
   * The pages' policy: nothing but this origin's own stylesheet, script and icon (no inline style
   * or script), forms posted to this origin or the certificate-login port's.
   */
  static String contentSecurityPolicy(@Nullable CertificateLoginPort loginPort) {
    String formAction = loginPort == null ? "'self'" : "'self' " + loginPort.origin();
    return "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action "
        + formAction + "; frame-ancestors 'none'; base-uri 'none'";
  }
}
