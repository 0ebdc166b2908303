package io.shomei.store.jdbc;

import io.shomei.spi.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work in one database transaction each, borrowing a connection from the host's
 * {@link DataSource} and giving it back in the state it was found (auto-commit restored).
 *
 * <p>A transaction that fails with a serialization failure, a deadlock or a lock timeout is rolled
 * back and re-run from the start, a bounded number of times, with a short randomized back-off. Such
 * a state guarantees the rollback, also when the commit reported it; any other failed commit (a
 * lost connection) is never re-run, because its outcome is unknown (the SPI tells the caller to
 * re-read). Every other {@link SQLException} is rolled back and wrapped in a
 * {@link StorageException}; a {@link SQLException} with SQLState 23505 becomes a
 * {@link DuplicateKey} where the caller asked for it, so that the store can turn it into a typed
 * outcome.
 */
final class Transactor {
  private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);

  private final DataSource dataSource;
  private final int maxRetries;

  /**
   * A unit of work inside a transaction.
   *
   * @param <T> the result
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Does the work.
     *
     * @param connection a connection with auto-commit off; do not commit, roll back or close it
     * @return the result
     * @throws SQLException on failure (the transaction is rolled back)
     */
    T run(Connection connection) throws SQLException;
  }

  /**
   * A unit of work whose result may be absent.
   *
   * @param <T> the result
   */
  @FunctionalInterface
  public interface Query<T> {
    /**
     * Does the work.
     *
     * @param connection a connection with auto-commit off; do not commit, roll back or close it
     * @return the result, or {@code null}
     * @throws SQLException on failure (the transaction is rolled back)
     */
    @Nullable T run(Connection connection) throws SQLException;
  }

  /** A unit of work without a result. */
  @FunctionalInterface
  public interface VoidWork {
    /**
     * Does the work.
     *
     * @param connection a connection with auto-commit off; do not commit, roll back or close it
     * @throws SQLException on failure (the transaction is rolled back)
     */
    void run(Connection connection) throws SQLException;
  }

  /** A unique constraint refused a write; the transaction was rolled back. */
  public static final class DuplicateKey extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicateKey() {
      super("duplicate key", null, false, false);
    }
  }

  /**
   * Creates a transactor.
   *
   * @param dataSource where connections come from
   * @param maxRetries how often a transaction is re-run after a serialization failure or deadlock
   */
  public Transactor(DataSource dataSource, int maxRetries) {
    this.dataSource = dataSource;
    this.maxRetries = maxRetries;
  }

  /**
   * Runs work in a transaction; a unique violation is a {@link StorageException}.
   *
   * @param operation a description for messages
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  public <T> T inTransaction(String operation, Work<T> work) {
    try {
      return Objects.requireNonNull(run(operation, work::run, true));
    } catch (DuplicateKey e) {
      throw new StorageException(operation + " failed: unexpected duplicate key (SQLState 23505)");
    }
  }

  /**
   * Runs work in a transaction; a unique violation is thrown as {@link DuplicateKey} after the
   * rollback.
   *
   * @param operation a description for messages
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws DuplicateKey if a unique constraint refused a write
   */
  public <T> T inTransactionOrDuplicate(String operation, Work<T> work) {
    return Objects.requireNonNull(run(operation, work::run, true));
  }

  /**
   * Runs a query whose result may be absent in a transaction.
   *
   * @param operation a description for messages
   * @param query the query
   * @param <T> the result type
   * @return the result, or {@code null}
   */
  public <T> @Nullable T find(String operation, Query<T> query) {
    try {
      return run(operation, query, true);
    } catch (DuplicateKey e) {
      throw new StorageException(operation + " failed: unexpected duplicate key (SQLState 23505)");
    }
  }

  /**
   * Runs one reading statement. It needs no explicit transaction (a single statement is atomic), so
   * the connection's auto-commit mode is left as found, which saves two round trips on PostgreSQL.
   *
   * @param operation a description for messages
   * @param query the query; it must run exactly one statement and write nothing
   * @param <T> the result type
   * @return the result, or {@code null}
   */
  public <T> @Nullable T read(String operation, Query<T> query) {
    return single(operation, query, false);
  }

  /**
   * Runs one writing statement on its own: a single statement is atomic, so it runs in the
   * connection's auto-commit mode when the connection is in it (one round trip on PostgreSQL instead
   * of two: no commit of a transaction of its own) and is committed at once otherwise.
   * Retried like a transaction after a serialization failure, a deadlock or a lock timeout; any
   * other failure is never re-run (its outcome may be unknown).
   *
   * @param operation a description for messages
   * @param work the work; it must run exactly one statement
   * @param <T> the result type
   * @return the work's result
   * @throws DuplicateKey if a unique constraint refused the write
   */
  public <T> T writeOneOrDuplicate(String operation, Work<T> work) {
    return Objects.requireNonNull(single(operation, work::run, true));
  }

  private <T> @Nullable T single(String operation, Query<T> statement, boolean duplicates) {
    for (int attempt = 0; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        if (c.getAutoCommit()) {
          return statement.run(c);
        }
        try {
          @Nullable T result = statement.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException | Error e) {
          rollbackQuietly(c, e);
          throw e;
        }
      } catch (SQLException e) {
        if (attempt < maxRetries && SqlErrors.isRetryable(e)) {
          backOff(operation, attempt);
          continue;
        }
        if (duplicates && SqlErrors.isUniqueViolation(e)) {
          throw new DuplicateKey();
        }
        throw SqlErrors.wrap(operation, e);
      }
    }
  }

  /**
   * {@link #read} for a result that is never absent.
   *
   * @param operation a description for messages
   * @param work the query; it must run exactly one statement and write nothing
   * @param <T> the result type
   * @return the result
   */
  public <T> T readValue(String operation, Work<T> work) {
    return Objects.requireNonNull(read(operation, work::run));
  }

  /**
   * Runs work that cannot be repeated (it calls back into host code) in one transaction, without
   * retries. Runtime exceptions of the work propagate unchanged after the rollback.
   *
   * @param operation a description for messages
   * @param work the work
   */
  public void once(String operation, VoidWork work) {
    try {
      run(operation, c -> {
        work.run(c);
        return null;
      }, false);
    } catch (DuplicateKey e) {
      throw new StorageException(operation + " failed: unexpected duplicate key (SQLState 23505)");
    }
  }

  private <T> @Nullable T run(String operation, Query<T> work, boolean retry) {
    for (int attempt = 0; ; attempt++) {
      try {
        return attempt(work);
      } catch (SQLException e) {
        if (retry && attempt < maxRetries && SqlErrors.isRetryable(e)) {
          LOG.debug("{}: retrying after SQLState {} (attempt {})", operation, SqlErrors.stateOf(e),
              attempt + 1);
          backOff(operation, attempt);
          continue;
        }
        if (SqlErrors.isUniqueViolation(e)) {
          throw new DuplicateKey();
        }
        throw SqlErrors.wrap(operation, e);
      }
    }
  }

  private <T> @Nullable T attempt(Query<T> work) throws SQLException {
    Connection c = dataSource.getConnection();
    boolean autoCommit = true;
    boolean restore = false;
    try {
      autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
        restore = true;
      }
      @Nullable T result;
      try {
        result = work.run(c);
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      }
      c.commit();
      return result;
    } finally {
      try {
        if (restore && !c.isClosed()) {
          c.setAutoCommit(autoCommit);
        }
      } catch (SQLException e) {
        LOG.debug("could not restore auto-commit; the connection is closed next", e);
      } finally {
        closeQuietly(c);
      }
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a connection failed", e);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable failure) {
    try {
      if (!c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void backOff(String operation, int attempt) {
    long maxMillis = Math.min(64, 2L << Math.min(attempt, 5));
    try {
      TimeUnit.MILLISECONDS.sleep(1 + ThreadLocalRandom.current().nextLong(maxMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(operation + " interrupted while waiting to retry", e);
    }
  }
}
