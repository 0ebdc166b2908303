package io.shomei.core;

import io.shomei.core.eligibility.Eligibility;
import io.shomei.core.identity.CertificateAcceptance;
import io.shomei.core.password.CredentialLockout;
import io.shomei.core.password.PasswordContext;
import io.shomei.core.password.PasswordHasher;
import io.shomei.core.password.PasswordPolicy;
import io.shomei.spi.CredentialRecord;
import io.shomei.spi.Secret;
import io.shomei.spi.StorageException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The certificate login use case (MISSION L1&ndash;L6): certificate step, password step, and the
 * password change required at first login.
 *
 * <pre>{@code
 * LoginResult.CertificateStep c = login.presentCertificate("fx-forward", peerCertificates);
 * if (c instanceof LoginResult.PasswordRequired p) {
 *   session.put("pending", p.pending());                     // server-side session
 *   LoginResult.PasswordStep s = login.password(p.pending(), Secret.copyOf(passwordField));
 *   if (s instanceof LoginResult.ChangeRequired change) {
 *     LoginResult.ChangeStep done =
 *         login.changePassword(change.pending(), Secret.copyOf(current), Secret.copyOf(next));
 *   }
 * }
 * }</pre>
 *
 * <h2>The steps</h2>
 *
 * <ol>
 *   <li>{@link #presentCertificate}: {@link CertificateAcceptance} (chain, mapping, binding to the
 *       account's ACTIVE certificate), then the service's {@link Eligibility} (a campaign such as
 *       the notice of 2021 refuses from its {@code unusableFrom} with
 *       {@link LoginRefusal#REACQUIRE_REQUIRED} and the dates), then the account's credentials: a
 *       locked login password is refused here as {@link LoginRefusal#ACCOUNT_LOCKED}.
 *   <li>{@link #password}: re-checks everything of step 1 that can change (the certificate must
 *       still be the active one and still eligible, the pending login not older than
 *       {@link Shomei.Builder#pendingLoginTimeout}), then verifies the password through
 *       {@link CredentialLockout}. A temporary password, a first login or an expired own password
 *       leads to {@link LoginResult.ChangeRequired}.
 *   <li>{@link #changePassword(PendingLogin, Secret, Secret)}: the same re-checks, the current
 *       password verified again (the pending login proves nothing by itself), or, with
 *       {@link #changePassword(PasswordProof, Secret)}, the password step's sealed proof that it
 *       was given a moment ago; the new one checked against the
 *       {@link PasswordPolicy} with {@link PasswordContext#of(CredentialRecord)}; then stored, and
 *       the login completes.
 * </ol>
 *
 * <h2>Decisions worth knowing</h2>
 *
 * <ul>
 *   <li><b>Locked is said at the certificate step, never at the password step.</b> The certificate
 *       step runs only after the TLS handshake proved possession of the account's private key, so
 *       telling that holder "locked, contact your branch" reveals nothing to anyone else. At the
 *       password step a wrong password, a locked account and an unknown account get the same
 *       {@link LoginRefusal#INVALID_CREDENTIALS} and cost one hash verification each
 *       ({@link PasswordHasher#dummyVerify} when there is nothing to verify against).
 *   <li><b>Expired temporary password</b>: refused as {@link LoginRefusal#TEMPORARY_PASSWORD_EXPIRED}
 *       only when it is given correctly (a wrong one counts as a failure like any other); the
 *       branch issues a new one. A mailed password that outlived its validity may have been
 *       intercepted, so it cannot be used even to change it. An expired <em>own</em> password
 *       ({@link io.shomei.spi.LoginPassword#expiresAt()} on a permanent password) leads to
 *       {@link LoginResult.ChangeRequired.Reason#PASSWORD_EXPIRED} instead.
 *   <li><b>The acquisition password is never a login password</b> (MISSION L4, A13): it is
 *       verified only against the login hash, so entering it is an ordinary counted failure (the
 *       flow never says "that was your acquisition password": that would let a guesser test
 *       acquisition passwords without touching their own lockout). If a temporary login password
 *       happens to equal the acquisition password, it is refused as
 *       {@link LoginRefusal#TEMPORARY_PASSWORD_UNUSABLE}. A new password must differ from the
 *       temporary, the current and the acquisition password even when the policy does not say so.
 *   <li><b>First use of a certificate</b>: a completed login deletes the certificate's download
 *       tickets and revokes (reason SUPERSEDED) the certificate it replaced, if still SUPERSEDED.
 *       Both are idempotent, so they happen at the first login with the new certificate and are
 *       no-ops afterwards. Each can be turned off.
 *   <li>Hashes that {@link PasswordHasher#needsRehash} are upgraded at a successful password step.
 * </ul>
 *
 * <h2>Audit</h2>
 *
 * <p>Every step appends at least one event with actor {@code customer}: certificate step
 * {@code LOGIN_CERTIFICATE_ACCEPTED} or {@code LOGIN_CERTIFICATE_REFUSED} (plus
 * {@code RULE_REFUSAL} when an eligibility rule refused); password and change steps
 * {@code LOGIN_SUCCEEDED} (detail {@code outcome} = {@code CHANGE_REQUIRED} or
 * {@code AUTHENTICATED}), {@code LOGIN_PASSWORD_REFUSED} (detail {@code refusal} and, for
 * {@code INVALID_CREDENTIALS}, the internal {@code cause}: mismatch, locked, no-account, ...),
 * {@code LOGIN_LOCKED} exactly once when a lock engages, {@code PASSWORD_CHANGED}, and
 * {@code CERTIFICATE_REVOKED} for a retired predecessor. Details carry serials, fingerprints,
 * counters and dates; never a password or a hash.
 *
 * <p>Every {@link Secret} passed in is destroyed before the method returns, whatever the outcome.
 * Expected outcomes are {@link LoginResult} values; only store failures
 * ({@link StorageException}) and programmer errors are thrown.
 *
 * <p>Thread-safe and stateless: all state lives in the stores, so any node may run any step.
 *
 * @since 0.2.0
 */
public interface Login {
  /** How long a certificate step stays good for the password step, unless configured. */
  Duration DEFAULT_PENDING_LOGIN_TIMEOUT = Duration.ofMinutes(10);

  /**
   * Step 1 (MISSION L1&ndash;L3): the customer presented a client certificate for a service.
   *
   * @param service the service logged in to
   * @param chain the presented certificates, the customer's first (as
   *     {@code SSLSession.getPeerCertificates()} returns them)
   * @return {@link LoginResult.PasswordRequired} or {@link LoginResult.Refused}
   * @throws IllegalArgumentException if the service is not configured
   * @throws io.shomei.spi.StorageException if a store fails
   */
  LoginResult.CertificateStep presentCertificate(String service, List<X509Certificate> chain);

  /**
   * Step 1 with the presented chain as its encodings (what a TLS terminator forwards, or a file
   * holds): each must be one DER certificate, otherwise the answer is a
   * {@link Refusal.CertificateRejected} with
   * {@link io.shomei.core.identity.AcceptanceRefusal#MALFORMED_CERTIFICATE}; then exactly as
   * {@link #presentCertificate}. The chain is taken in the order given, never reordered.
   *
   * @param service the service logged in to
   * @param chain the encodings, the customer's certificate first
   * @return {@link LoginResult.PasswordRequired} or {@link LoginResult.Refused}
   * @throws IllegalArgumentException if the service is not configured
   * @throws io.shomei.spi.StorageException if a store fails
   * @since 0.2.0
   */
  LoginResult.CertificateStep presentEncodedCertificate(String service, List<byte[]> chain);

  /**
   * Step 2 (MISSION L4, L6): the customer entered the login password.
   *
   * @param pending from {@link LoginResult.PasswordRequired#pending()}
   * @param password the password as entered (case-sensitive); destroyed before this returns
   * @return {@link LoginResult.Authenticated}, {@link LoginResult.ChangeRequired} or
   *     {@link LoginResult.Refused}
   * @throws io.shomei.spi.StorageException if a store fails
   * @throws io.shomei.core.password.HashingBusyException if every password-hashing slot stayed
   *     taken (server busy): nothing was verified or counted; answer "busy, try again"
   */
  LoginResult.PasswordStep password(PendingLogin pending, Secret password);

  /**
   * Step 3 (MISSION L5): the customer changes the password, giving the current one again.
   *
   * @param pending from {@link LoginResult.ChangeRequired#pending()}
   * @param current the current (typically temporary) password; destroyed before this returns
   * @param newPassword the new password; destroyed before this returns
   * @return {@link LoginResult.Authenticated}, {@link LoginResult.PolicyViolations} or
   *     {@link LoginResult.Refused}
   * @throws io.shomei.spi.StorageException if a store fails
   * @throws io.shomei.core.password.HashingBusyException if every password-hashing slot stayed
   *     taken (server busy): nothing was verified or counted; answer "busy, try again"
   */
  LoginResult.ChangeStep changePassword(PendingLogin pending, Secret current, Secret newPassword);

  /**
   * Step 3 (MISSION L5) right after the password step: the customer changes the password without
   * typing the current one again, which {@link LoginResult.ChangeRequired#proof()} stands for.
   * Everything else is as {@link #changePassword(PendingLogin, Secret, Secret)}: the certificate
   * re-checked, the pending login's timeout, the policy, and a new password that must differ
   * from the current one (checked against its stored hash), the temporary and the acquisition
   * password. A proof that no longer matches the stored password (changed or reset meanwhile,
   * or already used), one of a locked account, or one not sealed by this engine's key is
   * refused as {@link Refusal.StartAgain}; a temporary password that expired meanwhile as
   * {@link LoginRefusal#TEMPORARY_PASSWORD_EXPIRED}. Nothing is counted as a failure: no password
   * was typed.
   *
   * @param proof from {@link LoginResult.ChangeRequired#proof()}
   * @param newPassword the new password; destroyed before this returns
   * @return {@link LoginResult.Authenticated}, {@link LoginResult.PolicyViolations} (try again
   *     with the same proof) or {@link LoginResult.Refused}
   * @throws io.shomei.spi.StorageException if a store fails
   * @throws io.shomei.core.password.HashingBusyException if every password-hashing slot stayed
   *     taken (server busy): nothing was changed; answer "busy, try again"
   * @since 0.2.0
   */
  LoginResult.ChangeStep changePassword(PasswordProof proof, Secret newPassword);
}
