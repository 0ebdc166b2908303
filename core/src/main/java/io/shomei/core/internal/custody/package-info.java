/**
 * Implementation details of custody; not exported, not API.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core.internal.custody;

import org.jspecify.annotations.NullMarked;
