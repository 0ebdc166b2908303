package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** UTF-8 encoding of a secret into a byte array the caller wipes; never through a String. */
final class Utf8 {
  private Utf8() {}

  /**
   * Encodes the secret's chars as UTF-8.
   *
   * @param secret the secret
   * @return the bytes (the caller must wipe them), or {@code null} if the chars are not valid UTF-16
   *     (an unpaired surrogate)
   */
  public static byte @Nullable [] encode(Secret secret) {
    return secret.apply(Utf8::encode);
  }

  private static byte @Nullable [] encode(CharBuffer chars) {
    CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer out = ByteBuffer.allocate(chars.remaining() * 3);
    try {
      var result = enc.encode(chars, out, true);
      if (result.isError()) {
        return null;
      }
      result = enc.flush(out);
      if (result.isError()) {
        return null;
      }
    } catch (IllegalStateException e) {
      return null;
    }
    byte[] backing = out.array();
    byte[] exact = Arrays.copyOf(backing, out.position());
    Arrays.fill(backing, (byte) 0);
    return exact;
  }

  /**
   * Whether a secret is valid UTF-16 (no unpaired surrogate).
   *
   * @param secret the secret
   * @return {@code true} if it can be encoded
   */
  public static boolean encodable(Secret secret) {
    byte[] b = encode(secret);
    if (b == null) {
      return false;
    }
    Arrays.fill(b, (byte) 0);
    return true;
  }
}
