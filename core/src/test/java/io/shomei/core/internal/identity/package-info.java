@NullMarked
package io.shomei.core.internal.identity;

import org.jspecify.annotations.NullMarked;
