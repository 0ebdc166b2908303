package io.shomei.core;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;

/**
 * Proof that the customer of a {@link PendingLogin} gave the right login password at the password
 * step, so that the change screen that follows need not ask for it again (the customer typed the
 * temporary password a moment ago). Comes only with {@link LoginResult.ChangeRequired#proof()}
 * and is taken only by {@link Login#changePassword(PasswordProof, io.shomei.spi.Secret)}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li><b>Only the engine makes one</b>, after verifying the password; it holds no secret (no
 *       password, no hash, nothing derived from either that it exposes).
 *   <li><b>Sealed by the engine</b> like the pending login (HMAC-SHA256 under the pending-login
 *       key), over the pending login's own seal, the moment of verification and the stored hash of
 *       the password that was verified. The change step recomputes the MAC over the hash stored
 *       <em>then</em>: once the password changes (this change itself, another one, or an operator
 *       issuing a new temporary password) the proof is worthless, so it serves for one change only.
 *   <li><b>No longer than the pending login</b>: the change step re-checks everything the
 *       password step checks of the certificate and refuses after
 *       {@link Shomei.Builder#pendingLoginTimeout} from the certificate step; a locked account or
 *       a temporary password that expired meanwhile is refused as well.
 *   <li>Every change made with a proof is audited ({@code PASSWORD_CHANGED} with detail
 *       {@code verified_by=proof}).
 * </ul>
 *
 * <p>Keep it only in the server-side session, next to the pending login, and drop both when the
 * login completes or is abandoned. Like the pending login, it is worth something only with the
 * session that holds it: a host binds that session to the certificate presented on the connection
 * (both example hosts refuse a step whose connection presents another certificate), so a stolen
 * session cookie alone cannot set a password.
 *
 * @since 0.2.0
 */
public final class PasswordProof implements Serializable {
  private static final long serialVersionUID = 1L;

  private final PendingLogin pending;
  private final Instant verifiedAt;
  private final byte[] seal;

  /** Only {@link PendingLoginSeal} makes one. */
  PasswordProof(PendingLogin pending, Instant verifiedAt, byte[] seal) {
    this.pending = Objects.requireNonNull(pending, "pending");
    this.verifiedAt = Objects.requireNonNull(verifiedAt, "verifiedAt");
    this.seal = seal.clone();
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (pending == null || verifiedAt == null || seal == null) {
      throw new InvalidObjectException("not a password proof");
    }
  }

  /**
   * The pending login whose password step this proves.
   *
   * @return the pending login
   */
  public PendingLogin pending() {
    return pending;
  }

  /**
   * When the password was verified.
   *
   * @return the instant
   */
  public Instant verifiedAt() {
    return verifiedAt;
  }

  /** The engine's MAC. */
  byte[] seal() {
    return seal.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PasswordProof p && pending.equals(p.pending)
        && verifiedAt.equals(p.verifiedAt) && MessageDigest.isEqual(seal, p.seal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pending, verifiedAt);
  }

  @Override
  public String toString() {
    return "PasswordProof[" + pending + ", verifiedAt=" + verifiedAt + "]";
  }
}
