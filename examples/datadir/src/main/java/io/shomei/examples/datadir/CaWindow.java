package io.shomei.examples.datadir;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When one of a data directory's CAs issues customer certificates: a half-open window
 * {@code [issuingFrom, issuingUntil)} (either end open), or never ({@link #statusOnly()}: an old
 * CA that only publishes status for the certificates it issued, its CRL and OCSP answers).
 *
 * @param issuingFrom first instant it issues (inclusive), or {@code null} for no start
 * @param issuingUntil first instant it no longer issues (exclusive), or {@code null} for no end
 * @param statusOnly whether it never issues; then both ends are {@code null}
 * @since 0.2.0
 */
public record CaWindow(@Nullable Instant issuingFrom, @Nullable Instant issuingUntil,
    boolean statusOnly) {

  /**
   * Checks the window.
   *
   * @throws IllegalArgumentException if a status-only window has an end, or {@code issuingFrom}
   *     is not before {@code issuingUntil}
   */
  public CaWindow {
    if (statusOnly && (issuingFrom != null || issuingUntil != null)) {
      throw new IllegalArgumentException("a status-only CA has no issuing window");
    }
    if (issuingFrom != null && issuingUntil != null && !issuingFrom.isBefore(issuingUntil)) {
      throw new IllegalArgumentException("the issuing window must start before it ends: from "
          + issuingFrom + " until " + issuingUntil);
    }
  }

  /**
   * Issues at every instant (a data directory's only CA).
   *
   * @return the window
   */
  public static CaWindow always() {
    return new CaWindow(null, null, false);
  }

  /**
   * Issues from {@code from} (inclusive) until {@code until} (exclusive).
   *
   * @param from first instant, or {@code null}
   * @param until first instant no longer, or {@code null}
   * @return the window
   */
  public static CaWindow issuing(@Nullable Instant from, @Nullable Instant until) {
    return new CaWindow(from, until, false);
  }

  /**
   * Never issues: publishes status only.
   *
   * @return the window
   */
  public static CaWindow statusOnlyWindow() {
    return new CaWindow(null, null, true);
  }

  /**
   * Whether a certificate is issued by this CA at {@code instant}.
   *
   * @param instant the instant
   * @return {@code true} inside the window
   */
  public boolean issuesAt(Instant instant) {
    return !statusOnly && (issuingFrom == null || !instant.isBefore(issuingFrom))
        && (issuingUntil == null || instant.isBefore(issuingUntil));
  }

  /**
   * The same window ending at {@code until}.
   *
   * @param until the new end
   * @return the window
   */
  CaWindow endingAt(Instant until) {
    return new CaWindow(issuingFrom, until, false);
  }

  /** For messages: {@code [from, until)} with {@code -inf}/{@code +inf}, or {@code status-only}. */
  String describe() {
    if (statusOnly) {
      return "status-only";
    }
    return "[" + (issuingFrom == null ? "-inf" : issuingFrom) + ", "
        + (issuingUntil == null ? "+inf" : issuingUntil) + ")";
  }
}
