package io.shomei.store.jdbc;

/**
 * The JDBC stores on a throwaway PostgreSQL 15 server with a pool of 8 connections pass every
 * contract suite.
 */
class PostgresStoresContractTest extends AbstractJdbcStoresContractTest {
  @Override
  TestDatabase open() {
    return PgTestDatabase.create(8);
  }
}
