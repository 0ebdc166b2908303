package io.shomei.core;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a host shows about certificates without logging anyone in: an account's certificate status
 * (the home page, the selection screen, the branch's view) and the check of a presented chain
 * (a "test my certificate" page, the operator CLI). Both answer from the same records and rules as
 * {@link Login} and {@link Acquisition}, so a page never tells a customer something the login or
 * the acquisition then contradicts.
 *
 * <pre>{@code
 * AccountCertificate status = shomei.certificates().status(userId, "fx-forward");
 * if (status instanceof AccountCertificate.Held held && held.selfServiceNow()) {
 *   // show the certificate and a link to re-acquisition, with held.verdict()'s dates
 * }
 * }</pre>
 *
 * <p>Thread-safe; reads only (nothing is audited or counted).
 *
 * @since 0.2.0
 */
public interface Certificates {

  /**
   * The certificate status of an account now.
   *
   * @param userId the user ID as the host has it
   * @param service the service
   * @return {@link AccountCertificate.Held}, {@link AccountCertificate.NotHeld}, or
   *     {@link AccountCertificate.Unknown} for a malformed user ID or an unknown service
   * @throws io.shomei.spi.StorageException if a store fails
   */
  AccountCertificate status(String userId, String service);

  /**
   * Checks a presented chain for a service exactly as the certificate step of {@link Login} does
   * (path, mapping, binding to the account's active certificate, the service's rules, then the
   * account: enrolled with a login password, not locked), without the account's passwords and
   * without logging in. Its answer is the certificate step's: {@link CertificateCheck.Usable}
   * exactly when {@link Login#presentCertificate} would ask for the password, and otherwise the same
   * {@link Refusal}.
   *
   * @param service the service
   * @param chain the presented certificates, the customer's first
   * @return {@link CertificateCheck.Usable} or {@link CertificateCheck.Refused}
   * @throws IllegalArgumentException if the service is not configured
   * @throws io.shomei.spi.StorageException if a store fails
   */
  CertificateCheck check(String service, List<X509Certificate> chain);

  /**
   * {@link #check} for a chain given as its encodings (a file's bytes, a forwarded header): each
   * must be one DER certificate, otherwise the answer is a {@link Refusal.CertificateRejected}
   * with {@link io.shomei.core.identity.AcceptanceRefusal#MALFORMED_CERTIFICATE}, as
   * {@link Login#presentEncodedCertificate} answers. The order is the one given.
   *
   * @param service the service
   * @param chain the encodings, the customer's certificate first
   * @return {@link CertificateCheck.Usable} or {@link CertificateCheck.Refused}
   * @throws IllegalArgumentException if the service is not configured
   * @throws io.shomei.spi.StorageException if a store fails
   * @since 0.2.0
   */
  CertificateCheck checkEncoded(String service, List<byte[]> chain);
}
