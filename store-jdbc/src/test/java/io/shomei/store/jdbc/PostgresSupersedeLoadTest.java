package io.shomei.store.jdbc;

/** The supersede race on PostgreSQL behind a pool of 8 connections. */
class PostgresSupersedeLoadTest extends AbstractSupersedeLoadTest {
  @Override
  TestDatabase open() {
    return PgTestDatabase.create(8);
  }
}
