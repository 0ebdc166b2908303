package io.shomei.core;

import java.time.Duration;

/**
 * Renewal with the current certificate: while an account holds a certificate that proves
 * possession of its key, the successor is issued on that proof alone, without the acquisition
 * password. A real-time phishing site can ask a customer for the three secrets of acquisition; it
 * cannot present the customer's certificate in a TLS handshake with the bank, nor sign a bank's
 * challenge with a key that stays on the customer's PC. Obtain it from
 * {@link Shomei#renewal()}.
 *
 * <h2>What {@link #renew} does, in order</h2>
 *
 * <ol>
 *   <li><b>Challenge</b> (signature proof only): sealed by this engine's key, for the request's
 *       service and the certificate's account, not expired ({@link #CHALLENGE_LIFETIME}), and no
 *       certificate of the account recorded since it was made (so it yields at most one).
 *   <li><b>Certificate check</b>: the chain goes through the same acceptance as a login (trust
 *       anchors of the service, DER checks, CN mapping, binding to the account's ACTIVE record):
 *       a foreign CA's certificate with the same CN is {@link RenewalRefusal#CERTIFICATE_NOT_ACCEPTED},
 *       a replaced one {@link RenewalRefusal#SUPERSEDED}, a revoked one
 *       {@link RenewalRefusal#REVOKED}. For a signature, it must verify with the certificate's key.
 *   <li><b>Proof under the rules</b>:
 *       {@link io.shomei.core.eligibility.Eligibility#checkProof}: a certificate usable for login
 *       proves possession; one a campaign made unusable proves it only if the campaign declares so
 *       ({@code proof-after-unusable = allowed}); otherwise
 *       {@link RenewalRefusal#NOT_USABLE_AS_PROOF}.
 *   <li><b>Eligibility</b>: exactly as acquisition decides for the account's active certificate
 *       (not yet, not eligible, branch only, revoked for cause), so renewal never issues what an
 *       acquisition at the same instant would refuse.
 *   <li><b>Issues, packages and commits</b> through acquisition's one path: the new PKCS#12 file is
 *       protected by the password the customer chose, kept in a download ticket
 *       ({@link Acquisition#download} serves it, with the same limits), and one atomic
 *       {@link io.shomei.spi.Storage#commitAcquisition} records and activates the successor and
 *       supersedes the presented certificate. Audited: {@code ACQUISITION_ATTEMPTED} and
 *       {@code CERTIFICATE_ISSUED} with {@code path=renewal-handshake} or
 *       {@code renewal-signature} and the proof's basis, or {@code ACQUISITION_REFUSED} with the
 *       renewal's reason.
 * </ol>
 *
 * <p>Nothing here counts against a password or locks anything: without the key, a stranger gets
 * refusals and costs the account nothing.
 *
 * <p>Thread-safe and stateless.
 *
 * @since 0.2.0
 */
public interface Renewal {
  /** How long a challenge is accepted after it was made. */
  Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);

  /**
   * Makes a challenge for a renewal by signature.
   *
   * @param service the service
   * @param userId the user ID as the client gave it (checked against the certificate at renewal)
   * @return the challenge
   * @throws IllegalArgumentException if the service is not configured or the user ID is blank or
   *     longer than 128 characters
   */
  RenewalChallenge challenge(String service, String userId);

  /**
   * Renews. Destroys the request's file password before returning.
   *
   * @param request the proof and the new file's password
   * @return {@link RenewalResult.Renewed} or a typed {@link RenewalResult.Refused}
   * @throws io.shomei.spi.StorageException if a store failed (the state left is acquisition's)
   * @throws io.shomei.spi.KeyCustodyException if key custody failed to sign; nothing was issued
   */
  RenewalResult renew(RenewalRequest request);
}
