/**
 * JDBC implementations of every storage SPI, for H2 and PostgreSQL: {@link
 * io.shomei.store.jdbc.JdbcStorage} is the entry point. Only the SPI and {@code java.sql} are
 * needed; the engine ({@code io.shomei.core}) is not. The classes behind it (transactions with
 * bounded retries, SQLState mapping, schema migration, column codecs) are package-private.
 *
 * @since 0.2.0 (the same classes were in {@code io.shomei.core.store.jdbc} since 0.1.0)
 */
@NullMarked
package io.shomei.store.jdbc;

import org.jspecify.annotations.NullMarked;
