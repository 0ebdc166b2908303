package io.shomei.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A minimal blocking connection pool for tests (the SDK ships none; hosts bring HikariCP or the like).
 * At most {@code size} connections are lent at once; a returned connection that is closed or broken
 * is dropped, and a borrowed idle one is validated first.
 */
final class TinyPool implements DataSource, AutoCloseable {
  private final DataSource physical;
  private final Semaphore permits;
  private final Deque<Idle> idle = new ArrayDeque<>();

  private record Idle(Connection connection, long since) {}

  TinyPool(DataSource physical, int size) {
    this.physical = physical;
    this.permits = new Semaphore(size, true);
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new SQLException("pool exhausted for 30 s", "08001");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", "08001", e);
    }
    try {
      Connection c = borrowIdle();
      if (c == null) {
        c = physical.getConnection();
      }
      return wrap(c);
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private @Nullable Connection borrowIdle() {
    while (true) {
      Idle i;
      synchronized (idle) {
        i = idle.pollFirst();
      }
      if (i == null) {
        return null;
      }
      Connection c = i.connection();
      try {
        // validate only connections idle for a while (a restarted server breaks them all)
        if (System.nanoTime() - i.since() < 200_000_000L || c.isValid(2)) {
          return c;
        }
      } catch (SQLException e) {
        // dropped below
      }
      closeQuietly(c);
    }
  }

  private Connection wrap(Connection c) {
    boolean[] returned = {false};
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("close")) {
            synchronized (returned) {
              if (!returned[0]) {
                returned[0] = true;
                giveBack(c);
              }
            }
            return null;
          }
          if (name.equals("isClosed")) {
            synchronized (returned) {
              if (returned[0]) {
                return true;
              }
            }
          }
          if (name.equals("unwrap") && args != null && args[0] == Connection.class) {
            return c;
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private void giveBack(Connection c) {
    try {
      if (!c.isClosed()) {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
        synchronized (idle) {
          idle.addLast(new Idle(c, System.nanoTime()));
        }
        return;
      }
    } catch (SQLException e) {
      closeQuietly(c);
    } finally {
      permits.release();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // already broken
    }
  }

  @Override
  public void close() {
    synchronized (idle) {
      idle.forEach(i -> closeQuietly(i.connection()));
      idle.clear();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public PrintWriter getLogWriter() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void setLoginTimeout(int seconds) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
