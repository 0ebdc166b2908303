package io.shomei.core.eligibility;

import java.time.Instant;
import java.util.Objects;

/**
 * When the owner should act on a certificate, with the semantics of the {@code suggestedWindow} of
 * ACME Renewal Information (RFC 9773): a client picks a moment between {@code start} and
 * {@code end}; a window that lies entirely in the past means "act now". {@code start <= end} always.
 *
 * @param start the beginning of the window
 * @param end the end of the window, not before {@code start}
 * @since 0.1.0
 */
public record SuggestedWindow(Instant start, Instant end) {

  /**
   * Validates {@code start <= end}.
   *
   * @throws IllegalArgumentException if {@code end} is before {@code start}
   */
  public SuggestedWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("window end " + end + " before start " + start);
    }
  }

  /**
   * The one-instant window {@code [at, at]}.
   *
   * @param at the instant
   * @return the window
   */
  public static SuggestedWindow at(Instant at) {
    return new SuggestedWindow(at, at);
  }
}
