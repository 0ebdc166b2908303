/** Tests of the JDBC stores on H2 and PostgreSQL. */
@NullMarked
package io.shomei.store.jdbc;

import org.jspecify.annotations.NullMarked;
