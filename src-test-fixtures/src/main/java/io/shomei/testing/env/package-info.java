/**
 * Shomei test fixtures: env.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.testing.env;

import org.jspecify.annotations.NullMarked;
