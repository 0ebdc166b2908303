/** Implementation of {@code io.shomei.core.migration}; not exported. */
@NullMarked
package io.shomei.core.internal.migration;

import org.jspecify.annotations.NullMarked;
