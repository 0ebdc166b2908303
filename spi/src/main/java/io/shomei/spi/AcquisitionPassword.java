package io.shomei.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stored state of a certificate acquisition password (mailed by the bank; used to authenticate
 * certificate acquisition and to protect the PKCS#12 file).
 *
 * @param hash the self-describing encoded hash; never the password
 * @param issuedAt when the bank issued it
 * @param consumedAt when a one-time acquisition password was used up, or {@code null}
 * @since 0.1.0
 */
public record AcquisitionPassword(String hash, Instant issuedAt, @Nullable Instant consumedAt) {
  /** Validates the fields. */
  public AcquisitionPassword {
    Hashes.check(hash);
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  /**
   * This password marked as used up.
   *
   * @param at when it was consumed
   * @return the consumed state
   */
  public AcquisitionPassword consumed(Instant at) {
    return new AcquisitionPassword(hash, issuedAt, at);
  }

  @Override
  public String toString() {
    return "AcquisitionPassword[hash=<redacted>, issuedAt=" + issuedAt + ", consumedAt="
        + consumedAt + "]";
  }
}
