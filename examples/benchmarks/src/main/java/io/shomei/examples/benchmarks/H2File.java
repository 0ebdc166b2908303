package io.shomei.examples.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * An H2 file database in a new temporary directory, as the example hosts' embedded default, behind
 * a connection pool as a bank's application server has one (without it every store call opens an
 * H2 session and re-parses its SQL). {@link #close()} shuts H2 down and deletes the directory.
 */
final class H2File implements AutoCloseable {
  private final Path directory;
  private final JdbcConnectionPool pool;

  private H2File(Path directory, JdbcConnectionPool pool) {
    this.directory = directory;
    this.pool = pool;
  }

  /**
   * A new, empty database.
   *
   * @param name what the database is for (part of the directory and file names)
   * @return the database
   */
  static H2File create(String name) {
    try {
      Path dir = Files.createTempDirectory("shomei-bench-" + name);
      // DB_CLOSE_DELAY=-1: H2 must not close (and compact) the file when no connection is open
      JdbcConnectionPool ds = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve(name)
          + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
          "", "");
      ds.setMaxConnections(8);
      return new H2File(dir, ds);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The pooled data source.
   *
   * @return the pool
   */
  JdbcConnectionPool dataSource() {
    return pool;
  }

  @Override
  public void close() throws SQLException, IOException {
    try (var c = pool.getConnection(); var s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
    pool.dispose();
    deleteTree(directory);
  }

  /** Deletes a directory and everything below it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
