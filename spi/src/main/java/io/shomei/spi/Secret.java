package io.shomei.spi;

import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A secret (a password, a PIN) held as a {@code char[]} that can be wiped.
 *
 * <p>{@link #toString()} is {@code <redacted>}; no method returns the secret as a {@link String}.
 * After {@link #destroy()} (or {@link #close()}) every access throws {@link IllegalStateException}.
 * Equality is identity: use {@link #matches(Secret)} to compare contents in constant time.
 *
 * <p>Instances are not thread-safe; give each thread its own.
 *
 * @since 0.1.0
 */
public final class Secret implements AutoCloseable {
  private final char[] chars;
  private boolean destroyed;

  private Secret(char[] chars) {
    this.chars = chars;
  }

  /**
   * Takes a copy of {@code chars}; the caller should wipe its own array afterwards.
   *
   * @param chars the secret
   * @return a new secret
   */
  public static Secret copyOf(char[] chars) {
    return new Secret(chars.clone());
  }

  /**
   * Takes ownership of {@code chars} without copying; the array is wiped on {@link #destroy()}.
   *
   * @param chars the secret
   * @return a new secret
   */
  public static Secret wrap(char[] chars) {
    return new Secret(chars);
  }

  /**
   * From a {@link CharSequence} (for example a form field). Strings cannot be wiped; prefer
   * {@link #copyOf(char[])} where the caller has a {@code char[]}.
   *
   * @param text the secret
   * @return a new secret
   */
  public static Secret of(CharSequence text) {
    char[] c = new char[text.length()];
    for (int i = 0; i < c.length; i++) {
      c[i] = text.charAt(i);
    }
    return new Secret(c);
  }

  /**
   * Number of chars.
   *
   * @return the length
   */
  public int length() {
    check();
    return chars.length;
  }

  /**
   * A copy of the chars; the caller must wipe it.
   *
   * @return a fresh copy
   */
  public char[] toCharArray() {
    check();
    return chars.clone();
  }

  /**
   * Applies {@code f} to a read-only view of the chars, without copying.
   *
   * @param f the function; it must not keep the view
   * @param <T> the result type
   * @return what {@code f} returned
   */
  public <T> T apply(Function<CharBuffer, T> f) {
    check();
    return f.apply(CharBuffer.wrap(chars).asReadOnlyBuffer());
  }

  /**
   * The char at an index.
   *
   * @param index the index
   * @return the char
   */
  public char charAt(int index) {
    check();
    return chars[index];
  }

  /**
   * Constant-time comparison of the contents (time depends only on the lengths).
   *
   * @param other the other secret
   * @return {@code true} if both hold the same chars
   */
  public boolean matches(Secret other) {
    check();
    other.check();
    byte[] a = toUtf16(chars);
    byte[] b = toUtf16(other.chars);
    try {
      return MessageDigest.isEqual(a, b);
    } finally {
      Arrays.fill(a, (byte) 0);
      Arrays.fill(b, (byte) 0);
    }
  }

  private static byte[] toUtf16(char[] c) {
    byte[] out = new byte[c.length * 2];
    for (int i = 0; i < c.length; i++) {
      out[2 * i] = (byte) (c[i] >>> 8);
      out[2 * i + 1] = (byte) c[i];
    }
    return out;
  }

  /** Wipes the chars; later accesses throw. Idempotent. */
  public void destroy() {
    Arrays.fill(chars, '\0');
    destroyed = true;
  }

  /**
   * Whether {@link #destroy()} was called.
   *
   * @return {@code true} once destroyed
   */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  private void check() {
    if (destroyed) {
      throw new IllegalStateException("secret was destroyed");
    }
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
