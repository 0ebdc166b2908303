package io.shomei.core.migration;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One externally issued certificate to register.
 *
 * <pre>{@code
 * ImportRequest r = ImportRequest.of(certificate, "fx-forward")           // user from the CN
 *     .withStatus(ImportStatus.revoked(RevocationReason.KEY_COMPROMISE))
 *     .withIntermediates(List.of(issuingCa, intermediate))
 *     .withSource("inventory/0001.pem");
 * }</pre>
 *
 * @param certificate the end-entity certificate
 * @param intermediates CA certificates that may complete its path to the service's trust anchors,
 *     in any order (at most {@value #MAX_INTERMEDIATES}; certificates whose issuer is itself an
 *     anchor need none)
 * @param service the service the certificate is for
 * @param userId the user ID to register it for, or {@code null} to take it from the subject with the
 *     mapping policy; an explicit ID is required for a subject the policy does not map (the record
 *     is then non-conforming), and must equal the mapped ID when the subject does map
 * @param status the certificate's state in the source inventory
 * @param source a label for progress and error messages (for example the file name), or
 *     {@code null}; never stored
 * @since 0.1.0
 */
public record ImportRequest(
    X509Certificate certificate,
    List<X509Certificate> intermediates,
    String service,
    @Nullable String userId,
    ImportStatus status,
    @Nullable String source) {

  /** Most intermediates a request may carry. */
  public static final int MAX_INTERMEDIATES = 10;

  /**
   * Checks for nulls, copies the intermediates and bounds their number.
   *
   * @throws IllegalArgumentException if there are more than {@value #MAX_INTERMEDIATES}
   *     intermediates
   */
  public ImportRequest {
    Objects.requireNonNull(certificate, "certificate");
    intermediates = List.copyOf(intermediates);
    if (intermediates.size() > MAX_INTERMEDIATES) {
      throw new IllegalArgumentException("at most " + MAX_INTERMEDIATES + " intermediates");
    }
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(status, "status");
  }

  /**
   * An ACTIVE certificate for the user its subject maps to, without intermediates.
   *
   * @param certificate the certificate
   * @param service the service
   * @return the request
   */
  public static ImportRequest of(X509Certificate certificate, String service) {
    return new ImportRequest(certificate, List.of(), service, null, ImportStatus.active(), null);
  }

  /**
   * This request for an explicitly given user.
   *
   * @param explicitUserId the user ID, or {@code null} to map it from the subject
   * @return a new request
   */
  public ImportRequest withUserId(@Nullable String explicitUserId) {
    return new ImportRequest(certificate, intermediates, service, explicitUserId, status, source);
  }

  /**
   * This request with another status.
   *
   * @param newStatus the status
   * @return a new request
   */
  public ImportRequest withStatus(ImportStatus newStatus) {
    return new ImportRequest(certificate, intermediates, service, userId, newStatus, source);
  }

  /**
   * This request with intermediates.
   *
   * @param cas the CA certificates, in any order
   * @return a new request
   */
  public ImportRequest withIntermediates(List<X509Certificate> cas) {
    return new ImportRequest(certificate, cas, service, userId, status, source);
  }

  /**
   * This request with a label for messages.
   *
   * @param label the label, or {@code null}
   * @return a new request
   */
  public ImportRequest withSource(@Nullable String label) {
    return new ImportRequest(certificate, intermediates, service, userId, status, label);
  }

  /**
   * The label for messages: {@link #source()}, or {@code serial <hex>} when there is none.
   *
   * @return the label
   */
  public String label() {
    return source != null ? source : "serial " + certificate.getSerialNumber().toString(16);
  }

  @Override
  public String toString() {
    return "ImportRequest[" + label() + ", service=" + service + ", userId=" + userId + ", status="
        + status + "]";
  }
}
