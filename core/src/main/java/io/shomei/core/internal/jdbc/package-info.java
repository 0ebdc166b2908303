/**
 * Internals of the JDBC stores: transactions with bounded retries, SQLState mapping, schema
 * migration and column codecs. Not exported, not API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal.jdbc;

import org.jspecify.annotations.NullMarked;
