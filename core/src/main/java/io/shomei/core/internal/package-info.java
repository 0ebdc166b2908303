/**
 * Implementation details; not exported, not API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal;

import org.jspecify.annotations.NullMarked;
