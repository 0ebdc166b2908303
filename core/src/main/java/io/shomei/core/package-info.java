/**
 * Entry point of Shomei and the types every part shares (secrets, the exception root).
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core;

import org.jspecify.annotations.NullMarked;
