package io.shomei.examples.springboot;

import io.shomei.spi.Secret;
import io.shomei.core.password.SecretGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The host's data directory: the software CA keystore, the server's TLS keystore, their passwords
 * (owner-only files, because this is a demo: a bank keeps the CA key in an HSM and the TLS key where
 * its operations team keeps them) and, by default, the H2 database.
 */
public final class DataDirectory {
  private final Path root;

  /**
   * Opens (and creates) the directory.
   *
   * @param root the directory
   */
  public DataDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + this.root, e);
    }
    ownerOnlyTree();
  }

  /**
   * Makes the directory readable by its owner only: directories {@code rwx------}, files
   * {@code rw-------} (the H2 database with password hashes and live download tickets, the CA's
   * keystore and password, the server's key). Called at start and again once the database made
   * its files; whatever is created inside later is out of other users' reach through the
   * directory. Does nothing on a file system without POSIX permissions.
   */
  public void ownerOnlyTree() {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!Files.isSymbolicLink(p)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
              Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own access rules apply
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + root + " readable by its owner only", e);
    }
  }

  /**
   * The directory.
   *
   * @return the absolute path
   */
  public Path root() {
    return root;
  }

  /**
   * A file in the directory.
   *
   * @param name the file name
   * @return the path
   */
  public Path file(String name) {
    return root.resolve(name);
  }

  /**
   * Reads a password file, creating it with a random password (owner-only) if it does not exist.
   *
   * @param name the file name
   * @param random the CSPRNG
   * @return the password
   */
  public Secret password(String name, SecureRandom random) {
    Path file = file(name);
    try {
      if (Files.exists(file)) {
        return Secret.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
      }
      Secret password = new SecretGenerator(random).acquisitionPassword(24);
      char[] chars = password.toCharArray();
      try {
        Files.writeString(file, new String(chars), StandardCharsets.US_ASCII);
      } finally {
        Arrays.fill(chars, '\0');
      }
      ownerOnly(file);
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /**
   * Restricts a file to its owner where the file system allows it.
   *
   * @param file the file
   * @throws IOException if the permissions cannot be set
   */
  public static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }
}
