package io.shomei.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a data source so that a test can break the connection at a chosen point of a transaction:
 * right after a statement with a given SQL prefix ran, or when the transaction is about to commit.
 * The fault fires once.
 */
final class FaultInjectingDataSource implements DataSource {

  /** Breaks a connection (closes it, kills its backend, ...). */
  @FunctionalInterface
  interface Breaker {
    void breakConnection(Connection physical) throws SQLException;
  }

  private record Fault(@Nullable String afterSqlPrefix, Breaker breaker, boolean before) {}

  private final DataSource delegate;
  private final AtomicReference<@Nullable Fault> armed = new AtomicReference<>();
  private volatile boolean autoCommitOff;

  FaultInjectingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Breaks the connection right after the next statement whose SQL starts with the prefix ran. */
  void breakAfter(String sqlPrefix, Breaker breaker) {
    armed.set(new Fault(sqlPrefix, breaker, false));
  }

  /** Breaks the connection right before the next statement whose SQL starts with the prefix runs. */
  void breakBefore(String sqlPrefix, Breaker breaker) {
    armed.set(new Fault(sqlPrefix, breaker, true));
  }

  /** Breaks the connection when the next transaction calls commit (before the commit is sent). */
  void breakAtCommit(Breaker breaker) {
    armed.set(new Fault(null, breaker, false));
  }

  /** Hands out connections with auto-commit off from now on, as some hosts' pools do. */
  void autoCommitOff() {
    autoCommitOff = true;
  }

  /** Whether the armed fault has fired. */
  boolean fired() {
    return armed.get() == null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = delegate.getConnection();
    if (autoCommitOff) {
      c.setAutoCommit(false);
    }
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit")) {
            Fault f = armed.get();
            if (f != null && f.afterSqlPrefix() == null && armed.compareAndSet(f, null)) {
              f.breaker().breakConnection(c);
            }
          }
          Object result = invoke(method, c, args);
          if (result instanceof PreparedStatement ps && args != null
              && args[0] instanceof String sql) {
            return statement(ps, sql, c);
          }
          return result;
        });
  }

  private PreparedStatement statement(PreparedStatement ps, String sql, Connection physical) {
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
          boolean execute = method.getName().startsWith("execute");
          if (execute) {
            fire(sql, physical, true);
          }
          Object result = invoke(method, ps, args);
          if (execute) {
            fire(sql, physical, false);
          }
          return result;
        });
  }

  private void fire(String sql, Connection physical, boolean before) throws SQLException {
    Fault f = armed.get();
    String prefix = f == null ? null : f.afterSqlPrefix();
    if (f != null && prefix != null && f.before() == before && sql.startsWith(prefix)
        && armed.compareAndSet(f, null)) {
      f.breaker().breakConnection(physical);
    }
  }

  private static @Nullable Object invoke(Method m, Object target, Object @Nullable [] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
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
