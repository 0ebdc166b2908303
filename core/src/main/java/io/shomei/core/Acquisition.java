package io.shomei.core;

import java.time.Instant;

/**
 * Certificate acquisition (MISSION A1-A5, R5-R6) and re-download of the PKCS#12 file. Obtain it
 * from {@link io.shomei.core.Shomei#acquisition()}.
 *
 * <h2>What {@link #acquire} does, in order</h2>
 *
 * <ol>
 *   <li><b>Authenticates</b> the user ID, the login password (which may still be the temporary one:
 *       first-time users acquire before their first login, A1) and the acquisition password. Both
 *       passwords are always verified, so a wrong one is counted against that password
 *       ({@link io.shomei.core.password.CredentialLockout}); any mismatch, an unknown account and
 *       a locked login password give the same {@link AcquisitionRefusal#AUTHENTICATION_FAILED}
 *       after the same work (two hash verifications), so that locking an account does not tell a
 *       guesser it exists. A locked acquisition password ({@link AcquisitionRefusal#LOCKED}), an
 *       expired login password or a used one-time acquisition password gives its own code, so
 *       the host can send the customer to the branch, but only to a caller who gave every password
 *       that can still be checked correctly.
 *   <li><b>Resumes</b>: if the account's active certificate still has a live download ticket (an
 *       earlier acquisition committed the certificate but the customer never got the link), that
 *       ticket is returned and nothing is issued ({@link AcquisitionResult.Acquired#resumed()}).
 *       Not with a one-time acquisition password that is consumed by then: of concurrent uses of
 *       one, exactly one succeeds.
 *   <li><b>Eligibility</b>: the service's rules are asked about the active certificate
 *       ({@link io.shomei.core.eligibility.Eligibility#checkReacquisition}). Before the rule's
 *       date: {@link AcquisitionRefusal#NOT_YET_ELIGIBLE} with the date. With a usable active
 *       certificate that no rule makes eligible: {@link AcquisitionRefusal#NOT_ELIGIBLE}, unless the
 *       bank allowed voluntary re-acquisition, or the certificate never reached a browser as far
 *       as the bank can tell: issued here, no download left (used up or expired) and no
 *       certificate login completed since it was issued (failed imports, a lost file, a new PC
 *       before the first login). Such a certificate is replaced like any other (superseded,
 *       audited with {@code replaces_because=never-used-no-download-left} on
 *       {@code CERTIFICATE_ISSUED}); once it has logged in, a lost certificate is the branch's
 *       (revocation and a new acquisition password). {@link Certificates#status} answers the same
 *       ({@code selfServiceNow}).
 *   <li>Checks that the acquisition password can protect a PKCS#12 file, <em>before</em> issuing.
 *   <li><b>Issues</b> (server-generated key, or the key of the request's CSR) and <b>records</b>
 *       the certificate as ISSUED: from here on it is never lost.
 *   <li><b>Packages</b> the PKCS#12 file with the acquisition password and stores it in a download
 *       ticket. The server-generated private key exists only inside that encrypted file.
 *   <li>For a {@linkplain io.shomei.core.password.AcquisitionMode#ONE_TIME one-time} acquisition
 *       password: consumes it (atomically; of concurrent uses exactly one proceeds).
 *   <li><b>Activates</b> the certificate with one compare-and-set, superseding the previous one.
 *       If another acquisition won meanwhile, the ticket is deleted, the certificate stays ISSUED
 *       and unused, and the answer is {@link AcquisitionRefusal#CONCURRENT_ACQUISITION}.
 *   <li>Leaves the replaced certificate SUPERSEDED (the default
 *       {@link RetirementPolicy#KEEP_SUPERSEDED}), or also revokes it with reason
 *       {@code superseded} under {@link RetirementPolicy#AT_ISSUANCE}; never for cause. Audits the
 *       issuance.
 * </ol>
 *
 * <p><b>Why package before activating</b>: the customer's old certificate is superseded only once a
 * file holding the new one exists. A failure before activation (custody, storage, packaging)
 * leaves the account exactly as it was, with at most an unused ISSUED certificate whose key was
 * never handed out; the customer simply retries. A failure after activation (a lost connection, an
 * audit store failure) is repaired by the resume step: acquiring again with the same secrets
 * returns the committed certificate's live ticket instead of issuing a second certificate, and
 * {@link #download} serves the file from the ticket any number of times up to its limit.
 *
 * <h2>Latency (the "issuing certificate" screen, A3)</h2>
 *
 * <p>{@code acquire} is synchronous and bounded: two password verifications, one key generation
 * (or a key from a {@link io.shomei.core.issue.KeyPregenerationPool}), one signature by key
 * custody, PKCS#12 encryption and a handful of store writes. Measured informally (median / 90th
 * percentile of 35 acquisitions after 5 warm-up ones) on a shared 2-core development machine, with
 * in-memory stores and a software CA:
 *
 * <table>
 *   <caption>Latency of one acquisition</caption>
 *   <tr><th>key</th><th>key pool</th><th>test hashing</th><th>Argon2id (OWASP parameters)</th></tr>
 *   <tr><td>EC P-256</td><td>no</td><td>20 / 32 ms</td><td>79 / 105 ms</td></tr>
 *   <tr><td>EC P-256</td><td>yes</td><td>6 / 15 ms</td><td>69 / 74 ms</td></tr>
 *   <tr><td>RSA-2048</td><td>no</td><td>77 / 135 ms</td><td>183 / 296 ms</td></tr>
 *   <tr><td>RSA-2048</td><td>yes</td><td>10 / 22 ms</td><td>150 / 206 ms</td></tr>
 * </table>
 *
 * <p>The two Argon2id verifications dominate with EC keys; RSA key generation dominates without a
 * pool (and its time varies widely), which is what the pool removes. A network HSM adds its signing
 * round trip and PostgreSQL a few milliseconds per write. A host should show the A3 "issuing
 * certificate" screen and allow a timeout of several seconds.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface Acquisition {

  /**
   * Acquires a certificate. Destroys the request's secrets before returning.
   *
   * @param request what the customer entered
   * @return {@link AcquisitionResult.Acquired} or a typed {@link AcquisitionResult.Refused}
   * @throws io.shomei.spi.StorageException if a store failed (see above for the state left)
   * @throws io.shomei.spi.KeyCustodyException if key custody failed to sign; nothing was issued
   * @throws io.shomei.core.password.HashingBusyException if every password-hashing slot stayed
   *     taken (server busy): nothing was verified or counted; answer "busy, try again"
   */
  AcquisitionResult acquire(AcquisitionRequest request);

  /**
   * Downloads the PKCS#12 file of a ticket, using one of its downloads (MISSION A4-A5). Audited as
   * {@code CERTIFICATE_DOWNLOADED}.
   *
   * @param ticketId the ticket id from {@link AcquisitionResult.Acquired#ticket()}
   * @return the file, or why not
   * @throws io.shomei.spi.StorageException if the ticket store failed
   */
  DownloadResult download(String ticketId);

  /**
   * Deletes expired download tickets (and their bytes); call periodically.
   *
   * @param now the instant
   * @return how many were deleted
   */
  int deleteExpiredTickets(Instant now);
}
