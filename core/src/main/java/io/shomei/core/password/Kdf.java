package io.shomei.core.password;

import io.shomei.spi.Secret;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The two key-derivation functions. Argon2id is Bouncy Castle's; PBKDF2-HMAC-SHA256 is the JDK's
 * ({@code PBKDF2WithHmacSHA256}, which encodes the chars as UTF-8 like Argon2id here), about twice
 * as fast as Bouncy Castle's pure-Java SHA-256 on this machine, which matters for a function whose
 * strength is its iteration count. A test checks both PBKDF2 implementations agree.
 */
final class Kdf {
  private Kdf() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param parameters algorithm and cost
   * @param password the password, valid UTF-16 (checked by the caller; not destroyed)
   * @param salt the salt
   * @param length output length in bytes
   * @return the derived bytes
   */
  public static byte[] derive(HashParameters parameters, Secret password, byte[] salt, int length) {
    if (parameters instanceof HashParameters.Argon2id a) {
      byte[] bytes = Utf8.encode(password);
      if (bytes == null) {
        throw new IllegalArgumentException("password is not valid UTF-16");
      }
      Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
          .withVersion(Argon2Parameters.ARGON2_VERSION_13)
          .withMemoryAsKB(a.memoryKiB())
          .withIterations(a.iterations())
          .withParallelism(a.parallelism())
          .withSalt(salt)
          .build();
      try {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(p);
        byte[] out = new byte[length];
        g.generateBytes(bytes, out);
        return out;
      } finally {
        p.clear();
        Arrays.fill(bytes, (byte) 0);
      }
    }
    HashParameters.Pbkdf2Sha256 p = (HashParameters.Pbkdf2Sha256) parameters;
    char[] chars = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, p.iterations(), length * 8);
    Arrays.fill(chars, '\0');
    try {
      SecretKey key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec);
      // the JDK key object wipes its own copy of the password when it becomes unreachable
      return key.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
