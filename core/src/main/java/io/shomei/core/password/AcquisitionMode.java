package io.shomei.core.password;

/**
 * Whether an acquisition password can be used more than once.
 *
 * @since 0.1.0
 */
public enum AcquisitionMode {
  /**
   * Usable for every (re-)acquisition until an operator resets it: the behaviour of the bank in the
   * source notice, whose customers reused the password mailed at service start (MISSION R6).
   */
  REUSABLE,
  /** Consumed by the first successful acquisition; exactly one of concurrent uses succeeds. */
  ONE_TIME
}
