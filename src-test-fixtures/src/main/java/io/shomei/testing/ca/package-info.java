/**
 * Shomei test fixtures: ca.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.testing.ca;

import org.jspecify.annotations.NullMarked;
