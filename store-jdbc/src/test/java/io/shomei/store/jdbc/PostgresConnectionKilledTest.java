package io.shomei.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.shomei.testing.env.PostgresServer;
import javax.sql.DataSource;

/**
 * PostgreSQL: the server kills the backend of the transaction's connection
 * ({@code pg_terminate_backend}), as an operator or a failover would.
 */
class PostgresConnectionKilledTest extends AbstractConnectionKilledTest {
  private @org.jspecify.annotations.Nullable PgTestDatabase db;

  @Override
  DataSource freshUnpooledDatabase() {
    db = PgTestDatabase.create(2);
    return db.unpooled();
  }

  @Override
  void afterEach() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  FaultInjectingDataSource.Breaker killer() {
    return victim -> {
      int pid;
      try (Statement s = victim.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      PostgresServer server = PostgresServer.shared();
      try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"),
              server.user(), server.password());
          PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
        ps.setInt(1, pid);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            throw new SQLException("backend " + pid + " was not terminated");
          }
        }
      }
    };
  }
}
