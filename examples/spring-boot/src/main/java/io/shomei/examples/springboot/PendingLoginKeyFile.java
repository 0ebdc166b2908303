package io.shomei.examples.springboot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code shomei.pending-login-key-file}: the key every node of a cluster seals its logins' steps
 * with, so that a step may land on another node. The file holds base64 of at least 32 random bytes
 * ({@code head -c 32 /dev/urandom | base64 > FILE; chmod 600 FILE}) and must be owner-only; the
 * same file (a copy) on every node. Messages name the file, never its content.
 */
final class PendingLoginKeyFile {
  private PendingLoginKeyFile() {}

  static final int MIN_BYTES = 32;

  static SecretKey read(Path file) {
    byte[] text = new byte[0];
    byte[] key = new byte[0];
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
          .containsAll(perms)) {
        throw new IllegalStateException("shomei.pending-login-key-file " + file
            + " must be readable by its owner only: chmod 600 " + file);
      }
      text = Files.readAllBytes(file);
      key = Base64.getMimeDecoder().decode(new String(text, StandardCharsets.US_ASCII).strip());
      if (key.length < MIN_BYTES) {
        throw new IllegalStateException("shomei.pending-login-key-file " + file + " holds "
            + key.length + " bytes; it needs at least " + MIN_BYTES + " random ones");
      }
      return new SecretKeySpec(key, "HmacSHA256");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shomei.pending-login-key-file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("shomei.pending-login-key-file " + file
          + " does not hold base64", e);
    } finally {
      Arrays.fill(text, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }
}
