/**
 * Internals of the use cases in {@code io.shomei.core.flow}; not exported, not API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal.flow;

import org.jspecify.annotations.NullMarked;
