/**
 * Shomei test fixtures.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.testing;

import org.jspecify.annotations.NullMarked;
