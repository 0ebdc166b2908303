package io.shomei.examples.web.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What the host limits at its edge, before the SDK is asked (issue 18, items 1 and 10): per source
 * address, how many sessions it may open and how many password-bearing forms it may send; per user
 * ID, how many acquisition attempts anyone may make. Each limit is a {@link Throttle}.
 *
 * <p>The SDK bounds guessing on its own (lockout, the acquisition counter); these limits keep one
 * source from spending the bank's hashing capacity or filling the session store, and keep many
 * sources from running one victim's counters up quickly. A per-user-ID limit can be spent by a
 * stranger too, but it only delays the victim's acquisition for a while and locks nothing; behind
 * a proxy, every visitor comes from the proxy's address, so the proxy must apply (and pass on)
 * per-client limits itself.
 *
 * @param sessionsPerSource new sessions one address may open per period (burst)
 * @param formsPerSource password-bearing forms one address may send per period
 * @param acquisitionsPerUser acquisition attempts per user ID per period
 * @param period the period all three are counted over
 * @param maxKeys the most addresses or user IDs each throttle remembers
 */
public record EdgeLimits(int sessionsPerSource, int formsPerSource, int acquisitionsPerUser,
    Duration period, int maxKeys) {

  /** Checks the values. */
  public EdgeLimits {
    Objects.requireNonNull(period, "period");
    if (sessionsPerSource < 1 || formsPerSource < 1 || acquisitionsPerUser < 1 || maxKeys < 1
        || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("every limit must be positive");
    }
  }

  /**
   * The defaults: per address 60 new sessions and 30 password forms, per user ID 10 acquisition
   * attempts, per 10 minutes; 100,000 keys each.
   *
   * @return the defaults
   */
  public static EdgeLimits defaults() {
    return new EdgeLimits(60, 30, 10, Duration.ofMinutes(10), 100_000);
  }

  /** The running throttles of these limits. */
  public static final class Running {
    private final Throttle sessions;
    private final Throttle forms;
    private final Throttle users;

    Running(EdgeLimits limits, Clock clock) {
      this.sessions = new Throttle(limits.sessionsPerSource(), limits.period(), limits.maxKeys(),
          clock);
      this.forms = new Throttle(limits.formsPerSource(), limits.period(), limits.maxKeys(), clock);
      this.users = new Throttle(limits.acquisitionsPerUser(), limits.period(), limits.maxKeys(),
          clock);
    }

    /**
     * Whether an address may open one more session.
     *
     * @param source the address
     * @return {@code true} if it may
     */
    public boolean newSession(String source) {
      return sessions.tryAcquire(source);
    }

    /**
     * Whether an address may send one more password-bearing form.
     *
     * @param source the address
     * @return {@code true} if it may
     */
    public boolean passwordForm(String source) {
      return forms.tryAcquire(source);
    }

    /**
     * Whether one more acquisition attempt for a user ID may go to the SDK (counted whatever the
     * address).
     *
     * @param userId the user ID as typed
     * @return {@code true} if it may
     */
    public boolean acquisitionFor(String userId) {
      return users.tryAcquire(userId.strip().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Starts the throttles.
   *
   * @param clock the clock
   * @return the running limits
   */
  public Running start(Clock clock) {
    return new Running(this, clock);
  }
}
