package io.shomei.core.internal.password;

import io.shomei.core.password.HashParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** The two key-derivation functions, over password bytes the caller owns and wipes. */
public final class Kdf {
  private Kdf() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param parameters algorithm and cost
   * @param password the password's UTF-8 bytes (not modified)
   * @param salt the salt
   * @param length output length in bytes
   * @return the derived bytes
   */
  public static byte[] derive(HashParameters parameters, byte[] password, byte[] salt, int length) {
    if (parameters instanceof HashParameters.Argon2id a) {
      Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
          .withVersion(Argon2Parameters.ARGON2_VERSION_13)
          .withMemoryAsKB(a.memoryKiB())
          .withIterations(a.iterations())
          .withParallelism(a.parallelism())
          .withSalt(salt)
          .build();
      Argon2BytesGenerator g = new Argon2BytesGenerator();
      g.init(p);
      byte[] out = new byte[length];
      g.generateBytes(password, out);
      p.clear();
      return out;
    }
    HashParameters.Pbkdf2Sha256 p = (HashParameters.Pbkdf2Sha256) parameters;
    PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SHA256Digest());
    g.init(password, salt, p.iterations());
    KeyParameter k = (KeyParameter) g.generateDerivedParameters(length * 8);
    // the generator only references the caller's password array, which the caller wipes; the HMAC
    // key schedule inside BC cannot be wiped from here and becomes garbage with the generator
    return k.getKey();
  }
}
