/**
 * Shomei test fixtures: contract.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.testing.contract;

import org.jspecify.annotations.NullMarked;
