package io.shomei.examples.springboot;

import io.shomei.spi.KeyCustodyException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * "Certificates cannot be issued at the moment" when key custody could not sign
 * ({@link KeyCustodyException}: an HSM session lost, a token removed): HTTP 503 with
 * {@code Retry-After}. The SDK issued and recorded nothing, so the customer sends the same form
 * again later, on this node once custody is back or on another node now. The exception's text
 * stays in the server's log only.
 */
@RestControllerAdvice
public class IssuanceUnavailable {
  /** The reason code on the page (for scripts and tests). */
  static final String REASON = "ISSUANCE_UNAVAILABLE";

  /** How long the customer is asked to wait, in seconds. */
  static final long RETRY_AFTER_SECONDS = 60;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(IssuanceUnavailable.class);

  /**
   * The answer.
   *
   * @param failure what custody said
   * @return the page
   */
  @ExceptionHandler(KeyCustodyException.class)
  public ResponseEntity<String> unavailable(KeyCustodyException failure) {
    LOG.warn("key custody could not sign: {}", failure.getClass().getName());
    ResponseEntity<String> page = Html.respond(HttpStatus.SERVICE_UNAVAILABLE,
        "発行できません / Issuance unavailable",
        Html.refusal(REASON, "", List.of(
            "ただいま電子証明書を発行できません。電子証明書は発行されておらず、"
                + "パスワードもそのままお使いいただけます。数分後にもう一度お試しください。",
            "Certificates cannot be issued at the moment. Nothing was issued and your passwords"
                + " stay as they are: please try again in a few minutes.")));
    return ResponseEntity.status(page.getStatusCode())
        .headers(page.getHeaders())
        .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
        .body(page.getBody());
  }
}
