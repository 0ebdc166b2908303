/**
 * JDBC implementations of every storage SPI, for H2 and PostgreSQL.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.store.jdbc;

import org.jspecify.annotations.NullMarked;
