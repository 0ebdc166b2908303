package io.shomei.examples.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys every node of one web host must share, read from the configuration given to each node:
 * today the pending-login key ({@link WebServer.Builder#pendingLoginKey}). Sessions need no key
 * (they are database rows); the audit key and the CA come with the data directory.
 */
final class NodeKeys {
  private NodeKeys() {}

  /** The fewest random bytes a key file must hold. */
  static final int MIN_BYTES = 32;

  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  /**
   * Reads a key file: base64 of at least {@value #MIN_BYTES} random bytes, readable by its owner
   * only.
   *
   * @param file the file
   * @return the HMAC-SHA256 key
   * @throws IllegalArgumentException with a message saying what is wrong (never the key)
   */
  static SecretKey read(Path file) {
    byte[] text;
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(OTHERS::contains)) {
        throw new IllegalArgumentException("the pending-login key file " + file
            + " is readable or writable by others: chmod 600 " + file);
      }
      text = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the pending-login key file " + file
          + ": " + e.getClass().getSimpleName(), e);
    }
    byte[] key;
    try {
      key = Base64.getMimeDecoder().decode(new String(text, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the pending-login key file " + file
          + " does not hold base64", e);
    } finally {
      Arrays.fill(text, (byte) 0);
    }
    try {
      if (key.length < MIN_BYTES) {
        throw new IllegalArgumentException("the pending-login key file " + file + " holds "
            + key.length + " bytes; it needs at least " + MIN_BYTES
            + " random ones (head -c 32 /dev/urandom | base64)");
      }
      return new SecretKeySpec(key, "HmacSHA256");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
