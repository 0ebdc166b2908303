package io.shomei.core.issue;

import java.security.PrivateKey;
import java.security.PublicKey;
import javax.security.auth.DestroyFailedException;
import org.jspecify.annotations.Nullable;

/**
 * A private key the server generated for a user, held only until it is packaged into the user's
 * PKCS#12 file. Call {@link #discard()} (or let the PKCS#12 packager do it) as soon as it is
 * packaged; afterwards {@link #privateKey()} throws.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>{@link #toString()} never shows key material.
 *   <li>The key is never persisted by the SDK. {@link #discard()} drops the reference and destroys
 *       the key object where the JCA provider supports it (most software keys do not, so the bytes
 *       are left to the garbage collector).
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class GeneratedKey implements AutoCloseable {
  private final PublicKey publicKey;
  private @Nullable PrivateKey privateKey;

  GeneratedKey(PublicKey publicKey, PrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /**
   * The public key.
   *
   * @return the public key
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * The private key, until {@link #discard()}.
   *
   * @return the private key
   * @throws IllegalStateException after {@link #discard()}
   */
  public synchronized PrivateKey privateKey() {
    PrivateKey k = privateKey;
    if (k == null) {
      throw new IllegalStateException("the generated key was discarded");
    }
    return k;
  }

  /**
   * Whether {@link #discard()} was called.
   *
   * @return {@code true} once discarded
   */
  public synchronized boolean isDiscarded() {
    return privateKey == null;
  }

  /** Forgets the private key and destroys it where supported. Idempotent. */
  public synchronized void discard() {
    PrivateKey k = privateKey;
    privateKey = null;
    if (k != null && !k.isDestroyed()) {
      try {
        k.destroy();
      } catch (DestroyFailedException e) {
        // JDK software keys do not implement destroy(); dropping the reference is all we can do.
      }
    }
  }

  /** Same as {@link #discard()}. */
  @Override
  public void close() {
    discard();
  }

  @Override
  public String toString() {
    return "GeneratedKey[" + publicKey.getAlgorithm() + ", private=<redacted>]";
  }
}
