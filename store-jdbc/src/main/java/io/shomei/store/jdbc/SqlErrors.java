package io.shomei.store.jdbc;

import io.shomei.spi.StorageException;
import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Classifies {@link SQLException}s by SQLState and turns them into {@link StorageException}s whose
 * messages cannot carry stored values.
 *
 * <p>Drivers put row values into some messages (PostgreSQL's "Failing row contains (...)", H2's
 * "Unique index ... VALUES (...)"): a download-ticket id or PKCS#12 bytes could end up in a log. The
 * vendor message is therefore kept only for SQLState classes whose messages are about connections,
 * locks, resources or SQL text (08, 40, 42, 53, 54, 55, 57, 58, HY, XX); for every other class the
 * cause is replaced by a sanitized copy that keeps the SQLState, the vendor code, the stack trace and
 * the underlying (non-SQL) cause.
 */
final class SqlErrors {
  /** Unique violation. */
  public static final String UNIQUE_VIOLATION = "23505";

  /** SQLStates after which re-running the whole transaction is safe and may succeed. */
  private static final Set<String> RETRYABLE = Set.of(
      "40001", // serialization failure (PostgreSQL); deadlock (H2)
      "40P01", // deadlock detected (PostgreSQL)
      "55P03", // lock not available (PostgreSQL, lock_timeout / NOWAIT)
      "HYT00", // lock timeout (H2)
      "90131"); // concurrent update (H2, MVCC conflict)

  private static final Set<String> MESSAGE_SAFE_CLASSES =
      Set.of("08", "40", "42", "53", "54", "55", "57", "58", "HY", "XX");

  private SqlErrors() {}

  /**
   * Whether re-running the transaction after this failure is safe and worthwhile.
   *
   * @param e the failure
   * @return {@code true} for serialization failures, deadlocks and lock timeouts
   */
  public static boolean isRetryable(SQLException e) {
    String state = stateOf(e);
    return state != null && RETRYABLE.contains(state);
  }

  /**
   * Whether this is a unique-constraint violation (SQLState 23505).
   *
   * @param e the failure
   * @return {@code true} for a duplicate key
   */
  public static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(stateOf(e));
  }

  /**
   * The SQLState of an exception or of the first chained SQLException that has one.
   *
   * @param e the failure
   * @return the SQLState, or {@code null}
   */
  public static @Nullable String stateOf(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }

  /**
   * Wraps a failure for the SPI.
   *
   * @param operation what was attempted, for example {@code "certificate store: activate"}
   * @param e the failure
   * @return the exception to throw
   */
  public static StorageException wrap(String operation, SQLException e) {
    String state = stateOf(e);
    return new StorageException(
        operation + " failed (SQLState " + (state == null ? "unknown" : state) + ", vendor code "
            + e.getErrorCode() + ")",
        sanitized(e, state));
  }

  /**
   * The exception itself if its message is known to be free of stored values, else a copy without
   * the message.
   *
   * @param e the failure
   * @param state its SQLState
   * @return the exception to use as a cause
   */
  static SQLException sanitized(SQLException e, @Nullable String state) {
    if (state != null && state.length() == 5 && MESSAGE_SAFE_CLASSES.contains(state.substring(0, 2))) {
      return e;
    }
    SQLException copy = new SQLException(
        e.getClass().getName() + ": vendor message withheld (it may contain stored values)",
        state, e.getErrorCode());
    copy.setStackTrace(e.getStackTrace());
    Throwable cause = e.getCause();
    if (cause != null && !(cause instanceof SQLException)) {
      copy.initCause(cause);
    }
    return copy;
  }
}
