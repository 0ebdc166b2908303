@NullMarked
package io.shomei.core.identity;

import org.jspecify.annotations.NullMarked;
