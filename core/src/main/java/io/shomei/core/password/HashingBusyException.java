package io.shomei.core.password;

import io.shomei.spi.ShomeiException;
import java.time.Duration;

/**
 * Every password-hashing slot stayed taken for as long as a caller may wait: the server is busy,
 * and the same request may succeed a moment later. Nothing was verified and nothing was counted
 * against any password, so a host answers "busy, try again" (HTTP 503 with {@code Retry-After})
 * and never "wrong password".
 *
 * <p>{@link PasswordHasher} bounds how many hash computations run at once (each Argon2id
 * computation holds its whole memory cost, 19 MiB by default, until it ends), so that a flood of
 * anonymous login or acquisition attempts cannot exhaust the heap. A caller that finds every slot
 * taken waits in line up to the hasher's {@link PasswordHasher#maxWait() maximum wait}, and gets
 * this exception after it. Known and unknown accounts wait in the same line, so the answer does
 * not tell which user IDs exist.
 *
 * @since 0.2.0
 */
public final class HashingBusyException extends ShomeiException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  HashingBusyException(Duration retryAfter) {
    super("every password-hashing slot is taken: try again shortly", null);
    this.retryAfter = retryAfter;
  }

  /**
   * A sensible pause before trying again (for a {@code Retry-After} header): the hasher's maximum
   * wait, at least one second.
   *
   * @return the pause
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
