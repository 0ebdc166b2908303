/** Tests of the use cases and the {@code Shomei} entry point. */
@NullMarked
package io.shomei.core.flow;

import org.jspecify.annotations.NullMarked;
