package io.shomei.examples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Lets an RFC 6960 GET reach {@link OcspController}: its request is standard base64,
 * URL-encoded, so a {@code /} of the base64 arrives as {@code %2F}. Tomcat refuses an encoded
 * slash by default and Spring Security's firewall does too; here Tomcat passes it through
 * undecoded and the firewall allows it on exactly one shape of path: {@code GET /ocsp/} followed
 * by base64 characters and the escapes {@code %2F}, {@code %2B}, {@code %3D}. Every other path
 * meets the default strict firewall.
 */
@Configuration(proxyBeanMethods = false)
class OcspPaths {

  /** Base64 (standard or URL-safe) with its three escapable characters escaped or not. */
  private static final Pattern OCSP_GET =
      Pattern.compile("/ocsp/(?:[A-Za-z0-9+/=_-]|%(?i:2F|2B|3D))+");

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
    // undecoded: "%2F" stays in the path, so servlet mapping and the firewall never see a new "/"
    return factory -> factory.addConnectorCustomizers(
        connector -> connector.setEncodedSolidusHandling("passthrough"));
  }

  @Bean
  WebSecurityCustomizer encodedSlashesOnlyInOcspGets() {
    HttpFirewall firewall = new OcspFirewall();
    return web -> web.httpFirewall(firewall);
  }

  /** The strict firewall, with encoded slashes allowed in an OCSP GET's path only. */
  static final class OcspFirewall implements HttpFirewall {
    private final StrictHttpFirewall strict = new StrictHttpFirewall();
    private final StrictHttpFirewall ocspGet = new StrictHttpFirewall();

    OcspFirewall() {
      ocspGet.setAllowUrlEncodedSlash(true);
      // Tomcat passes "%2F" through undecoded, so the servlet path holds a '%'
      ocspGet.setAllowUrlEncodedPercent(true);
    }

    static boolean isOcspGet(String method, String pathWithinApplication) {
      return "GET".equals(method) && OCSP_GET.matcher(pathWithinApplication).matches();
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
      String uri = request.getRequestURI();
      String context = request.getContextPath();
      String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
      return (isOcspGet(request.getMethod(), path) ? ocspGet : strict)
          .getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
      return strict.getFirewalledResponse(response);
    }
  }
}
