/** Tests: custody. */
@NullMarked
package io.shomei.core.custody;

import org.jspecify.annotations.NullMarked;
