/**
 * A Spring Boot host for Shomei: X.509 pre-authentication through Shomei's certificate acceptance,
 * the password step and first-login change through {@link io.shomei.core.Login}, and JDBC
 * storage on the Boot-managed {@code DataSource}.
 */
@NullMarked
package io.shomei.examples.springboot;

import org.jspecify.annotations.NullMarked;
