package io.shomei.examples.datadir;

import io.shomei.spi.Secret;
import io.shomei.core.issue.KeyType;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a new data directory's CA comes from: a root generated on the spot, a bank's existing CA
 * adopted from a PKCS#12 file, or a key on a PKCS#11 token (generated there, or already there).
 *
 * @since 0.1.0
 */
public sealed interface CaSource {

  /**
   * A new software root CA, kept in {@code ca/ca.p12} of the data directory.
   *
   * @param keyType the root's key type
   * @param subject the root's subject distinguished name
   * @since 0.1.0
   */
  record Generate(KeyType keyType, String subject) implements CaSource {
    /** Checks the arguments. */
    public Generate {
      Objects.requireNonNull(keyType, "keyType");
      Objects.requireNonNull(subject, "subject");
    }
  }

  /**
   * An existing CA key and chain in a PKCS#12 file, copied into the data directory. The file must
   * hold exactly one private-key entry (or {@code alias} names the one to use); its chain may have
   * intermediates.
   *
   * @param file the PKCS#12 file
   * @param password its password (the data directory keeps it owner-readable beside the copy)
   * @param alias the entry to use, or {@code null} for the only key entry
   * @since 0.1.0
   */
  record AdoptPkcs12(Path file, Secret password, @Nullable String alias)
      implements CaSource {
    /** Checks the arguments. */
    public AdoptPkcs12 {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * A CA key on a PKCS#11 token. The PIN is never written to the data directory: it is read from
   * the environment variable {@code pinEnv} each time the directory is opened.
   *
   * @param config the SunPKCS11 configuration file (copied into the data directory)
   * @param pinEnv the name of the environment variable that holds the PIN
   * @param alias the key's alias on the token
   * @param generate {@code true} to generate a new root key under {@code alias} (it must not exist);
   *     {@code false} to adopt the existing key and its certificate chain
   * @param keyType the key type when generating
   * @param subject the root's subject when generating
   * @since 0.1.0
   */
  record Pkcs11(Path config, String pinEnv, String alias, boolean generate, KeyType keyType,
      String subject) implements CaSource {
    /** Checks the arguments. */
    public Pkcs11 {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(pinEnv, "pinEnv");
      Objects.requireNonNull(alias, "alias");
      Objects.requireNonNull(keyType, "keyType");
      Objects.requireNonNull(subject, "subject");
      if (!pinEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        throw new IllegalArgumentException("not an environment variable name: " + pinEnv);
      }
    }
  }
}
