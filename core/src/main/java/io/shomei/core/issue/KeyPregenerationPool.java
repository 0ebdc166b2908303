package io.shomei.core.issue;

import io.shomei.core.internal.x509.KeyPairs;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * A bounded pool of pre-generated key pairs for the server-side key generation path (an RSA-2048
 * key costs around 0.2 s to generate). One background thread keeps the pool full; issuance takes a
 * key when one is ready and generates one inline otherwise.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Keys are held in memory only and never persisted or logged.
 *   <li>Each key is handed out at most once.
 *   <li>{@link #close()} stops the refill thread and discards every key still in the pool.
 * </ul>
 *
 * <p>Off by default: an issuer uses a pool only when one is given to its builder. Thread-safe.
 *
 * @since 0.1.0
 */
public final class KeyPregenerationPool implements AutoCloseable {
  /** Largest allowed capacity. */
  public static final int MAX_CAPACITY = 10_000;

  private final KeyType keyType;
  private final int capacity;
  private final SecureRandom random;
  private final BlockingQueue<KeyPair> keys;
  private final Thread refill;
  private volatile boolean closed;

  private KeyPregenerationPool(KeyType keyType, int capacity, SecureRandom random) {
    this.keyType = keyType;
    this.capacity = capacity;
    this.random = random;
    this.keys = new ArrayBlockingQueue<>(capacity);
    this.refill = new Thread(this::refillLoop, "shomei-key-pool-" + keyType);
    this.refill.setDaemon(true);
  }

  /**
   * Creates a pool and starts its refill thread (a daemon thread).
   *
   * @param keyType the key type to pre-generate
   * @param capacity how many keys to keep ready, 1..{@value #MAX_CAPACITY}
   * @param random the CSPRNG for key generation
   * @return the running pool
   */
  public static KeyPregenerationPool start(KeyType keyType, int capacity, SecureRandom random) {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(random, "random");
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY);
    }
    KeyPregenerationPool pool = new KeyPregenerationPool(keyType, capacity, random);
    pool.refill.start();
    return pool;
  }

  private void refillLoop() {
    try {
      while (!closed) {
        KeyPair kp = KeyPairs.generate(keyType.algorithm(), keyType.bits(), keyType.curve(), random,
            null);
        keys.put(kp); // blocks while the pool is full
        if (closed) {
          keys.clear();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      keys.clear();
    }
  }

  /**
   * The key type this pool generates.
   *
   * @return the key type
   */
  public KeyType keyType() {
    return keyType;
  }

  /**
   * The configured capacity.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  /**
   * How many keys are ready now.
   *
   * @return the number of ready keys
   */
  public int available() {
    return keys.size();
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Takes a ready key without waiting.
   *
   * @return a key pair, or {@code null} if none is ready or the pool is closed
   */
  @Nullable KeyPair poll() {
    return closed ? null : keys.poll();
  }

  /**
   * Stops the refill thread and discards every pre-generated key. Idempotent; waits up to one
   * second for the thread to end.
   */
  @Override
  public void close() {
    closed = true;
    refill.interrupt();
    keys.clear();
    try {
      refill.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    keys.clear();
  }

  @Override
  public String toString() {
    return "KeyPregenerationPool[" + keyType + ", " + available() + "/" + capacity
        + (closed ? ", closed" : "") + "]";
  }
}
