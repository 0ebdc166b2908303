package io.shomei.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of {@link Acquisition#download(String)}.
 *
 * @since 0.1.0
 */
public sealed interface DownloadResult {

  /**
   * The file to send (MISSION A5): the PKCS#12 bytes, encrypted with the acquisition password.
   *
   * @param pkcs12 the file's bytes (copied in and out; zero your copy after sending)
   * @param fileName the suggested file name, {@code <userId>.p12}
   * @param contentType {@value io.shomei.core.pkcs12.Pkcs12File#MEDIA_TYPE}
   * @param downloadsLeft downloads the ticket still allows after this one
   * @param expiresAt when the ticket expires
   * @since 0.1.0
   */
  // The array is copied in the constructor and in pkcs12(); equals compares contents.
  @SuppressWarnings("ArrayRecordComponent")
  record Downloaded(byte[] pkcs12, String fileName, String contentType, int downloadsLeft,
      Instant expiresAt) implements DownloadResult {
    /** Copies the bytes. */
    public Downloaded {
      pkcs12 = pkcs12.clone();
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * The file's bytes.
     *
     * @return a fresh copy
     */
    @Override
    public byte[] pkcs12() {
      return pkcs12.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Downloaded d && Arrays.equals(pkcs12, d.pkcs12)
          && fileName.equals(d.fileName) && contentType.equals(d.contentType)
          && downloadsLeft == d.downloadsLeft && expiresAt.equals(d.expiresAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(fileName, downloadsLeft, expiresAt);
    }

    @Override
    public String toString() {
      return "Downloaded[" + pkcs12.length + " bytes <redacted>, fileName=" + fileName
          + ", downloadsLeft=" + downloadsLeft + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * Refused.
   *
   * @param reason why
   * @since 0.1.0
   */
  record Refused(DownloadRefusal reason) implements DownloadResult {
    /** Checks for null. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
