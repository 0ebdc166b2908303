/**
 * Shomei test fixtures: memory.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.testing.memory;

import org.jspecify.annotations.NullMarked;
