package io.shomei.examples.springboot;

import io.shomei.core.password.HashingBusyException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * "Busy, try again" when every password-hashing slot stayed taken ({@link HashingBusyException}):
 * HTTP 503 with {@code Retry-After}. Nothing was verified or counted, and the session is left as it
 * was, so the customer just sends the same form again.
 */
@RestControllerAdvice
public class ServerBusy {
  /** The reason code on the page (for scripts and tests). */
  static final String REASON = "BUSY";

  /**
   * The answer.
   *
   * @param busy what the SDK said
   * @return the page
   */
  @ExceptionHandler(HashingBusyException.class)
  public ResponseEntity<String> busy(HashingBusyException busy) {
    ResponseEntity<String> page = Html.respond(HttpStatus.SERVICE_UNAVAILABLE,
        "混み合っています / Busy",
        Html.refusal(REASON, "", List.of(
            "ただいま混み合っています。少し待ってからもう一度お試しください。",
            "The service is busy. Please wait a moment and try again.")));
    return ResponseEntity.status(page.getStatusCode())
        .headers(page.getHeaders())
        .header(HttpHeaders.RETRY_AFTER, Long.toString(busy.retryAfter().toSeconds()))
        .body(page.getBody());
  }
}
