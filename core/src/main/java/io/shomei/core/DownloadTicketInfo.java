package io.shomei.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A download ticket as the host sees it: the id to put in the download link and its limits. The id
 * is a bearer token (anyone who has it can download the encrypted PKCS#12 file), so
 * {@link #toString()} does not show it.
 *
 * @param id the ticket id: at least 128 random bits, URL-safe base64 without padding
 * @param expiresAt from this instant the ticket is unusable
 * @param downloadsLeft downloads still allowed
 * @since 0.1.0
 */
public record DownloadTicketInfo(String id, Instant expiresAt, int downloadsLeft) {
  /** Checks for nulls. */
  public DownloadTicketInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "DownloadTicketInfo[id=<redacted>, expiresAt=" + expiresAt + ", downloadsLeft="
        + downloadsLeft + "]";
  }
}
