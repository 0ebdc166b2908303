/** Tests of the migration (inventory import) API. */
@NullMarked
package io.shomei.core.migration;

import org.jspecify.annotations.NullMarked;
