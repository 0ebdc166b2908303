package io.shomei.examples.springboot;

import io.shomei.core.Shomei;
import io.shomei.core.ocsp.OcspAnswer;
import io.shomei.core.ocsp.OcspResponder;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OCSP responder at {@code /ocsp}: POST with the DER request as body, GET with the URL-encoded
 * base64 request after {@code /ocsp/}. Shomei answers; this controller only moves bytes and
 * headers. Open to anyone and outside CSRF protection (see {@link SecurityConfiguration}): the
 * answers are public and a request changes nothing.
 *
 * <p>A GET's base64 may hold {@code /}, sent as {@code %2F}: {@link OcspPaths} lets exactly
 * such paths through Tomcat and the security firewall.
 */
@RestController
public class OcspController {
  private final OcspResponder responder;

  /**
   * Creates the controller.
   *
   * @param shomei the engine (the responder answers from its store and rules, signed by its CA)
   */
  public OcspController(Shomei shomei) {
    this.responder = shomei.ocspResponder().build();
  }

  /**
   * An OCSP request by POST.
   *
   * @param request the servlet request (its body is read, at most one byte over the limit)
   * @return the answer
   * @throws IOException if the body cannot be read
   */
  @PostMapping("/ocsp")
  public ResponseEntity<byte[]> post(HttpServletRequest request) throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(OcspResponder.MAX_REQUEST_BYTES + 1);
    }
    return entity(responder.post(body));
  }

  /**
   * An OCSP request by GET.
   *
   * @param request the servlet request (its raw, still encoded path is used)
   * @return the answer
   */
  @GetMapping("/ocsp/**")
  public ResponseEntity<byte[]> get(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return entity(responder.get(path.substring("/ocsp".length())));
  }

  private static ResponseEntity<byte[]> entity(OcspAnswer a) {
    HttpHeaders headers = new HttpHeaders();
    a.headers().forEach(headers::set);
    return ResponseEntity.status(a.httpStatus()).headers(headers).body(a.body());
  }
}
