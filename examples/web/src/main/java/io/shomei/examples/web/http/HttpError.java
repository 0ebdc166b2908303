package io.shomei.examples.web.http;

/**
 * Ends a request with an error status and an error page. The message key names the page's text;
 * the detail is for the access log only and never carries request data.
 */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String messageKey;

  /**
   * An error.
   *
   * @param status the HTTP status
   * @param messageKey the message shown on the error page
   * @param detail a fixed description for the log
   */
  public HttpError(int status, String messageKey, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.messageKey = messageKey;
  }

  /**
   * The HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * The error page's message key.
   *
   * @return the key
   */
  public String messageKey() {
    return messageKey;
  }

  /**
   * 400 Bad Request.
   *
   * @param detail what was wrong, for the log
   * @return the error
   */
  public static HttpError badRequest(String detail) {
    return new HttpError(400, "error.bad-request", detail);
  }
}
