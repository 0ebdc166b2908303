/** Tests of the JDBC internals. */
@NullMarked
package io.shomei.core.internal.jdbc;

import org.jspecify.annotations.NullMarked;
