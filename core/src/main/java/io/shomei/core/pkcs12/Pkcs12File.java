package io.shomei.core.pkcs12;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes of a PKCS#12 file ({@code .p12}/{@code .pfx}, DER). They contain the user's private key,
 * so {@link #toString()} never shows them and {@link #destroy()} zeroes them once they are
 * delivered.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class Pkcs12File {
  /** The media type to send the file with. */
  public static final String MEDIA_TYPE = "application/x-pkcs12";

  private final byte[] bytes;
  private final Pkcs12Profile profile;
  private boolean destroyed;

  Pkcs12File(byte[] bytes, Pkcs12Profile profile) {
    this.bytes = bytes;
    this.profile = profile;
  }

  /**
   * The profile the file was written with.
   *
   * @return the profile
   */
  public Pkcs12Profile profile() {
    return profile;
  }

  /**
   * The length in bytes.
   *
   * @return the length
   */
  public int length() {
    return bytes.length;
  }

  /**
   * A copy of the bytes; the caller should zero it after use.
   *
   * @return a fresh copy
   * @throws IllegalStateException after {@link #destroy()}
   */
  public synchronized byte[] bytes() {
    check();
    return bytes.clone();
  }

  /**
   * Writes the bytes to a stream without copying them.
   *
   * @param out the stream
   * @throws IOException if writing fails
   * @throws IllegalStateException after {@link #destroy()}
   */
  public synchronized void writeTo(OutputStream out) throws IOException {
    check();
    out.write(bytes);
  }

  /** Zeroes the bytes; later reads throw. Idempotent. */
  public synchronized void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  /**
   * Whether {@link #destroy()} was called.
   *
   * @return {@code true} once destroyed
   */
  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  private void check() {
    if (destroyed) {
      throw new IllegalStateException("the PKCS#12 file was destroyed");
    }
  }

  @Override
  public String toString() {
    return "Pkcs12File[" + profile + ", " + bytes.length + " bytes, <redacted>]";
  }
}
