package io.shomei.core.password;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PHC string format (https://github.com/P-H-C/phc-string-format) for the two supported algorithms.
 *
 * <pre>
 * $argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;     (the libargon2 / argon2 CLI encoding)
 * $pbkdf2-sha256$i=600000$&lt;salt&gt;$&lt;hash&gt;
 * </pre>
 *
 * <p>Salt and hash are standard Base64 without padding. Parsing is strict: exactly this shape,
 * decimal numbers without sign or leading zero, parameters within {@link HashParameters}' caps.
 */
final class Phc {
  /** Salt length used for new hashes, bytes. */
  public static final int SALT_LENGTH = 16;
  /** Output length used for new hashes, bytes. */
  public static final int HASH_LENGTH = 32;
  private static final int MIN_SALT = 8;
  private static final int MAX_SALT = 64;
  private static final int MIN_HASH = 16;
  private static final int MAX_HASH = 64;

  private static final String NUM = "(0|[1-9][0-9]{0,9})";
  private static final String B64 = "([A-Za-z0-9+/]+)";
  private static final Pattern ARGON2ID = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=" + NUM + ",t=" + NUM + ",p=" + NUM + "\\$" + B64 + "\\$" + B64);
  private static final Pattern PBKDF2 =
      Pattern.compile("\\$pbkdf2-sha256\\$i=" + NUM + "\\$" + B64 + "\\$" + B64);

  private static final Base64.Encoder ENC = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getDecoder();

  private Phc() {}

  /** A parsed encoded hash: parameters, salt and expected output (arrays copied in and out). */
  public static final class Parsed {
    private final HashParameters parameters;
    private final byte[] salt;
    private final byte[] hash;

    Parsed(HashParameters parameters, byte[] salt, byte[] hash) {
      this.parameters = parameters;
      this.salt = salt.clone();
      this.hash = hash.clone();
    }

    /**
     * The parameters.
     *
     * @return algorithm and cost
     */
    public HashParameters parameters() {
      return parameters;
    }

    /**
     * The salt.
     *
     * @return a copy
     */
    public byte[] salt() {
      return salt.clone();
    }

    /**
     * The expected output.
     *
     * @return a copy
     */
    public byte[] hash() {
      return hash.clone();
    }

    @Override
    public String toString() {
      return "Parsed[" + parameters + ", <salt>, <hash>]";
    }
  }

  /**
   * Encodes a hash.
   *
   * @param parameters the parameters
   * @param salt the salt
   * @param hash the output
   * @return the PHC string
   */
  public static String encode(HashParameters parameters, byte[] salt, byte[] hash) {
    String s = ENC.encodeToString(salt);
    String h = ENC.encodeToString(hash);
    if (parameters instanceof HashParameters.Argon2id a) {
      return "$argon2id$v=19$m=" + a.memoryKiB() + ",t=" + a.iterations() + ",p=" + a.parallelism()
          + "$" + s + "$" + h;
    }
    HashParameters.Pbkdf2Sha256 p = (HashParameters.Pbkdf2Sha256) parameters;
    return "$pbkdf2-sha256$i=" + p.iterations() + "$" + s + "$" + h;
  }

  /**
   * Parses an encoded hash.
   *
   * @param encoded the PHC string
   * @return the parsed hash, or empty if the string is not a supported, well-formed hash
   */
  public static Optional<Parsed> parse(String encoded) {
    if (encoded.length() > 512) {
      return Optional.empty();
    }
    try {
      Matcher m = ARGON2ID.matcher(encoded);
      if (m.matches()) {
        HashParameters p = new HashParameters.Argon2id(
            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
        return parts(p, m.group(4), m.group(5));
      }
      m = PBKDF2.matcher(encoded);
      if (m.matches()) {
        return parts(new HashParameters.Pbkdf2Sha256(Integer.parseInt(m.group(1))), m.group(2),
            m.group(3));
      }
    } catch (IllegalArgumentException e) {
      // out-of-range number or parameter, or bad Base64 (NumberFormatException is a subtype)
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Parsed> parts(HashParameters p, String salt64, String hash64) {
    if (salt64.length() % 4 == 1 || hash64.length() % 4 == 1) {
      return Optional.empty();
    }
    byte[] salt = DEC.decode(salt64);
    byte[] hash = DEC.decode(hash64);
    // canonical encoding only: re-encoding must give the same text (no stray trailing bits)
    if (!ENC.encodeToString(salt).equals(salt64) || !ENC.encodeToString(hash).equals(hash64)) {
      return Optional.empty();
    }
    if (salt.length < MIN_SALT || salt.length > MAX_SALT
        || hash.length < MIN_HASH || hash.length > MAX_HASH) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(p, salt, hash));
  }
}
