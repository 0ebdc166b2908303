/** Tests: issue. */
@NullMarked
package io.shomei.core.issue;

import org.jspecify.annotations.NullMarked;
