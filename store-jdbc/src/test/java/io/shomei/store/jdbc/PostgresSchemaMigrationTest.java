package io.shomei.store.jdbc;

import io.shomei.testing.env.PostgresServer;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresSchemaMigrationTest extends AbstractSchemaMigrationTest {
  @Override
  DataSource emptyDatabase() {
    PostgresServer server = PostgresServer.shared();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(server.jdbcUrl(server.createDatabase()));
    ds.setUser(server.user());
    ds.setPassword(server.password());
    return ds;
  }

  @Override
  JdbcDialect expectedDialect() {
    return JdbcDialect.POSTGRESQL;
  }
}
