/**
 * Shomei's storage SPI on JDBC: H2 embedded, PostgreSQL in production. It depends on the SPI and
 * {@code java.sql} only, not on the engine.
 *
 * @since 0.2.0
 */
@org.jspecify.annotations.NullMarked
module io.shomei.store.jdbc {
  requires transitive io.shomei.spi;
  requires transitive java.sql;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports io.shomei.store.jdbc;
}
