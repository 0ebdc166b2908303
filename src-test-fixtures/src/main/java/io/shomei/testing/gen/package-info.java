/**
 * Shomei test fixtures: gen.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.testing.gen;

import org.jspecify.annotations.NullMarked;
