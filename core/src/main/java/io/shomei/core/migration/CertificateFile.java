package io.shomei.core.migration;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What {@link CertificateFiles#read} found in one file: {@link Certificates} or {@link Unreadable}.
 *
 * @since 0.1.0
 */
public sealed interface CertificateFile {

  /**
   * The file read.
   *
   * @return the path
   */
  Path file();

  /**
   * The file holds certificates.
   *
   * @param file the path
   * @param certificate the end-entity certificate: the only certificate without CA marks, or, when
   *     there is not exactly one such, the first in the file
   * @param others the file's other certificates, in file order (possible intermediates)
   * @since 0.1.0
   */
  record Certificates(Path file, X509Certificate certificate, List<X509Certificate> others)
      implements CertificateFile {
    /** Checks for nulls and copies {@code others}. */
    public Certificates {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(certificate, "certificate");
      others = List.copyOf(others);
    }

    /**
     * An ACTIVE request for the user the subject maps to, with the other certificates as
     * intermediates (at most {@link ImportRequest#MAX_INTERMEDIATES}) and the path as source.
     *
     * @param service the service
     * @return the request
     */
    public ImportRequest toRequest(String service) {
      return ImportRequest.of(certificate, service).withIntermediates(others)
          .withSource(file.toString());
    }
  }

  /**
   * The file is not a certificate file (or is too large).
   *
   * @param file the path
   * @param detail why, in English
   * @since 0.1.0
   */
  record Unreadable(Path file, String detail) implements CertificateFile {
    /** Checks for nulls. */
    public Unreadable {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
