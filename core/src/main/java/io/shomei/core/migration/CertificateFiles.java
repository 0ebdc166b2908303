package io.shomei.core.migration;

import io.shomei.spi.ShomeiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads certificate files for an import: PEM ({@code -----BEGIN CERTIFICATE-----} blocks, several
 * per file allowed, text around them ignored) or a single DER certificate.
 *
 * <p>Input is bounded: a file larger than {@value #MAX_FILE_BYTES} bytes or with more than
 * {@value #MAX_CERTIFICATES_PER_FILE} certificates is {@link CertificateFile.Unreadable}, and a
 * directory with more than {@value #MAX_FILES} files is refused. A DER certificate with trailing
 * bytes is unreadable.
 *
 * @since 0.1.0
 */
public final class CertificateFiles {
  /** Largest file read, in bytes. */
  public static final int MAX_FILE_BYTES = 256 * 1024;

  /** Most certificates in one file (one end-entity certificate and its intermediates). */
  public static final int MAX_CERTIFICATES_PER_FILE = 1 + ImportRequest.MAX_INTERMEDIATES;

  /** Most files {@link #list} returns. */
  public static final int MAX_FILES = 1_000_000;

  private CertificateFiles() {}

  /**
   * The regular files of a directory, sorted by name: not its subdirectories (no recursion), not
   * symbolic links, not names starting with a dot.
   *
   * @param directory the directory
   * @return the paths
   * @throws ListingException if the directory cannot be read or holds more than
   *     {@value #MAX_FILES} files
   */
  public static List<Path> list(Path directory) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path p : entries) {
        Path name = p.getFileName();
        if (name == null || name.toString().startsWith(".")
            || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (out.size() == MAX_FILES) {
          throw new ListingException("more than " + MAX_FILES + " files in " + directory, null);
        }
        out.add(p);
      }
    } catch (IOException e) {
      throw new ListingException("cannot list " + directory, e);
    }
    out.sort(null);
    return List.copyOf(out);
  }

  /**
   * Reads one file.
   *
   * @param file the file
   * @return its certificates, or why it is unreadable (including I/O errors and size)
   */
  public static CertificateFile read(Path file) {
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      content = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      return new CertificateFile.Unreadable(file, "cannot read the file ("
          + e.getClass().getSimpleName() + ")");
    }
    if (content.length > MAX_FILE_BYTES) {
      return new CertificateFile.Unreadable(file, "larger than " + MAX_FILE_BYTES + " bytes");
    }
    return parse(file, content);
  }

  /**
   * Parses a file's content.
   *
   * @param file the file name, for the result
   * @param content PEM or DER bytes (at most {@value #MAX_FILE_BYTES})
   * @return its certificates, or why they are unreadable
   */
  public static CertificateFile parse(Path file, byte[] content) {
    if (content.length > MAX_FILE_BYTES) {
      return new CertificateFile.Unreadable(file, "larger than " + MAX_FILE_BYTES + " bytes");
    }
    return CertificateParser.parse(file, content, MAX_CERTIFICATES_PER_FILE);
  }

  /**
   * A directory could not be listed.
   *
   * @since 0.1.0
   */
  public static final class ListingException extends ShomeiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the I/O failure, or {@code null}
     */
    public ListingException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
