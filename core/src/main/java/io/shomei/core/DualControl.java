package io.shomei.core;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which sensitive operator actions need a second pair of eyes, and how long a proposal waits for
 * them ({@link Shomei.Builder#dualControl(DualControl)}). An action under dual control can no
 * longer be performed directly: one operator proposes it ({@link OperatorActions#propose}), another
 * approves it ({@link OperatorActions#approve}), and only the approval runs it and receives what it
 * hands out.
 *
 * <pre>{@code
 * Shomei.builder() ... .dualControl(DualControl.of(Duration.ofHours(8),
 *     SensitiveAction.Kind.RESET_ACQUISITION_PASSWORD, SensitiveAction.Kind.REVOKE))
 * }</pre>
 *
 * @param required the kinds that need an approval (immutable)
 * @param expiry how long a proposal can be approved, 1 minute..30 days
 * @since 0.2.0
 */
public record DualControl(Set<SensitiveAction.Kind> required, Duration expiry) {
  /** The default expiry of a proposal: one working day. */
  public static final Duration DEFAULT_EXPIRY = Duration.ofHours(8);

  /** Copies and checks. */
  public DualControl {
    Objects.requireNonNull(expiry, "expiry");
    required = required.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(required));
    if (expiry.compareTo(Duration.ofMinutes(1)) < 0 || expiry.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("expiry must be 1 minute..30 days");
    }
  }

  /**
   * These kinds under dual control.
   *
   * @param expiry how long a proposal can be approved
   * @param kinds the kinds
   * @return the policy
   */
  public static DualControl of(Duration expiry, SensitiveAction.Kind... kinds) {
    return new DualControl(Set.of(kinds), expiry);
  }

  /**
   * Every kind under dual control, proposals valid for {@link #DEFAULT_EXPIRY}.
   *
   * @return the policy
   */
  public static DualControl all() {
    return new DualControl(EnumSet.allOf(SensitiveAction.Kind.class), DEFAULT_EXPIRY);
  }

  /**
   * Whether a kind needs an approval.
   *
   * @param kind the kind
   * @return {@code true} if it may not be performed directly
   */
  public boolean requires(SensitiveAction.Kind kind) {
    return required.contains(kind);
  }
}
