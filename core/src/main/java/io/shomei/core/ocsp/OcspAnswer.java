package io.shomei.core.ocsp;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a host sends back for one OCSP request: an HTTP status, headers and the DER body. The host
 * copies them to its HTTP response as they are; it never builds an OCSP structure itself.
 *
 * <p>Every OCSP answer, a malformed request included, is HTTP {@code 200} with content type
 * {@value #MEDIA_TYPE} and a DER {@code OCSPResponse} whose status tells the relying party what
 * went wrong (RFC 6960, appendix A). Other HTTP statuses are for requests that are not OCSP at
 * all: {@code 405} for a method other than GET or POST, {@code 413} for a body above
 * {@link OcspResponder#MAX_REQUEST_BYTES}; their body is empty.
 *
 * @param httpStatus the HTTP status code
 * @param headers the response headers (name to value), immutable; {@code Content-Type} for an OCSP
 *     answer, and for a successful answer to a GET without nonce the RFC 5019 caching headers
 *     ({@code Cache-Control}, {@code Last-Modified}, {@code Expires}, {@code ETag})
 * @param body the DER {@code OCSPResponse}, or empty (copied in and out)
 * @param outcome what the answer says, for the host's logs and metrics
 * @param nextUpdate the {@code nextUpdate} of a successful answer (relying parties may cache it until
 *     then), or {@code null}
 * @since 0.2.0
 */
// The array is copied in the constructor and in body(); equals compares contents.
@SuppressWarnings("ArrayRecordComponent")
public record OcspAnswer(int httpStatus, Map<String, String> headers, byte[] body, Outcome outcome,
    @Nullable Instant nextUpdate) {

  /** The media type of an OCSP response. */
  public static final String MEDIA_TYPE = "application/ocsp-response";

  /** The media type of an OCSP request (RFC 6960, appendix A.1). */
  public static final String REQUEST_MEDIA_TYPE = "application/ocsp-request";

  /** Copies the body and the headers. */
  public OcspAnswer {
    if (httpStatus < 100 || httpStatus > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
    }
    headers = Map.copyOf(headers);
    body = body.clone();
    Objects.requireNonNull(outcome, "outcome");
  }

  /**
   * The DER body.
   *
   * @return a fresh copy
   */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OcspAnswer a && httpStatus == a.httpStatus && headers.equals(a.headers)
        && Arrays.equals(body, a.body) && outcome == a.outcome
        && Objects.equals(nextUpdate, a.nextUpdate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(httpStatus, outcome, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "OcspAnswer[" + httpStatus + ", " + outcome + ", " + body.length + " bytes"
        + (nextUpdate == null ? "" : ", nextUpdate=" + nextUpdate) + "]";
  }

  /**
   * What an answer says.
   *
   * @since 0.2.0
   */
  public enum Outcome {
    /** A signed answer with a status (good, revoked or unknown) for every certificate asked. */
    SUCCESSFUL,
    /** The request was not a well-formed OCSP request; {@code malformedRequest}, unsigned. */
    MALFORMED_REQUEST,
    /**
     * None of the certificates asked was issued by this responder's CA; {@code unauthorized},
     * unsigned (RFC 5019, section 2.2.3).
     */
    UNAUTHORIZED,
    /** The store or the key custody failed; {@code internalError}, unsigned. */
    INTERNAL_ERROR,
    /** Not an OCSP request at all (wrong HTTP method or too large); no OCSP body. */
    NOT_OCSP
  }
}
